/**
 * Default Turkish/English texts for the transport error codes, so that every hop can raise a
 * proper {@link EdefterError} with one call and the page always gets a readable message.
 */
import { EdefterError, ErrorCode, type SerializedError } from './errors.ts';

type Texts = { tr: string; en: string };

const TEXTS: Partial<Record<ErrorCode, Texts>> = {
  [ErrorCode.ExtensionNotFound]: {
    tr: 'e-Defter İmza eklentisi bulunamadı. Eklentiyi kurun ve sayfayı yenileyin.',
    en: 'The e-Defter signing extension was not found. Install it and reload the page.',
  },
  [ErrorCode.InsecureContext]: {
    tr: 'Bu sayfa güvenli (https) bağlantıyla açılmamış; imza istenemez.',
    en: 'This page is not a secure (https) context; signing cannot be requested.',
  },
  [ErrorCode.UnknownAction]: {
    tr: 'İstenen işlem bu sürümde yok; bileşenlerden biri güncellenmeli.',
    en: 'The requested action is not supported by this version; a component must be updated.',
  },
  [ErrorCode.ProtocolError]: {
    tr: 'Geçersiz ileti alındı.',
    en: 'A malformed message was received.',
  },
  [ErrorCode.TooLarge]: {
    tr: 'Dosya tarayıcı üzerinden imzalanamayacak kadar büyük; edefter komut satırını kullanın.',
    en: 'The file is too large to sign through the browser; use the edefter command line.',
  },
  [ErrorCode.HostNotAllowed]: {
    tr: 'İstek geçersiz bir Host başlığıyla geldi.',
    en: 'The request carried a Host header that is not allowed.',
  },
  [ErrorCode.ClientNotAllowed]: {
    tr: 'Köprüye yalnızca e-Defter İmza eklentisi bağlanabilir.',
    en: 'Only the e-Defter signing extension may connect to the bridge.',
  },
  [ErrorCode.PairingRejected]: {
    tr: 'Eşleştirme onaylanmadı.',
    en: 'Pairing was not confirmed.',
  },
  [ErrorCode.SessionNotFound]: {
    tr: 'İmza oturumu bulunamadı veya süresi doldu.',
    en: 'The signing session does not exist or has expired.',
  },
  [ErrorCode.TsaNotConfigured]: {
    tr: 'Zaman damgası istendi ama köprüde zaman damgası sunucusu (TSA) ayarlı değil.',
    en: 'A timestamp was requested but no timestamp server (TSA) is configured on the bridge.',
  },
  [ErrorCode.NoCertificate]: {
    tr: 'Takılı bir mali mühür sertifikası bulunamadı.',
    en: 'No mali mühür certificate was found on a connected token.',
  },
  [ErrorCode.OriginNotAllowed]: {
    tr: 'Bu site imza isteyemez: eklentinin izinli siteler listesinde değil.',
    en: 'This site may not request signatures: it is not on the extension\u2019s allowed sites list.',
  },
  [ErrorCode.NotPaired]: {
    tr: 'Eklenti köprüyle eşleştirilmemiş. Eklenti simgesine tıklayıp eşleştirin.',
    en: 'The extension is not paired with the bridge. Click the extension icon to pair.',
  },
  [ErrorCode.BridgeUnavailable]: {
    tr: 'e-Defter köprüsüne bağlanılamadı. "edefter bridge" çalışıyor ve sertifikası güvenilir mi?',
    en: 'Cannot reach the e-Defter bridge. Is "edefter bridge" running and its certificate trusted?',
  },
  [ErrorCode.VersionMismatch]: {
    tr: 'Bileşen sürümleri uyumsuz; belirtilen bileşeni güncelleyin.',
    en: 'Component versions are incompatible; update the named component.',
  },
  [ErrorCode.Timeout]: {
    tr: 'İşlem zaman aşımına uğradı.',
    en: 'The operation timed out.',
  },
  [ErrorCode.Busy]: {
    tr: 'Başka bir imza işlemi sürüyor; bitmesini bekleyin.',
    en: 'Another signing operation is in progress; wait for it to finish.',
  },
  [ErrorCode.UserCancelled]: {
    tr: 'İşlem kullanıcı tarafından iptal edildi.',
    en: 'The user cancelled the operation.',
  },
  [ErrorCode.Internal]: {
    tr: 'Beklenmeyen bir hata oluştu.',
    en: 'An unexpected error occurred.',
  },
};

/**
 * Builds an {@link EdefterError} with the default texts of `code`.
 * @param code error code
 * @param details machine-readable facts (never secrets)
 * @param override replace the default Turkish/English texts
 */
export function protocolError(code: ErrorCode, details?: Record<string, unknown>, override?: Partial<Texts>): EdefterError {
  const t = TEXTS[code] ?? { tr: `Hata: ${code}`, en: `Error: ${code}` };
  return new EdefterError(code, override?.tr ?? t.tr, override?.en ?? t.en, details);
}

/**
 * Turns anything thrown into a {@link SerializedError} for the wire. EdefterErrors keep their
 * code and texts; anything else becomes INTERNAL with its message in `details.message`
 * (stack traces never cross a hop).
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof EdefterError) return e.toJSON();
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
      && typeof (e as { tr?: unknown }).tr === 'string' && typeof (e as { en?: unknown }).en === 'string') {
    const o = e as SerializedError;
    return { code: o.code, tr: o.tr, en: o.en, ...(o.details ? { details: o.details } : {}) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return protocolError(ErrorCode.Internal, { message }).toJSON();
}
