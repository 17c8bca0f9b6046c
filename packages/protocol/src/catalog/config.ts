/**
 * Error catalog, area `config`: the bridge configuration (config.json, secrets, trust PEM files).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

/** Why the OS keychain failed, as far as its message tells (bridge config/keychain-errors.ts classifies). */
export type KeychainProblem = 'no-library' | 'no-session-bus' | 'no-secret-service' | 'locked' | 'denied' | 'not-found' | 'unknown';

/** The plain-words explanation of each keychain problem (also used in notices, not only errors). */
export const KEYCHAIN_TEXTS: Readonly<Record<KeychainProblem, Bilingual>> = {
  'no-library': {
    tr: 'İşletim sistemi anahtarlığı bileşeni bu kurulumda yok.',
    en: 'The OS keychain component is missing from this installation.',
  },
  'no-session-bus': {
    tr: 'İşletim sistemi anahtarlığına ulaşılamadı: oturumda D-Bus yok (ör. SSH ya da masaüstü dışı oturum). Masaüstü oturumunda köprüyü yeniden başlatın.',
    en: 'The OS keychain cannot be reached: the session has no D-Bus (e.g. SSH or a non-desktop session). Restart the bridge in a desktop session.',
  },
  'no-secret-service': {
    tr: 'İşletim sistemi anahtarlığı çalışmıyor: Secret Service (GNOME Anahtarlık, KWallet ya da KeePassXC) açık değil. Birini kurup açın ve yeniden deneyin.',
    en: 'The OS keychain is not running: no Secret Service (GNOME Keyring, KWallet or KeePassXC). Install or start one and try again.',
  },
  locked: {
    tr: 'İşletim sistemi anahtarlığı kilitli ya da kilit açma isteği kapatıldı. Anahtarlığın kilidini açıp yeniden deneyin.',
    en: 'The OS keychain is locked or its unlock prompt was dismissed. Unlock the keychain and try again.',
  },
  denied: {
    tr: 'İşletim sistemi anahtarlığı erişime izin vermedi. Anahtarlık uygulamasında e-Defter köprüsüne izin verin.',
    en: 'The OS keychain refused access. Allow the e-Defter bridge in the keychain application.',
  },
  'not-found': {
    tr: 'Parola işletim sistemi anahtarlığında bulunamadı; ayarlardan yeniden girin.',
    en: 'The password is not in the OS keychain; enter it again in the settings.',
  },
  unknown: {
    tr: 'İşletim sistemi anahtarlığı kullanılamadı.',
    en: 'The OS keychain could not be used.',
  },
};

/** `config.*` entries. */
export const CONFIG = area('config', {
  'config.settingsNotJson': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Ayar dosyası okunamadı (geçersiz JSON): ${p.file}`,
    en: (p) => `Settings file is not valid JSON: ${p.file}`,
    sample: { file: '~/.config/edefter/config.json' },
  }),
  'config.settingsNotObject': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Ayar dosyası bir JSON nesnesi değil: ${p.file}`,
    en: (p) => `Settings file is not a JSON object: ${p.file}`,
    sample: { file: '~/.config/edefter/config.json' },
  }),
  'config.credentialStoreInvalid': msg<{ value: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `EDEFTER_CREDENTIAL_STORE geçersiz: ${p.value} (auto | keychain | file)`,
    en: (p) => `Invalid EDEFTER_CREDENTIAL_STORE: ${p.value} (auto | keychain | file)`,
    sample: { value: 'vault' },
  }),
  'config.keychainUnusable': msg<{ keychain: KeychainProblem; cause?: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => KEYCHAIN_TEXTS[p.keychain].tr,
    en: (p) => KEYCHAIN_TEXTS[p.keychain].en,
    sample: { keychain: 'no-secret-service', cause: 'org.freedesktop.DBus.Error.ServiceUnknown' },
  }),
  'config.secretsFileOpen': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Parola dosyasını başkaları da okuyabiliyor; kullanmıyorum. İzinleri düzeltin: chmod 600 ${p.file}`,
    en: (p) => `The password file is readable by others; refusing to use it. Fix it with: chmod 600 ${p.file}`,
    sample: { file: '~/.config/edefter/secrets.json' },
  }),
  'config.credentialRefInvalid': msg<{ ref: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Geçersiz parola referansı: ${p.ref}`,
    en: (p) => `Invalid credential reference: ${p.ref}`,
    sample: { ref: 'vault:tsa' },
  }),
  'config.noPemCertificate': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Sertifika bulunamadı: "-----BEGIN CERTIFICATE-----" ile başlayan PEM metni yapıştırın ya da .pem dosyası seçin.',
    en: () => 'No certificate found: paste PEM text starting with "-----BEGIN CERTIFICATE-----" or pick a .pem file.',
  }),
  'config.pemCertificateUnreadable': msg<{ index: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `PEM metnindeki ${p.index}. sertifika okunamadı.`,
    en: (p) => `Certificate ${p.index} of the PEM text cannot be read.`,
    sample: { index: 2 },
  }),
  'config.settingsInvalid': msg<{ file: string; problems: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Ayar dosyasında geçersiz değer: ${p.file} (${p.problems})`,
    en: (p) => `Settings file has an invalid value: ${p.file} (${p.problems})`,
    sample: { file: '~/.config/edefter-bridge/config.json', problems: 'gib.retries: expected number' },
  }),
  'config.trustFileUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Sertifika dosyası okunamadı: ${p.file}`,
    en: (p) => `Cannot read certificate file: ${p.file}`,
    sample: { file: 'kok.pem', cause: 'ENOENT' },
  }),
  'config.trustFileEmpty': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Dosyada sertifika bulunamadı: ${p.file}`,
    en: (p) => `No certificate found in ${p.file}`,
    sample: { file: 'kok.pem' },
  }),
  'config.settingsEnvInvalid': msg<{ name: string; problems: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Ortam değişkeni ${p.name} geçersiz: ${p.problems}`,
    en: (p) => `Environment variable ${p.name} is invalid: ${p.problems}`,
    sample: { name: 'EDEFTER_SETTINGS', problems: 'not valid JSON' },
  }),
});
