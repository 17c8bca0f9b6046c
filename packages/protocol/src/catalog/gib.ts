/**
 * Error catalog, area `gib`: GİB e-Defter services (SOAP, packages, berat download, clock, session).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 *
 * The GİB web service codes (GİB-WS v1.7 §4: sendDocumentFile 1xx, receiveDocumentFile 2xx,
 * getBatchStatus 3xx) are {@link GIB_SERVICE_CODES}; each code names the `gib.service*` entry that
 * raises it, so the wire code and `retriable` of a GİB code are decided here, once.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

/** Last path segment (`/a/b/x.xml` → `x.xml`), without node:path (this file also runs in browsers). */
const base = (f: string): string => f.split(/[\\/]/).pop() ?? f;

/** The `gib.service*` keys a GİB code maps to. */
export type GibServiceKey = 'gib.serviceUnauthorized' | 'gib.serviceFault' | 'gib.serviceUnavailable' | 'gib.serviceRefused' | 'gib.serviceNotReady';

/** One GİB web service code: its meaning in both languages and the catalog entry that raises it. */
export interface GibServiceCode extends Bilingual {
  readonly key: GibServiceKey;
}

/** The codes published in GİB-WS §4 (source: GİB e-Defter web servis kılavuzu v1.7 §4). */
export const GIB_SERVICE_CODES: Readonly<Record<number, GibServiceCode>> = Object.freeze({
  101: { tr: 'Kullanıcı kodu bulunamadı.', en: 'User code not found.', key: 'gib.serviceUnauthorized' },
  102: {
    tr: 'Kullanıcının yetkisi yok (test ortamında EDefter.Testmatik, canlı ortamda paketin VKN’si için EDefter.Uygulama rolü gerekir).',
    en: 'The user lacks the role (EDefter.Testmatik on test, EDefter.Uygulama for the package VKN in production).',
    key: 'gib.serviceUnauthorized',
  },
  103: { tr: 'Paket eki (attachment) boş.', en: 'The attachment is null.', key: 'gib.serviceFault' },
  104: { tr: 'Paket adı boş.', en: 'The package name is empty.', key: 'gib.serviceFault' },
  105: { tr: 'Paket içeriği boş.', en: 'The package content is empty.', key: 'gib.serviceFault' },
  106: { tr: 'Paket azami boyutu aşıyor.', en: 'The package exceeds the maximum size.', key: 'gib.serviceFault' },
  107: { tr: 'Paket verisi okunamadı (DataHandler hatası).', en: 'The package data could not be read (DataHandler error).', key: 'gib.serviceFault' },
  108: { tr: 'Geçersiz paket adı.', en: 'Invalid package name.', key: 'gib.serviceFault' },
  109: { tr: 'SOAP imzacısı bu paketi göndermeye yetkili değil.', en: 'The SOAP signer is not allowed to send this package.', key: 'gib.serviceUnauthorized' },
  110: { tr: 'GİB veritabanı hatası (gönderim).', en: 'GİB database error (send).', key: 'gib.serviceUnavailable' },
  111: { tr: 'Paket daha önce yüklenmiş.', en: 'The package was already uploaded.', key: 'gib.serviceFault' },
  112: { tr: 'GİB disk hatası (gönderim).', en: 'GİB disk error (send).', key: 'gib.serviceUnavailable' },
  113: { tr: 'GİB kuyruk hatası.', en: 'GİB queue error.', key: 'gib.serviceUnavailable' },
  114: { tr: 'Bu mükellef şu anda paket yükleyemez.', en: 'This taxpayer cannot upload packages at the moment.', key: 'gib.serviceRefused' },
  203: { tr: 'GİB veritabanı hatası (onaylı berat indirme).', en: 'GİB database error (download).', key: 'gib.serviceUnavailable' },
  204: { tr: 'Başarıyla işlenmiş paket bulunamadı.', en: 'No successfully processed package found.', key: 'gib.serviceNotReady' },
  205: {
    tr: 'Onaylı berat var, ancak SOAP imzacısı indirmeye yetkili değil.',
    en: 'The approved berat exists but the SOAP signer is not authorised to download it.',
    key: 'gib.serviceUnauthorized',
  },
  206: { tr: 'GİB disk hatası (onaylı berat indirme).', en: 'GİB disk error (download).', key: 'gib.serviceUnavailable' },
  303: { tr: 'GİB veritabanı hatası (durum sorgulama).', en: 'GİB database error (status query).', key: 'gib.serviceUnavailable' },
  304: { tr: 'Paket bulunamadı.', en: 'Package not found.', key: 'gib.serviceFault' },
  305: {
    tr: 'SOAP imzacısı bu paketi sorgulamaya yetkili değil.',
    en: 'The SOAP signer is not authorised to query this package.',
    key: 'gib.serviceUnauthorized',
  },
});

/** Parameters of every GİB-side failure: `transient` mirrors the entry's `retriable` in the details (read by the retry loop). */
type Service = { gibCode: number; operation: string; gibText?: string; transient: boolean };
const serviceSample: Service = { gibCode: 108, operation: 'sendDocumentFile', gibText: '108 Geçersiz paket adı', transient: false };

/** `GİB 108: Geçersiz paket adı. (GİB: …)` — the English text leaves GİB's own (Turkish) words out. */
const serviceTr = (p: Service): string => `GİB ${p.gibCode}: ${GIB_SERVICE_CODES[p.gibCode]?.tr ?? ''}${p.gibText ? ` (GİB: ${p.gibText})` : ''}`;
const serviceEn = (p: Service): string => `GİB ${p.gibCode}: ${GIB_SERVICE_CODES[p.gibCode]?.en ?? ''}`;

/** Transport-level facts of a failed call (HTTP status, timeout, network error). */
type Http = { httpStatus: number; operation: string; transient: boolean; gibText?: string };
type Net = { operation: string; transient: boolean; timeout: boolean; cause: string };

/** Why a time source or GİB could not be reached, in plain words (`gib.ntpUnreachable`, `gib.unreachable`). */
export type GibUnreachableReason = 'host-not-found' | 'refused' | 'reset' | 'certificate' | 'timeout' | 'no-answer';
const UNREACHABLE: Record<GibUnreachableReason, Bilingual> = {
  'host-not-found': { tr: 'adres bulunamadı', en: 'host not found' },
  refused: { tr: 'bağlantı reddedildi', en: 'connection refused' },
  reset: { tr: 'bağlantı kesildi', en: 'connection reset' },
  certificate: { tr: 'sunucu sertifikası doğrulanamadı', en: 'server certificate could not be verified' },
  timeout: { tr: 'zaman aşımı', en: 'timed out' },
  'no-answer': { tr: 'yanıt yok', en: 'no answer' },
};

/** Facts of a file refused before consent or sending (names the file). */
type Refused = { file: string };

/** `gib.*` entries. */
export const GIB = area('gib', {
  // --- GİB web service codes (GIB_SERVICE_CODES)
  'gib.serviceUnauthorized': msg<Service>({
    code: ErrorCode.GibUnauthorized,
    retriable: false,
    tr: serviceTr,
    en: serviceEn,
    sample: { ...serviceSample, gibCode: 102 },
  }),
  'gib.serviceFault': msg<Service>({ code: ErrorCode.GibError, retriable: false, tr: serviceTr, en: serviceEn, sample: serviceSample }),
  'gib.serviceUnavailable': msg<Service>({
    code: ErrorCode.GibUnavailable,
    retriable: true,
    tr: serviceTr,
    en: serviceEn,
    sample: { ...serviceSample, gibCode: 110, transient: true },
  }),
  'gib.serviceRefused': msg<Service>({
    code: ErrorCode.GibRejected,
    retriable: false,
    tr: serviceTr,
    en: serviceEn,
    sample: { ...serviceSample, gibCode: 114 },
  }),
  'gib.serviceNotReady': msg<Service>({
    code: ErrorCode.GibNotReady,
    retriable: false,
    tr: serviceTr,
    en: serviceEn,
    sample: { ...serviceSample, gibCode: 204 },
  }),
  'gib.serviceUnknownCode': msg<Service>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB hata kodu ${p.gibCode}${p.gibText ? ` (GİB: ${p.gibText})` : ''}`,
    en: (p) => `GİB error code ${p.gibCode}${p.gibText ? ` (GİB: ${p.gibText})` : ''}`,
    sample: { ...serviceSample, gibCode: 999 },
  }),
  // --- transport: HTTP, network, SOAP
  'gib.httpServerError': msg<Http>({
    code: ErrorCode.GibUnavailable,
    retriable: true,
    tr: (p) => `GİB web servisi HTTP ${p.httpStatus} döndü (geçici sunucu hatası).${p.gibText ? ` ${p.gibText}` : ''}`,
    en: (p) => `The GİB web service answered HTTP ${p.httpStatus} (temporary server error).${p.gibText ? ` ${p.gibText}` : ''}`,
    sample: { httpStatus: 503, operation: 'getBatchStatus', transient: true },
  }),
  'gib.httpRefused': msg<Http>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB web servisi HTTP ${p.httpStatus} döndü.${p.gibText ? ` ${p.gibText}` : ''}`,
    en: (p) => `The GİB web service answered HTTP ${p.httpStatus}.${p.gibText ? ` ${p.gibText}` : ''}`,
    sample: { httpStatus: 404, operation: 'getBatchStatus', transient: false },
  }),
  'gib.timeout': msg<Net>({
    code: ErrorCode.Timeout,
    retriable: true,
    tr: (p) => `GİB web servisi zamanında yanıt vermedi (${p.operation}).`,
    en: (p) => `The GİB web service did not answer in time (${p.operation}).`,
    sample: { operation: 'sendDocumentFile', transient: true, timeout: true, cause: 'aborted' },
  }),
  'gib.networkFailure': msg<Net>({
    code: ErrorCode.GibUnavailable,
    retriable: true,
    tr: (p) => `GİB web servisine bağlanılamadı (${p.operation}): ${p.cause}`,
    en: (p) => `Could not reach the GİB web service (${p.operation}): ${p.cause}`,
    sample: { operation: 'sendDocumentFile', transient: true, timeout: false, cause: 'connect ECONNREFUSED 127.0.0.1:9' },
  }),
  'gib.xmlDoctype': msg<{ what: string }>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: (p) => `${p.what} DOCTYPE içeriyor; reddedildi.`,
    en: (p) => `${p.what} contains a DOCTYPE; refused.`,
    sample: { what: 'GİB yanıtı' },
  }),
  'gib.xmlMalformed': msg<{ what: string; cause: string }>({
    code: ErrorCode.NotXml,
    retriable: false,
    tr: (p) => `${p.what} geçerli XML değil: ${p.cause}`,
    en: (p) => `${p.what} is not well-formed XML: ${p.cause}`,
    sample: { what: 'GİB yanıtı', cause: 'unclosed tag' },
  }),
  'gib.notSoap12': msg<{ operation: string; transient: false }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: () => 'GİB yanıtı bir SOAP 1.2 zarfı değil.',
    en: () => 'The GİB answer is not a SOAP 1.2 envelope.',
    sample: { operation: 'getBatchStatus', transient: false },
  }),
  'gib.soapNoBody': msg<{ operation: string; transient: false }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: () => 'GİB yanıtında gövde yok.',
    en: () => 'The GİB answer has no body.',
    sample: { operation: 'getBatchStatus', transient: false },
  }),
  'gib.wsseExpired': msg<{ operation: string; transient: false; wsse: string; gibText: string }>({
    code: ErrorCode.ClockSkew,
    retriable: false,
    tr: (p) => `GİB isteği zaman aşımı nedeniyle reddetti (WS-Security Timestamp). Bilgisayar saatinizi kontrol edin. (${p.gibText})`,
    en: (p) => `GİB refused the request as expired (WS-Security Timestamp). Check your computer's clock. (${p.gibText})`,
    sample: { operation: 'sendDocumentFile', transient: false, wsse: 'wsse:MessageExpired', gibText: 'Message expired' },
  }),
  'gib.wsseRefused': msg<{ operation: string; transient: false; wsse: string; gibText: string }>({
    code: ErrorCode.GibUnauthorized,
    retriable: false,
    tr: (p) => `GİB, isteğin mali mühür imzasını kabul etmedi (${p.wsse.split(':').pop()}): ${p.gibText}`,
    en: (p) => `GİB did not accept the request's seal signature (${p.wsse.split(':').pop()}): ${p.gibText}`,
    sample: { operation: 'sendDocumentFile', transient: false, wsse: 'wsse:FailedCheck', gibText: 'The signature is invalid' },
  }),
  'gib.fault': msg<{ operation: string; transient: false; gibText: string; httpStatus: number }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB hatası: ${p.gibText || 'bilinmeyen'}`,
    en: (p) => `GİB error: ${p.gibText || 'unknown'}`,
    sample: { operation: 'sendDocumentFile', transient: false, gibText: 'Beklenmeyen hata', httpStatus: 500 },
  }),
  // --- clock and session
  'gib.clockSkew': msg<{ skewMs: number; uncertaintyMs: number; source: string; maxSkewMs: number; transient: false }>({
    code: ErrorCode.ClockSkew,
    retriable: false,
    tr: (p) =>
      `Bilgisayarınızın saati ${Math.round(Math.abs(p.skewMs) / 1000)} saniye ${p.skewMs > 0 ? 'ileri' : 'geri'} (${p.source}; izin verilen ` +
      `${p.maxSkewMs / 1000} sn). GİB, zaman damgası penceresi dışındaki ` +
      'istekleri reddeder. Lütfen sistem saatini otomatik eşitlemeyi açın (Windows: Ayarlar › Saat ve dil › Şimdi eşitle; ' +
      'Linux: timedatectl set-ntp true; macOS: Sistem Ayarları › Genel › Tarih ve Saat) ve tekrar deneyin.',
    en: (p) =>
      `Your computer's clock is ${Math.round(Math.abs(p.skewMs) / 1000)} s ${p.skewMs > 0 ? 'ahead of' : 'behind'} the reference (${p.source}; ` +
      `allowed ${p.maxSkewMs / 1000} s). GİB refuses requests outside its WS-Security timestamp window. Turn on automatic time synchronisation and ` +
      `try again.`,
    sample: { skewMs: 95_000, uncertaintyMs: 40, source: 'NTP pool.ntp.org:123', maxSkewMs: 30_000, transient: false },
  }),
  'gib.ntpUnreachable': msg<{ host: string; reason: GibUnreachableReason; transient: true; operation: 'clock'; cause: string }>({
    code: ErrorCode.GibUnavailable,
    retriable: true,
    tr: (p) => `Saat denetimi yapılamadı: NTP ${p.host} yanıt vermedi (${UNREACHABLE[p.reason].tr}).`,
    en: (p) => `Clock check failed: NTP ${p.host} did not answer (${UNREACHABLE[p.reason].en}).`,
    sample: { host: 'pool.ntp.org', reason: 'timeout', transient: true, operation: 'clock', cause: 'Timeout' },
  }),
  'gib.unreachable': msg<{ endpoint: string; reason: GibUnreachableReason; transient: true; operation: 'clock'; cause: string }>({
    code: ErrorCode.GibUnavailable,
    retriable: true,
    tr: (p) =>
      `GİB'e ulaşılamadı: ${p.endpoint} (${UNREACHABLE[p.reason].tr}). İnternet bağlantısını ve eklentinin Ayarlar sayfasındaki GİB adresini kontrol edin.`,
    en: (p) =>
      `GİB cannot be reached: ${p.endpoint} (${UNREACHABLE[p.reason].en}). Check the internet connection and the GİB address in the extension's options page.`,
    sample: {
      endpoint: 'https://edefter.gib.gov.tr/ws',
      reason: 'host-not-found',
      transient: true,
      operation: 'clock',
      cause: 'getaddrinfo ENOTFOUND',
    },
  }),
  'gib.noEndpoint': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'GİB web servis adresi ayarlanmamış (config.json › gib.endpoint veya EDEFTER_GIB_ENDPOINT).',
    en: () => 'No GİB web service endpoint configured (config.json › gib.endpoint or EDEFTER_GIB_ENDPOINT).',
  }),
  // --- settings
  'gib.addressInvalid': msg<{ url: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `GİB adresi geçersiz: ${p.url}`,
    en: (p) => `Invalid GİB address: ${p.url}`,
    sample: { url: 'edefter gib' },
  }),
  'gib.addressNotHttps': msg<{ url: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'GİB adresi https:// ile başlamalı (http:// yalnızca bu bilgisayardaki simülatör için).',
    en: () => 'The GİB address must start with https:// (http:// only for a simulator on this computer).',
    sample: { url: 'http://edefter.example' },
  }),
  'gib.customAddressRequired': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Özel GİB ortamı için adres girin.',
    en: () => 'Enter an address for the custom GİB environment.',
  }),
  // --- packages: building, verifying, sending
  'gib.noPackageToSend': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Gönderilecek paket yok.',
    en: () => 'No package to send.',
  }),
  'gib.packageNotOfMonth': msg<{ paket: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.paket} bu aya ait değil.`,
    en: (p) => `${p.paket} is not of this month.`,
    sample: { paket: '6090408038-202601-YB-000000' },
  }),
  'gib.packageFileMissing': msg<{ paket: string; file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.paket} paketi için dosya yok: ${base(p.file)}`,
    en: (p) => `File missing for package ${p.paket}: ${base(p.file)}`,
    sample: { paket: '6090408038-202601-YB-000000', file: '6090408038-202601-YB-000000.xml' },
  }),
  'gib.fileNotSigned': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${base(p.file)} imzalı değil; GİB'e gönderilemez.`,
    en: (p) => `${base(p.file)} is not signed; it cannot be sent to GİB.`,
    sample: { file: '/ay/6090408038-202601-YB-000000.xml' },
  }),
  'gib.bindingDefterMissing': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${base(p.file)} bulunamadı (berat bağı kontrol edilemez).`,
    en: (p) => `${base(p.file)} not found (the berat binding cannot be checked).`,
    sample: { file: '/ay/6090408038-202601-K-000000.xml' },
  }),
  'gib.beratSignatureValueMismatch': msg<{ defter: string; berat: string }>({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: (p) =>
      `${base(p.berat)} içindeki SignatureValue, ${base(p.defter)} imzasıyla eşleşmiyor (defter sonradan değişmiş veya yeniden imzalanmış olabilir; ` +
      'beratı yeniden oluşturun).',
    en: (p) =>
      `The SignatureValue in ${base(p.berat)} does not match the signature of ${base(p.defter)} (the defter changed or was re-signed; build ` +
      `the berat again).`,
    sample: { defter: '/ay/6090408038-202601-K-000000.xml', berat: '/ay/6090408038-202601-KB-000000.xml' },
  }),
  'gib.fileChangedAfterConsent': msg<{ file: string; expected?: string; actual?: string }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: onaylandıktan sonra değişmiş ya da kaybolmuş (SHA-256 farklı); GİB'e hiçbir şey gönderilmedi.`,
    en: (p) => `${p.file}: changed or vanished after it was approved (SHA-256 differs); nothing was sent to GİB.`,
    sample: { file: '6090408038-202601-YB-000000.xml', expected: 'ab12', actual: 'cd34' },
  }),
  'gib.zipNotAsApproved': msg<{ file: string; expected?: string; actual?: string }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: onaylanan dosyayla aynı değil (SHA-256 farklı, dosya eksik ya da fazla); gönderilmedi.`,
    en: (p) => `${p.file}: not the file that was approved (SHA-256 differs, or the file is missing or extra); nothing was sent.`,
    sample: { file: '6090408038-202601-YB-000000.xml', expected: 'ab12' },
  }),
  'gib.fileDoctype': msg<Refused>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: (p) => `${p.file}: DOCTYPE içeren dosya kabul edilmez`,
    en: (p) => `${p.file}: files with a DOCTYPE are refused`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  'gib.fileFailsRules': msg<Refused & { findings: number; first: Bilingual }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: kurallara uymuyor (${p.findings} bulgu): ${p.first.tr}`,
    en: (p) => `${p.file}: does not pass our rules (${p.findings} findings): ${p.first.en}`,
    sample: { file: '6090408038-202601-Y-000000.xml', findings: 2, first: { tr: 'VKN eksik', en: 'VKN missing' } },
  }),
  'gib.fileKindMismatch': msg<Refused & { kind?: string | null; want: string }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: belge türü ${p.kind ?? 'bilinmiyor'}, dosya adı ${p.want} diyor`,
    en: (p) => `${p.file}: the document is ${p.kind ?? 'unknown'}, the name says ${p.want}`,
    sample: { file: '6090408038-202601-Y-000000.xml', kind: 'K', want: 'Y' },
  }),
  'gib.signatureUnverifiable': msg<Refused & { reason: Bilingual }>({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: (p) => `${p.file}: imza doğrulanamadı (${p.reason.tr})`,
    en: (p) => `${p.file}: the signature cannot be verified (${p.reason.en})`,
    sample: { file: '6090408038-202601-Y-000000.xml', reason: { tr: 'imza yok', en: 'no signature' } },
  }),
  'gib.xadesInvalid': msg<Refused & { errors: Bilingual }>({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: (p) => `${p.file}: XAdES imzası geçersiz: ${p.errors.tr}`,
    en: (p) => `${p.file}: the XAdES signature is invalid: ${p.errors.en}`,
    sample: { file: '6090408038-202601-Y-000000.xml', errors: { tr: 'özet değeri farklı', en: 'digest differs' } },
  }),
  'gib.fileChangedDuringCheck': msg<Refused>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: doğrulama sırasında değişti`,
    en: (p) => `${p.file}: changed while it was being verified`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  'gib.beratNotBound': msg<Refused & { defter: string; problems: Bilingual }>({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: (p) => `${p.file}: ${p.defter} defterine bağlı değil: ${p.problems.tr}`,
    en: (p) => `${p.file}: not bound to ${p.defter}: ${p.problems.en}`,
    sample: { file: '6090408038-202601-YB-000000.xml', defter: '6090408038-202601-Y-000000.xml', problems: { tr: 'UUID farklı', en: 'UUID differs' } },
  }),
  'gib.noBeratToSend': msg<{ folder: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.folder} içinde gönderilecek berat yok (…-YB-…xml / …-KB-…xml).`,
    en: (p) => `No berat to send in ${p.folder} (…-YB-…xml / …-KB-…xml).`,
    sample: { folder: '/defterler/6090408038/2026/01' },
  }),
  'gib.envanterSendOff': msg<{ setting: 'gib.sendEnvanter' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () =>
      "Envanter beratı (EB) paketlerinin GİB'e gönderimi kapalı: GİB web servis kılavuzu envanter yüklemesini tanımlamıyor. " +
      "GİB test ortamı paket biçimini doğrulayınca config.json'da gib.sendEnvanter: true (ya da EDEFTER_GIB_SEND_ENVANTER=1) ile açılabilir.",
    en: () =>
      "Sending Envanter berat (EB) packages to GİB is off: GİB's web service guide does not document the envanter upload. " +
      "Turn it on with gib.sendEnvanter: true in config.json (or EDEFTER_GIB_SEND_ENVANTER=1) once GİB's test endpoint confirms the package shape.",
    sample: { setting: 'gib.sendEnvanter' },
  }),
  // --- download of approved berats
  'gib.beratLocationUnknown': msg<{ paket: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.paket}: beratın yeri iş akışında kayıtlı değil; önce 'edefter gib send' çalıştırın.`,
    en: (p) => `${p.paket}: the berat location is not recorded; run 'edefter gib send' first.`,
    sample: { paket: '6090408038-202601-YB-000000' },
  }),
  'gib.noFileReturned': msg<{ paket: string; transient: true }>({
    code: ErrorCode.GibError,
    retriable: true,
    tr: (p) => `${p.paket}: GİB dosya döndürmedi.`,
    en: (p) => `${p.paket}: GİB returned no file.`,
    sample: { paket: '6090408038-202601-YB-000000', transient: true },
  }),
  'gib.packageUnknown': msg<{ paket: string; gibCode: 304 }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB ${p.paket} paketini bulamadı (304); paketi yeniden gönderin.`,
    en: (p) => `GİB does not know package ${p.paket} (304); send it again.`,
    sample: { paket: '6090408038-202601-YB-000000', gibCode: 304 },
  }),
  'gib.packageRejected': msg<{ paket: string; gibText: string }>({
    code: ErrorCode.GibRejected,
    retriable: false,
    tr: (p) => `GİB paketi reddetti: ${p.gibText}`,
    en: (p) => `GİB rejected the package: ${p.gibText}`,
    sample: { paket: '6090408038-202601-YB-000000', gibText: 'Şema kontrolü başarısız' },
  }),
  'gib.approvedBeratRefused': msg<{ file: string; errors: Bilingual }>({
    code: ErrorCode.CounterSignatureInvalid,
    retriable: false,
    tr: (p) => `${p.file} kabul edilmedi ve kaydedilmedi: ${p.errors.tr}`,
    en: (p) => `${p.file} was refused and not stored: ${p.errors.en}`,
    sample: { file: 'GIB-6090408038-202601-YB-000000.xml', errors: { tr: 'mühür geçersiz', en: 'seal invalid' } },
  }),
  'gib.nothingSent': msg<{ vkn: string; period: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.vkn} ${p.period} için GİB'e gönderilmiş paket yok.`,
    en: (p) => `No package of ${p.vkn} ${p.period} was sent to GİB.`,
    sample: { vkn: '6090408038', period: '202601' },
  }),
  'gib.approvedZipUnreadable': msg<{ cause: string; transient: false }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB'den gelen paket açılamadı: ${p.cause}`,
    en: (p) => `The package from GİB could not be opened: ${p.cause}`,
    sample: { cause: 'end of central directory record signature not found', transient: false },
  }),
  'gib.approvedZipShape': msg<{ entries: readonly string[]; transient: false }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB'den gelen pakette tek bir GIB-…xml dosyası yok (${p.entries.join(', ') || 'boş'}).`,
    en: (p) => `The package from GİB does not hold exactly one GIB-…xml file (${p.entries.join(', ') || 'empty'}).`,
    sample: { entries: ['a.xml', 'b.xml'], transient: false },
  }),
});
