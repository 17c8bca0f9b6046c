/**
 * Error catalog, area `xades`: XAdES signing and verification of e-Defter documents.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `xades.*` entries. */
export const XADES = area('xades', {
  'xades.notXml': msg<{ reason: string; offset?: number }>({
    code: ErrorCode.NotXml,
    retriable: false,
    tr: (p) => `Dosya geçerli bir XML belgesi değil (${p.reason}${p.offset === undefined ? '' : `, bayt ${p.offset}`})`,
    en: (p) => `The file is not a well-formed XML document (${p.reason}${p.offset === undefined ? '' : `, at byte ${p.offset}`})`,
    sample: { reason: 'kapanmamış yorum / unterminated comment', offset: 120 },
  }),
  'xades.doctypeForbidden': msg<{ offset?: number }>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: () => 'XML belgesinde DOCTYPE veya varlık (ENTITY) tanımı var; güvenlik nedeniyle bu tür belgeler işlenmez',
    en: () => 'The XML document contains a DOCTYPE or entity declaration; such documents are refused for security reasons',
  }),
  'xades.emptyFile': msg<{ file?: string }>({
    code: ErrorCode.EmptyFile,
    retriable: false,
    tr: () => 'Dosya boş',
    en: () => 'The file is empty',
  }),
  'xades.alreadySigned': msg({
    code: ErrorCode.AlreadySigned,
    retriable: false,
    tr: () => 'Belge zaten imzalı: kök elemanın altında bir ds:Signature var',
    en: () => 'The document is already signed: the root element already has a ds:Signature child',
  }),
  'xades.encodingUnsupported': msg<{ encoding: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Desteklenmeyen karakter kodlaması: ${p.encoding}; e-Defter dosyaları UTF-8 olmalıdır`,
    en: (p) => `Unsupported character encoding ${p.encoding}; e-Defter files must be UTF-8`,
    sample: { encoding: 'ISO-8859-9' },
  }),
  'xades.vknMismatch': msg<{ certVkn?: string; docVkn: string }>({
    code: ErrorCode.VknMismatch,
    retriable: false,
    tr: (p) => `Sertifikadaki VKN/TCKN (${p.certVkn ?? '—'}) belgedeki VKN/TCKN (${p.docVkn}, xbrli:identifier) ile aynı değil`,
    en: (p) => `The certificate's VKN/TCKN (${p.certVkn ?? '—'}) differs from the document's VKN/TCKN (${p.docVkn}, xbrli:identifier)`,
    sample: { certVkn: '1234567890', docVkn: '6090408038' },
  }),
  'xades.certificateExpired': msg<{ notAfter: string; at: string }>({
    code: ErrorCode.CertificateExpired,
    retriable: false,
    tr: (p) => `Mali mühür sertifikasının süresi dolmuş (geçerlilik sonu ${p.notAfter})`,
    en: (p) => `The seal certificate has expired (not valid after ${p.notAfter})`,
    sample: { notAfter: '2025-01-01T00:00:00.000Z', at: '2026-02-01T10:00:00.000Z' },
  }),
  'xades.certificateNotYetValid': msg<{ notBefore: string; at: string }>({
    code: ErrorCode.CertificateNotYetValid,
    retriable: false,
    tr: (p) => `Mali mühür sertifikası henüz geçerli değil (geçerlilik başlangıcı ${p.notBefore})`,
    en: (p) => `The seal certificate is not valid yet (not valid before ${p.notBefore})`,
    sample: { notBefore: '2027-01-01T00:00:00.000Z', at: '2026-02-01T10:00:00.000Z' },
  }),
  'xades.certificateUnreadable': msg<{ reason: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'İmza sertifikası okunamadı',
    en: (p) => `The signing certificate can not be parsed: ${p.reason}`,
    sample: { reason: 'Too few bytes to read ASN.1 value' },
  }),
  'xades.keyTypeMismatch': msg<{ certificateKeyType: string; signerKeyType: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Sertifikanın anahtar türü imzalayıcıyla uyuşmuyor',
    en: (p) => `Certificate key type ${p.certificateKeyType} does not match the signer (${p.signerKeyType})`,
    sample: { certificateKeyType: 'ec', signerKeyType: 'rsa' },
  }),
  'xades.tokenSignatureInvalid': msg({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: () => 'Kartın ürettiği imza sertifikayla doğrulanamadı (yanlış anahtar?)',
    en: () => 'The signature made by the token does not verify with the certificate (wrong key?)',
  }),
  'xades.copyOffset': msg<{ written: number; rootEnd: number }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: () => 'İç hata: kopyalama konumu',
    en: (p) => `Internal error: copied ${p.written} bytes, root ends at ${p.rootEnd}`,
    sample: { written: 10, rootEnd: 12 },
  }),
  'xades.fileNotSigned': msg({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: () => 'Dosyada imza (ds:Signature) yok',
    en: () => 'The file has no ds:Signature',
  }),
  'xades.documentNotSigned': msg({
    code: ErrorCode.SignatureInvalid,
    retriable: false,
    tr: () => 'Belgede imza (kök elemanın altında ds:Signature) yok',
    en: () => 'The document has no signature (no ds:Signature child of the root element)',
  }),
});
