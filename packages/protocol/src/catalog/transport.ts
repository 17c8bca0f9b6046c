/**
 * Error catalog, area `transport`: the hops between page, content script, service worker,
 * bridge and native host (handshake, pairing, origins, sizes, timeouts, sessions). These were
 * the default texts of the former `protocolError(code)`; texts unchanged. This area alone is
 * imported by `@edefter/protocol/light` (the content script), so keep it small.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** Which side must be updated (VERSION_MISMATCH, UNKNOWN_ACTION). */
type Side = 'library' | 'extension' | 'bridge';

/** `transport.*` entries. */
export const TRANSPORT = area('transport', {
  'transport.extensionNotFound': msg<{ reason?: string }>({
    code: ErrorCode.ExtensionNotFound,
    retriable: false,
    tr: () => 'e-Defter İmza eklentisi bulunamadı. Eklentiyi kurun ve sayfayı yenileyin.',
    en: () => 'The e-Defter signing extension was not found. Install it and reload the page.',
    sample: { reason: 'context-invalidated' },
  }),
  'transport.insecureContext': msg({
    code: ErrorCode.InsecureContext,
    retriable: false,
    tr: () => 'Bu sayfa güvenli (https) bağlantıyla açılmamış; imza istenemez.',
    en: () => 'This page is not a secure (https) context; signing cannot be requested.',
  }),
  'transport.unknownAction': msg<{ action: string; requiresUpdate: Side }>({
    code: ErrorCode.UnknownAction,
    retriable: false,
    tr: () => 'İstenen işlem bu sürümde yok; bileşenlerden biri güncellenmeli.',
    en: () => 'The requested action is not supported by this version; a component must be updated.',
    sample: { action: 'gelecek-islem', requiresUpdate: 'bridge' },
  }),
  'transport.malformedMessage': msg<{ reason?: string; hop?: string; action?: string; issues?: readonly string[] }>({
    code: ErrorCode.ProtocolError,
    retriable: false,
    tr: () => 'Geçersiz ileti alındı.',
    en: () => 'A malformed message was received.',
    sample: { reason: 'bad-reply', hop: 'service-worker' },
  }),
  'transport.badParams': msg<{ action: string; issues: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'İstek parametreleri geçersiz.',
    en: () => 'Invalid request parameters.',
    sample: { action: 'sign-documents', issues: ['documents: Required'] },
  }),
  'transport.tooLarge': msg<{ name?: string; bytes?: number; maxDocumentBytes?: number; maxRequestBytes?: number }>({
    code: ErrorCode.TooLarge,
    retriable: false,
    tr: () => 'Dosya tarayıcı üzerinden imzalanamayacak kadar büyük; edefter komut satırını kullanın.',
    en: () => 'The file is too large to sign through the browser; use the edefter command line.',
    sample: { bytes: 70_000_000, maxRequestBytes: 64_000_000 },
  }),
  'transport.hostNotAllowed': msg({
    code: ErrorCode.HostNotAllowed,
    retriable: false,
    tr: () => 'İstek geçersiz bir Host başlığıyla geldi.',
    en: () => 'The request carried a Host header that is not allowed.',
  }),
  'transport.clientNotAllowed': msg<{ reason?: string }>({
    code: ErrorCode.ClientNotAllowed,
    retriable: false,
    tr: () => 'Köprüye yalnızca e-Defter İmza eklentisi bağlanabilir.',
    en: () => 'Only the e-Defter signing extension may connect to the bridge.',
    sample: { reason: 'browser-mismatch' },
  }),
  'transport.pairingRejected': msg<{ reason?: string }>({
    code: ErrorCode.PairingRejected,
    retriable: false,
    tr: () => 'Eşleştirme onaylanmadı.',
    en: () => 'Pairing was not confirmed.',
  }),
  'transport.sessionNotFound': msg<{ sessionId?: string; reason?: string }>({
    code: ErrorCode.SessionNotFound,
    retriable: false,
    tr: () => 'İmza oturumu bulunamadı veya süresi doldu.',
    en: () => 'The signing session does not exist or has expired.',
    sample: { reason: 'consent-gone' },
  }),
  'transport.tsaNotConfigured': msg<{ reason?: string }>({
    code: ErrorCode.TsaNotConfigured,
    retriable: false,
    tr: () => 'Zaman damgası istendi ama köprüde zaman damgası sunucusu (TSA) ayarlı değil.',
    en: () => 'A timestamp was requested but no timestamp server (TSA) is configured on the bridge.',
  }),
  'transport.noCertificate': msg<{ certificateId?: string }>({
    code: ErrorCode.NoCertificate,
    retriable: false,
    tr: () => 'Takılı bir mali mühür sertifikası bulunamadı.',
    en: () => 'No mali mühür certificate was found on a connected token.',
  }),
  'transport.originNotAllowed': msg<{ origin?: string; reason?: string }>({
    code: ErrorCode.OriginNotAllowed,
    retriable: false,
    tr: () => 'Bu site imza isteyemez: eklentinin izinli siteler listesinde değil.',
    en: () => 'This site may not request signatures: it is not on the extension\u2019s allowed sites list.',
    sample: { origin: 'https://portal.example' },
  }),
  'transport.notPaired': msg<{ reason?: string }>({
    code: ErrorCode.NotPaired,
    retriable: false,
    tr: () => 'Eklenti köprüyle eşleştirilmemiş. Eklenti simgesine tıklayıp eşleştirin.',
    en: () => 'The extension is not paired with the bridge. Click the extension icon to pair.',
  }),
  'transport.bridgeUnavailable': msg<{ reason?: string; message?: string; url?: string; action?: string }>({
    code: ErrorCode.BridgeUnavailable,
    retriable: true,
    tr: () => 'e-Defter köprüsüne bağlanılamadı. "edefter bridge" çalışıyor ve sertifikası güvenilir mi?',
    en: () => 'Cannot reach the e-Defter bridge. Is "edefter bridge" running and its certificate trusted?',
    sample: { reason: 'connect-failed', url: 'wss://127.0.0.1:47390/' },
  }),
  'transport.versionMismatch': msg<{ requiresUpdate: Side; library?: string; extension?: string; bridge?: string }>({
    code: ErrorCode.VersionMismatch,
    retriable: false,
    tr: () => 'Bileşen sürümleri uyumsuz; belirtilen bileşeni güncelleyin.',
    en: () => 'Component versions are incompatible; update the named component.',
    sample: { requiresUpdate: 'extension', library: '2.0.0', extension: '1.0.0' },
  }),
  'transport.timeout': msg<{ action?: string; timeoutMs?: number; reason?: string }>({
    code: ErrorCode.Timeout,
    retriable: true,
    tr: () => 'İşlem zaman aşımına uğradı.',
    en: () => 'The operation timed out.',
    sample: { action: 'sign-documents', timeoutMs: 120_000 },
  }),
  'transport.busy': msg<{ reason?: string; sessions?: number }>({
    code: ErrorCode.Busy,
    retriable: true,
    tr: () => 'Başka bir imza işlemi sürüyor; bitmesini bekleyin.',
    en: () => 'Another signing operation is in progress; wait for it to finish.',
  }),
  'transport.userCancelled': msg<{ reason?: string }>({
    code: ErrorCode.UserCancelled,
    retriable: false,
    tr: () => 'İşlem kullanıcı tarafından iptal edildi.',
    en: () => 'The user cancelled the operation.',
    sample: { reason: 'window-closed' },
  }),
  'transport.internal': msg<{ reason?: string; message?: string; name?: string }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: () => 'Beklenmeyen bir hata oluştu.',
    en: () => 'An unexpected error occurred.',
    sample: { reason: 'no-session' },
  }),
});
