/**
 * Error catalog, area `update`: `edefter update --check`, the signed release manifest (bridge/src/update/).
 * The check never downloads or runs a binary; these errors say why a manifest was not believed or not read.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `update.*` entries. */
export const UPDATE = area('update', {
  'update.unreachable': msg<{ source: string; reason: string }>({
    code: ErrorCode.UpdateUnavailable,
    retriable: true,
    tr: (p) => `Sürüm bildirimi okunamadı (${p.source}): ${p.reason}. Güncelleme denetlenemedi; bağlantıyı denetleyip yeniden deneyin.`,
    en: (p) => `Could not read the release manifest (${p.source}): ${p.reason}. No update check was made; check the connection and try again.`,
    sample: { source: 'https://edefter.invalid/releases/latest.json', reason: 'ECONNREFUSED' },
  }),
  'update.signatureMissing': msg<{ source: string }>({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: (p) => `Sürüm bildiriminin imzası yok (${p.source}): imzasız bildirime güvenilmez, reddedildi.`,
    en: (p) => `The release manifest has no signature (${p.source}): an unsigned manifest is not trusted and was refused.`,
    sample: { source: 'https://edefter.invalid/releases/latest.json.sig' },
  }),
  'update.signatureInvalid': msg<{ source: string }>({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: (p) =>
      `Sürüm bildiriminin imzası yayın anahtarıyla doğrulanamadı (${p.source}): ` + 'bildirim değiştirilmiş ya da başka bir anahtarla imzalanmış, reddedildi.',
    en: (p) =>
      `The release manifest's signature does not verify with the release key (${p.source}): ` +
      'the manifest was altered or signed with another key, and was refused.',
    sample: { source: '/tmp/latest.json' },
  }),
  'update.manifestInvalid': msg<{ source: string; problem: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Sürüm bildirimi imzalı ama biçimi geçersiz (${p.source}): ${p.problem}`,
    en: (p) => `The release manifest is signed but malformed (${p.source}): ${p.problem}`,
    sample: { source: '/tmp/latest.json', problem: 'version: not a semantic version' },
  }),
  'update.publicKeyInvalid': msg<{ reason: string }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: (p) => `Derlemedeki yayın açık anahtarı kullanılamıyor: ${p.reason}`,
    en: (p) => `The release public key compiled into this build is unusable: ${p.reason}`,
    sample: { reason: 'rsa keys are not accepted (Ed25519 or ECDSA P-256)' },
  }),
});
