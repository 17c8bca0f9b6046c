/**
 * Error catalog, area `token`: the PKCS#11 token (module, slot, PIN, pinpad, keys) and its worker.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/**
 * Facts a token error may carry (never a PIN). `module` is a local path: the bridge's client-error
 * scrub drops it before an error leaves for the extension.
 */
export type TokenFacts = {
  module?: string;
  tokenLabel?: string;
  certId?: string;
  slotId?: string;
  operation?: string;
  /** CKR_* name of the failed call */
  ckr?: string;
  /** PKCS#11 function that failed */
  method?: string;
  /** raw worker message (English, for logs) */
  reason?: string;
};

/** What the PIN counter flags say (PKCS#11 gives flags, not a number). */
export type PinCounter = { retriesLeft?: number; pinCountLow?: boolean; pinFinalTry?: boolean; pinLocked?: boolean };

const SAMPLE: TokenFacts = { tokenLabel: 'AKİS', certId: '01', operation: 'sign' };

/** `token.*` entries. */
export const TOKEN = area('token', {
  'token.pinIncorrect': msg<TokenFacts & PinCounter>({
    code: ErrorCode.PinIncorrect,
    retriable: false,
    tr: (p) =>
      'PIN hatalı.' +
      (p.pinFinalTry
        ? ' Son deneme hakkınız kaldı: bir kez daha yanlış girilirse kart kilitlenir.'
        : p.pinCountLow
          ? ' Deneme hakkınız azaldı; kart birkaç yanlış denemeden sonra kilitlenir.'
          : ''),
    en: (p) =>
      'Incorrect PIN.' +
      (p.pinFinalTry
        ? ' One try left: one more wrong PIN locks the card.'
        : p.pinCountLow
          ? ' Few tries left; the card locks after a few more wrong PINs.'
          : ''),
    sample: { ...SAMPLE, retriesLeft: 1, pinCountLow: true, pinFinalTry: true, pinLocked: false },
  }),
  'token.pinLocked': msg<TokenFacts & PinCounter>({
    code: ErrorCode.PinLocked,
    retriable: false,
    tr: () => 'PIN kilitlendi. Kartın PUK kodu ile kilidi açılmalı (kartı veren kuruma başvurun).',
    en: () => 'The PIN is locked. Unlock the card with its PUK (ask the card issuer).',
    sample: { ...SAMPLE, retriesLeft: 0, pinLocked: true },
  }),
  'token.pinInvalid': msg<TokenFacts & PinCounter>({
    code: ErrorCode.PinIncorrect,
    retriable: false,
    tr: () => 'PIN uzunluğu veya karakterleri geçersiz.',
    en: () => 'The PIN has an invalid length or characters.',
  }),
  'token.pinExpired': msg<TokenFacts>({
    code: ErrorCode.PinLocked,
    retriable: false,
    tr: () => 'PIN süresi dolmuş; kart yazılımıyla yeni PIN belirleyin.',
    en: () => 'The PIN has expired; set a new PIN with the card software.',
  }),
  'token.pinNotInitialized': msg<TokenFacts>({
    code: ErrorCode.PinLocked,
    retriable: false,
    tr: () => 'Kartın kullanıcı PIN’i tanımlanmamış.',
    en: () => 'The user PIN of the card is not initialized.',
  }),
  'token.pinpadCancelled': msg<TokenFacts>({
    code: ErrorCode.PinpadCancelled,
    retriable: false,
    tr: () => 'İşlem kart okuyucusunda iptal edildi.',
    en: () => 'The operation was cancelled on the card reader.',
  }),
  'token.loggedOut': msg<TokenFacts>({
    code: ErrorCode.PinRequired,
    retriable: false,
    tr: () => 'Kart oturumu kapandı (başka bir işlemde PIN hatalı girilmiş olabilir); PIN’i yeniden girin.',
    en: () => 'The card session was logged out (a wrong PIN may have been entered elsewhere); enter the PIN again.',
  }),
  'token.noPinPad': msg<TokenFacts>({
    code: ErrorCode.PinRequired,
    retriable: false,
    tr: () => 'PIN gerekli: bu kart okuyucusunda tuş takımı yok.',
    en: () => 'PIN required: this reader has no PIN pad.',
  }),
  'token.removed': msg<TokenFacts>({
    code: ErrorCode.TokenRemoved,
    retriable: false,
    tr: () => 'Kart çıkarıldı veya oturum kapandı. Kartı takıp tekrar deneyin.',
    en: () => 'The card was removed or the session closed. Insert the card and try again.',
  }),
  'token.sessionEnded': msg<TokenFacts>({
    code: ErrorCode.TokenRemoved,
    retriable: false,
    tr: () => 'Kart oturumu sona erdi; yeniden açın.',
    en: () => 'The token session has ended; open it again.',
  }),
  'token.notFound': msg<TokenFacts>({
    code: ErrorCode.TokenNotFound,
    retriable: false,
    tr: () => 'Akıllı kart / token bulunamadı. Kartın takılı olduğunu kontrol edin.',
    en: () => 'Smart card / token not found. Check that the card is inserted.',
  }),
  'token.noneWithLabel': msg<{ tokenLabel?: string; present: readonly string[] }>({
    code: ErrorCode.TokenNotFound,
    retriable: false,
    tr: (p) =>
      p.tokenLabel ? `"${p.tokenLabel}" etiketli kart bulunamadı. Kartın takılı olduğunu kontrol edin.` : 'Takılı bir akıllı kart / token bulunamadı.',
    en: (p) => (p.tokenLabel ? `No token labelled "${p.tokenLabel}" is present. Check that the card is inserted.` : 'No smart card / token is present.'),
    sample: { tokenLabel: 'AKİS', present: ['SafeNet'] },
  }),
  'token.severalPresent': msg<{ present: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Birden fazla kart takılı (${p.present.join(', ')}); kullanılacak kartı etiketiyle seçin (--token).`,
    en: (p) => `Several tokens are present (${p.present.join(', ')}); choose one by label (--token).`,
    sample: { present: ['AKİS', 'SafeNet'] },
  }),
  'token.moduleNotFound': msg<TokenFacts>({
    code: ErrorCode.ModuleNotFound,
    retriable: false,
    tr: () => 'PKCS#11 modülü bulunamadı veya yüklenemedi.',
    en: () => 'PKCS#11 module not found or could not be loaded.',
  }),
  'token.noModule': msg({
    code: ErrorCode.ModuleNotFound,
    retriable: false,
    tr: () => 'Kart sürücüsü (PKCS#11 modülü) bulunamadı. AKİS, SafeNet veya OpenSC sürücüsünü kurun ya da EDEFTER_PKCS11_MODULE ile yolunu verin.',
    en: () => 'No PKCS#11 module found. Install the AKİS, SafeNet or OpenSC middleware, or set EDEFTER_PKCS11_MODULE to its path.',
  }),
  'token.privateKeyNotFound': msg<TokenFacts>({
    code: ErrorCode.KeyNotFound,
    retriable: false,
    tr: () => 'Sertifikaya ait özel anahtar kartta bulunamadı.',
    en: () => 'The private key of the certificate was not found on the card.',
  }),
  'token.keyUnusable': msg<TokenFacts>({
    code: ErrorCode.KeyNotFound,
    retriable: false,
    tr: () => 'Kart üzerindeki anahtar bu imza için kullanılamıyor.',
    en: () => 'The key on the card cannot be used for this signature.',
  }),
  'token.keyMismatch': msg<TokenFacts>({
    code: ErrorCode.KeyNotFound,
    retriable: false,
    tr: () => 'Karttaki özel anahtar sertifikayla eşleşmiyor (imza doğrulanamadı).',
    en: () => 'The private key on the card does not match the certificate (signature does not verify).',
  }),
  'token.certificateNotOnToken': msg<{ certId: string; tokenLabel: string; present: readonly string[] }>({
    code: ErrorCode.KeyNotFound,
    retriable: false,
    tr: (p) => `"${p.certId}" kimlikli sertifika "${p.tokenLabel}" kartında bulunamadı.`,
    en: (p) => `No certificate with id "${p.certId}" on token "${p.tokenLabel}".`,
    sample: { certId: '02', tokenLabel: 'AKİS', present: ['01'] },
  }),
  'token.noSigningCertificate': msg<{ tokenLabel: string }>({
    code: ErrorCode.KeyNotFound,
    retriable: false,
    tr: (p) => `"${p.tokenLabel}" kartında imza sertifikası yok.`,
    en: (p) => `Token "${p.tokenLabel}" holds no signing certificate.`,
    sample: { tokenLabel: 'AKİS' },
  }),
  'token.signerClosed': msg<TokenFacts>({
    code: ErrorCode.TokenError,
    retriable: false,
    tr: () => 'İmzalayıcı kapatıldı.',
    en: () => 'The signer has been closed.',
  }),
  'token.badEcdsaSignature': msg<TokenFacts & { reason: string }>({
    code: ErrorCode.TokenError,
    retriable: false,
    tr: () => 'Kart beklenmeyen biçimde bir ECDSA imzası döndürdü.',
    en: (p) => `The token returned a malformed ECDSA signature: ${p.reason}`,
    sample: { ...SAMPLE, reason: 'bad length 95' },
  }),
  'token.communicationFailed': msg<TokenFacts & { reason: string }>({
    code: ErrorCode.TokenError,
    retriable: false,
    tr: () => 'Kart ile iletişimde hata oluştu.',
    en: (p) => `Token communication failed: ${p.reason}`,
    sample: { reason: 'PKCS#11 worker exited (1)' },
  }),
  'token.operationFailed': msg<TokenFacts & { ckr: string }>({
    code: ErrorCode.TokenError,
    retriable: false,
    tr: () => 'Kart işlemi başarısız oldu.',
    en: (p) => `Token operation failed (${p.ckr}).`,
    sample: { ...SAMPLE, ckr: 'CKR_DEVICE_ERROR', method: 'C_Sign' },
  }),
});
