/**
 * Error catalog, area `extension`: the browser extension (service worker actions, consent windows, settings).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `extension.*` entries. */
export const EXTENSION = area('extension', {
  'extension.noAnswer': msg({
    code: ErrorCode.Internal,
    retriable: false,
    tr: () => 'Eklenti yanıt vermedi.',
    en: () => 'The extension did not answer.',
  }),
  'extension.nativeHostMissing': msg<{ host: string; reason?: string; message?: string }>({
    code: ErrorCode.PairingRejected,
    retriable: false,
    tr: (p) => `Köprünün yerel yardımcısı (${p.host}) bu tarayıcıda kayıtlı değil.`,
    en: (p) => `The bridge's native-messaging host (${p.host}) is not registered for this browser.`,
    sample: { host: 'tr.edefter.bridge', reason: 'native-host-missing' },
  }),
  'extension.nativeHostFailed': msg<{ reason?: string; message?: string }>({
    code: ErrorCode.BridgeUnavailable,
    retriable: true,
    tr: () => 'Köprünün yerel yardımcısı yanıt vermedi. Köprü ("edefter bridge") çalışıyor mu?',
    en: () => 'The bridge\u2019s native-messaging host did not answer. Is the bridge ("edefter bridge") running?',
  }),
  'extension.pairCodeInvalid': msg<{ field: 'code' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Kod 8 karakter olmalı (harfler ve 2–9 rakamları).',
    en: () => 'The code has 8 characters (letters and the digits 2–9).',
    sample: { field: 'code' },
  }),
  'extension.backupAddressChanged': msg<{ vkn: string; reason: 'url-changed' }>({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: () => 'Entegratör adresi değişti: kayıtlı kullanıcı adı ve şifre yeni adrese taşınmaz; ikisini de yeniden girin.',
    en: () => 'The integrator address changed: the stored user name and password do not carry over to the new address; enter both again.',
    sample: { vkn: '6090408038', reason: 'url-changed' },
  }),
  'extension.siteInvalid': msg<{ origin: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Geçersiz site adresi: https://alan-adi biçiminde olmalı.',
    en: () => 'Invalid site: must look like https://host.',
    sample: { origin: 'http://portal' },
  }),
  'extension.pinBlocked': msg<{ token: string }>({
    code: ErrorCode.PinLocked,
    retriable: false,
    tr: () => 'PIN blokeli: kartın PUK koduyla açılması gerekir.',
    en: () => 'The PIN is locked: unblock the card with its PUK.',
    sample: { token: 'AKİS' },
  }),
  'extension.lastTryNotConfirmed': msg<{ finalTry: boolean; reason: 'last-try-not-confirmed' }>({
    code: ErrorCode.PinRequired,
    retriable: false,
    tr: () => 'PIN deneme hakkı azaldı: denemek için "son deneme" kutusunu işaretleyin.',
    en: () => 'PIN tries are low: tick the "last try" box to continue.',
    sample: { finalTry: true, reason: 'last-try-not-confirmed' },
  }),
  'extension.pinTooShort': msg({
    code: ErrorCode.PinRequired,
    retriable: false,
    tr: () => 'PIN girin (en az 4 hane).',
    en: () => 'Enter the PIN (at least 4 digits).',
  }),
  'extension.approvedDigestMismatch': msg<{ reason: 'approved-digest-mismatch' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Onaylanan belge özeti gösterilen belgeyle uyuşmuyor.',
    en: () => 'The approved digest does not match the document shown.',
    sample: { reason: 'approved-digest-mismatch' },
  }),
  'extension.approvedMonthDigestsMismatch': msg<{ reason: 'approved-digest-mismatch' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Onaylanan belge özetleri ayın belgeleriyle uyuşmuyor.',
    en: () => "The approved digests do not match the month's documents.",
    sample: { reason: 'approved-digest-mismatch' },
  }),
});
