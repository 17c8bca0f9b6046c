/**
 * Error catalog, area `backup`: the integrator backup (ikincil saklama) service and its files.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

/** What is wrong in a backup package zip (`backup.packageWrong`). */
type BackupPackageProblem =
  | 'zipUnreadable'
  | 'entryName'
  | 'duplicateEntry'
  | 'tooManyEntries'
  | 'entryTooLarge'
  | 'entryUnreadable'
  | 'entryNotExtracted'
  | 'noManifest'
  | 'entryNotInManifest';
type PackageWrong = { problem: BackupPackageProblem; entry?: string; reason?: string; cause?: string };
const PACKAGE_PROBLEMS: Record<BackupPackageProblem, (p: PackageWrong) => Bilingual> = {
  zipUnreadable: (p) => ({ tr: `zip okunamadı (${p.cause})`, en: `zip unreadable (${p.cause})` }),
  entryName: (p) => ({
    tr: `izin verilmeyen girdi adı ${JSON.stringify(p.entry)} (${p.reason})`,
    en: `entry name not allowed ` + `${JSON.stringify(p.entry)} (${p.reason})`,
  }),
  duplicateEntry: (p) => ({ tr: `tekrarlanan girdi ${p.entry}`, en: `duplicate entry ${p.entry}` }),
  tooManyEntries: () => ({ tr: 'çok fazla girdi', en: 'too many entries' }),
  entryTooLarge: (p) => ({ tr: `${p.entry} çok büyük`, en: `${p.entry} too large` }),
  entryUnreadable: (p) => ({ tr: `${p.entry} okunamadı`, en: `${p.entry} unreadable` }),
  entryNotExtracted: (p) => ({ tr: `${p.entry} çıkarılamadı (${p.cause})`, en: `${p.entry} could not be extracted (${p.cause})` }),
  noManifest: () => ({ tr: 'manifest.json yok', en: 'no manifest.json' }),
  entryNotInManifest: (p) => ({ tr: `manifestoda olmayan girdi ${p.entry}`, en: `entry ${p.entry} not in the manifest` }),
};

/** What is wrong in a backup manifest (`backup.manifestWrong`). */
type BackupManifestProblem = 'notJson' | 'notObject' | 'format' | 'sourceNote' | 'fileCount' | 'roleMissing' | 'fileName' | 'size' | 'sha256';
type ManifestWrong = { problem: BackupManifestProblem; format?: string; role?: string; file?: string; want?: string };
const MANIFEST_PROBLEMS: Record<BackupManifestProblem, (p: ManifestWrong) => Bilingual> = {
  notJson: () => ({ tr: 'JSON okunamadı', en: 'not JSON' }),
  notObject: () => ({ tr: 'nesne değil', en: 'not an object' }),
  format: (p) => ({ tr: `biçim ${p.format}`, en: `format ${p.format}` }),
  sourceNote: () => ({ tr: 'kaynak notu eksik', en: 'source note missing' }),
  fileCount: () => ({ tr: 'altı dosya olmalı', en: 'must list six files' }),
  roleMissing: (p) => ({ tr: `${p.role} dosyası yok`, en: `no ${p.role} file` }),
  fileName: (p) => ({ tr: `${p.role} dosya adı ${p.file}, beklenen ${p.want}`, en: `${p.role} file name ${p.file}, expected ${p.want}` }),
  size: (p) => ({ tr: `${p.file} boyutu`, en: `${p.file} size` }),
  sha256: (p) => ({ tr: `${p.file} SHA-256 değeri`, en: `${p.file} SHA-256` }),
};

/** What the integrator answered with an HTTP error: status, its own code and its words. */
type Refusal = { origin: string; httpStatus: number; code?: string; said?: Bilingual };
const saidTr = (p: Refusal): string => (p.said?.tr ? ` Entegratörün yanıtı: ${p.said.tr}` : '');
const saidEn = (p: Refusal): string => (p.said?.en ? ` The integrator said: ${p.said.en}` : '');
const refusal: Refusal = { origin: 'https://entegrator.example', httpStatus: 401, said: { tr: 'oturum yok', en: 'no session' } };

/** A send that failed on every attempt (network, timeout, 5xx). */
type Unreachable = { origin: string; cause: string; operation: string; attempts: number; transient: true; httpStatus?: number };
const unreachable: Unreachable = { origin: 'https://entegrator.example', cause: 'ECONNREFUSED', operation: 'send', attempts: 4, transient: true };

/** A crossCheck problem (backup/crosscheck.ts): file, role, check and both texts. */
type CrossProblem = { file: string; role: string; check: string; tr: string; en: string };

/** `backup.*` entries. */
export const BACKUP = area('backup', {
  // --- settings and credentials
  'backup.vknInvalid': msg<{ vkn: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Geçersiz VKN/TCKN: ${p.vkn}`,
    en: (p) => `Invalid VKN/TCKN: ${p.vkn}`,
    sample: { vkn: '12345' },
  }),
  'backup.urlInvalid': msg<{ url: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Entegratör adresi geçersiz: ${p.url}`,
    en: (p) => `Invalid integrator URL: ${p.url}`,
    sample: { url: 'entegrator' },
  }),
  'backup.urlNotHttps': msg<{ origin: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Entegratör adresi HTTPS olmalı: ${p.origin}`,
    en: (p) => `The integrator URL must use HTTPS: ${p.origin}`,
    sample: { origin: 'http://entegrator.example' },
  }),
  'backup.credentialsRequired': msg({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: () => 'Entegratör kullanıcı adı ve şifresi zorunludur (edefter backup config ile girin)',
    en: () => 'The integrator user name and password are required (set them with edefter backup config)',
  }),
  'backup.credentialsMandatory': msg<{ vkn: string }>({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: () => 'Dosyaları Entegratöre Yedekleyebilir seçildiğinde entegratör kullanıcı adı ve şifresi zorunludur.',
    en: () => 'When backup to the integrator is enabled, the integrator user name and password are mandatory.',
    sample: { vkn: '6090408038' },
  }),
  'backup.credentialsDropped': msg<{ vkn: string; reason: 'url-changed' }>({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: () => 'Entegratör adresi değişti: kayıtlı kullanıcı adı ve şifre yeni adrese taşınmaz; ikisini de yeniden girin.',
    en: () => 'The integrator address changed: the stored user name and password do not carry over to the new address; enter both again.',
    sample: { vkn: '6090408038', reason: 'url-changed' },
  }),
  'backup.credentialsMissing': msg<{ vkn: string }>({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: (p) => `${p.vkn} için entegratör kullanıcı adı veya şifresi kayıtlı değil (edefter backup config).`,
    en: (p) => `No integrator user name or password stored for ${p.vkn} (edefter backup config).`,
    sample: { vkn: '6090408038' },
  }),
  'backup.notEnabled': msg<{ vkn: string }>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `${p.vkn} için entegratöre yedekleme açık değil ("Dosyaları Entegratöre Yedekleyebilir"). edefter backup config ile açın.`,
    en: (p) => `Backup to the integrator is not enabled for ${p.vkn}. Enable it with edefter backup config.`,
    sample: { vkn: '6090408038' },
  }),
  'backup.noUrl': msg<{ vkn: string }>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: () => 'Entegratör adresi ayarlanmamış (edefter backup config --url).',
    en: () => 'No integrator URL configured (edefter backup config --url).',
    sample: { vkn: '6090408038' },
  }),
  // --- the month part and its files
  'backup.refFieldInvalid': msg<{ field: string; value: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Geçersiz ${p.field}: ${p.value}`,
    en: (p) => `Invalid ${p.field}: ${p.value}`,
    sample: { field: 'dönem (YYYYMM) / period', value: '"202613"' },
  }),
  'backup.filesMissing': msg<{ missing: readonly string[]; monthDir: string }>({
    code: ErrorCode.EmptyFile,
    retriable: false,
    tr: (p) => `Yedekleme için gereken dosyalar bulunamadı veya boş: ${p.missing.join(', ')} (${p.monthDir})`,
    en: (p) => `Files needed for the backup are missing or empty: ${p.missing.join(', ')} (${p.monthDir})`,
    sample: { missing: ['GIB-6090408038-202601-YB-000000.xml'], monthDir: '/defterler/6090408038/2026/01' },
  }),
  'backup.monthFolderUnknown': msg<{ vkn: string; period: string; part: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.vkn} ${p.period} ${p.part} için ay klasörü iş akışında kayıtlı değil; klasörü belirtin (--dir).`,
    en: (p) => `The month folder of ${p.vkn} ${p.period} ${p.part} is not recorded in the workflow; give it (--dir).`,
    sample: { vkn: '6090408038', period: '202601', part: '000000' },
  }),
  'backup.approvedNotDownloaded': msg<{ period: string; part: string; monthDir: string }>({
    code: ErrorCode.EmptyFile,
    retriable: false,
    tr: (p) => `${p.period} dönemi ${p.part} parçasının GİB onaylı beratları henüz indirilmedi; yedekleme onaylı beratlar indirildikten sonra yapılabilir.`,
    en: (p) => `The GİB-approved berats of ${p.period} part ${p.part} are not downloaded yet; backup is possible once they are.`,
    sample: { period: '202601', part: '000000', monthDir: '/defterler/6090408038/2026/01' },
  }),
  'backup.notSentYet': msg<{ period: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.period} dönemi henüz entegratöre gönderilmedi; önce Yedekleme › Gönder.`,
    en: (p) => `${p.period} has not been sent to the integrator yet; use Yedekleme › Gönder first.`,
    sample: { period: '202601' },
  }),
  'backup.resumePackageGone': msg({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: () => 'Yarım kalan gönderimin paketi bulunamadı; lütfen tekrar gönderin.',
    en: () => 'The package of the interrupted send is gone; please send again.',
  }),
  'backup.xmlDoctype': msg<{ file: string }>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: (p) => `${p.file}: DOCTYPE içeren XML kabul edilmez`,
    en: (p) => `${p.file}: XML with a DOCTYPE is refused`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  'backup.fileNotFound': msg<{ file: string }>({
    code: ErrorCode.EmptyFile,
    retriable: false,
    tr: (p) => `Dosya bulunamadı: ${p.file}`,
    en: (p) => `File not found: ${p.file}`,
    sample: { file: '/ay/6090408038-202601-Y-000000.xml' },
  }),
  'backup.xmlMalformed': msg<{ file: string; cause: string }>({
    code: ErrorCode.NotXml,
    retriable: false,
    tr: (p) => `${p.file} geçerli bir XML değil: ${p.cause}`,
    en: (p) => `${p.file} is not well-formed XML: ${p.cause}`,
    sample: { file: '/ay/6090408038-202601-Y-000000.xml', cause: 'Unclosed root tag' },
  }),
  'backup.crossCheckFailed': msg<{ files: readonly string[]; problems: readonly CrossProblem[] }>({
    code: ErrorCode.CrossCheckFailed,
    retriable: false,
    tr: (p) => `Çapraz doğrulama başarısız, yedek gönderilmedi: ${p.problems[0]?.tr}${p.problems.length > 1 ? ` (+${p.problems.length - 1})` : ''}`,
    en: (p) => `Cross check failed, nothing was sent: ${p.problems[0]?.en}${p.problems.length > 1 ? ` (+${p.problems.length - 1})` : ''}`,
    sample: {
      files: ['6090408038-202601-YB-000000.xml'],
      problems: [{ file: '6090408038-202601-YB-000000.xml', role: 'YB', check: 'signature', tr: 'imza geçersiz', en: 'signature invalid' }],
    },
  }),
  // --- the backup package (zip + manifest)
  'backup.packageWrong': msg<PackageWrong>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Yedek paketi hatalı: ${PACKAGE_PROBLEMS[p.problem](p).tr}`,
    en: (p) => `Backup package is wrong: ${PACKAGE_PROBLEMS[p.problem](p).en}`,
    sample: { problem: 'entryName', entry: '../x', reason: '..' },
  }),
  'backup.packageUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Yedek paketi okunamadı: ${p.file} (${p.cause})`,
    en: (p) => `Cannot read backup package ${p.file} (${p.cause})`,
    sample: { file: '/yedek/6090408038-202601-000000.zip', cause: 'no manifest.json' },
  }),
  'backup.manifestWrong': msg<ManifestWrong>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Yedek paketi manifestosu hatalı: ${MANIFEST_PROBLEMS[p.problem](p).tr}`,
    en: (p) => `Backup package manifest is wrong: ${MANIFEST_PROBLEMS[p.problem](p).en}`,
    sample: { problem: 'fileName', role: 'YB', file: 'a.xml', want: '6090408038-202601-YB-000000.xml' },
  }),
  'backup.packageFileMissing': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Pakette ${p.file} dosyası yok`,
    en: (p) => `The package has no ${p.file}`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  'backup.fileDiffersFromManifest': msg<{ file: string; expected: { bytes: number; sha256: string }; actual: { bytes: number; sha256: string } }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file} dosyası manifestodaki boyut/SHA-256 ile uyuşmuyor`,
    en: (p) => `${p.file} does not match the size/SHA-256 in the manifest`,
    sample: { file: '6090408038-202601-Y-000000.xml', expected: { bytes: 10, sha256: 'ab' }, actual: { bytes: 11, sha256: 'cd' } },
  }),
  // --- the integrator's HTTP service
  'backup.integratorUnreachable': msg<Unreachable>({
    code: ErrorCode.BackupError,
    retriable: true,
    tr: (p) => `Entegratöre ulaşılamadı (${p.origin}, ${p.cause}); ${p.attempts} deneme yapıldı. Daha sonra tekrar gönderin.`,
    en: (p) => `The integrator could not be reached (${p.origin}, ${p.cause}) after ${p.attempts} attempts. Send again later.`,
    sample: unreachable,
  }),
  'backup.integratorTimeout': msg<Unreachable>({
    code: ErrorCode.Timeout,
    retriable: true,
    tr: (p) => `Entegratöre ulaşılamadı (${p.origin}, ${p.cause}); ${p.attempts} deneme yapıldı. Daha sonra tekrar gönderin.`,
    en: (p) => `The integrator could not be reached (${p.origin}, ${p.cause}) after ${p.attempts} attempts. Send again later.`,
    sample: { ...unreachable, cause: 'timeout' },
  }),
  'backup.integratorAuthFailed': msg<Refusal>({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: (p) => `Entegratör kullanıcı adı veya şifresi hatalı (${p.origin}). Yedekleme ayarlarından bilgileri kontrol edin.${saidTr(p)}`,
    en: (p) => `Wrong integrator user name or password (${p.origin}). Check the backup settings.${saidEn(p)}`,
    sample: refusal,
  }),
  'backup.integratorForbidden': msg<Refusal>({
    code: ErrorCode.BackupAuthFailed,
    retriable: false,
    tr: (p) => `Entegratör kullanıcısının bu işlem için yetkisi yok (${p.origin}).${saidTr(p)}`,
    en: (p) => `The integrator user is not allowed to do this (${p.origin}).${saidEn(p)}`,
    sample: { ...refusal, httpStatus: 403 },
  }),
  'backup.integratorNotFound': msg<Refusal>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Entegratörde kayıt bulunamadı.${saidTr(p)}`,
    en: (p) => `Not found at the integrator.${saidEn(p)}`,
    sample: { ...refusal, httpStatus: 404 },
  }),
  'backup.integratorTooLarge': msg<Refusal>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Yedek paketi entegratörün kabul ettiği boyutu aşıyor.${saidTr(p)}`,
    en: (p) => `The backup package is larger than the integrator accepts.${saidEn(p)}`,
    sample: { ...refusal, httpStatus: 413 },
  }),
  'backup.integratorRefused': msg<Refusal>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Entegratör isteği reddetti (HTTP ${p.httpStatus}).${saidTr(p)}`,
    en: (p) => `The integrator refused the request (HTTP ${p.httpStatus}).${saidEn(p)}`,
    sample: { ...refusal, httpStatus: 400 },
  }),
  'backup.answerNoId': msg({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: () => 'Entegratör yanıtı anlaşılamadı (id/status yok)',
    en: () => 'Unexpected integrator answer (no id/status)',
  }),
  'backup.answerUnknownStatus': msg<{ status: string }>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Entegratör bilinmeyen bir durum bildirdi: ${p.status}`,
    en: (p) => `The integrator reported an unknown status: ${p.status}`,
    sample: { status: 'LOST' },
  }),
  'backup.answerInvalid': msg({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: () => 'Entegratör yanıtı geçersiz',
    en: () => 'Invalid integrator answer',
  }),
  'backup.answerNotJson': msg({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: () => 'Entegratör yanıtı JSON değil',
    en: () => 'The integrator answer is not JSON',
  }),
  'backup.tlsUnverified': msg<{ code: string }>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Entegratörün TLS sertifikası doğrulanamadı (${p.code}). Adresi ve güvenilen sertifikaları kontrol edin.`,
    en: (p) => `The integrator's TLS certificate could not be verified (${p.code}). Check the URL and trusted certificates.`,
    sample: { code: 'SELF_SIGNED_CERT_IN_CHAIN' },
  }),
  'backup.connectionError': msg<{ cause: string; code?: string }>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Entegratör bağlantı hatası: ${p.cause}`,
    en: (p) => `Integrator connection error: ${p.cause}`,
    sample: { cause: 'unexpected end', code: 'EPROTO' },
  }),
});
