/**
 * The consent binding between `document-inspect`, `session-open` and `session-sign`: which inspected
 * documents a session may be opened for and which bytes it may sign. Every refusal is an
 * EdefterError with Turkish and English text and `details.reason`, and is written to the audit
 * log as `sign-refused` by the caller.
 */
import { EdefterError, ErrorCode, type DocumentFacts } from '@edefter/protocol';
import type { InspectedDocuments } from '../../documents/index.ts';
import type { CertificateInfo } from '../../token/index.ts';

/** VKN or TCKN of a certificate (subject serialNumber), if any. */
export function certificateTaxId(c: Pick<CertificateInfo, 'vkn' | 'tckn'>): string | undefined {
  return c.vkn ?? c.tckn;
}

/** Refusal: the digest was not inspected on this connection for this origin (or expired). */
export function notInspected(sha256: string): EdefterError {
  return new EdefterError(ErrorCode.BadInput,
    'Bu belge köprüde incelenmedi (ya da incelemenin süresi doldu); yalnızca onay penceresinde bilgileri gösterilen belgeler imzalanır.',
    'This document was not inspected by the bridge (or the inspection expired); only documents whose facts the consent window showed are signed.',
    { reason: 'not-inspected', sha256 });
}

/**
 * Refuses a document whose VKN/TCKN is not the certificate's.
 * @throws EdefterError VKN_MISMATCH
 */
export function requireSameTaxId(facts: DocumentFacts, cert: Pick<CertificateInfo, 'vkn' | 'tckn' | 'id' | 'subject'>): void {
  const certId = certificateTaxId(cert);
  if (certId !== facts.vkn) {
    throw new EdefterError(ErrorCode.VknMismatch,
      `${facts.name}: belgenin ${facts.idKind} değeri (${facts.vkn}) seçilen sertifikanınkiyle (${certId ?? 'yok'}) aynı değil; imzalanmaz. PIN karta gönderilmedi.`,
      `${facts.name}: the document's ${facts.idKind} (${facts.vkn}) differs from the chosen certificate's (${certId ?? 'none'}); it is not signed. No PIN was sent to the card.`,
      { reason: 'vkn-mismatch', name: facts.name, documentVkn: facts.vkn, certificateVkn: certId ?? null, certificateId: cert.id, sha256: facts.sha256 });
  }
}

/**
 * The inspected documents for a session's `forDocuments`, each checked against the certificate
 * (call before C_Login).
 * @throws EdefterError BAD_INPUT (`not-inspected`), VKN_MISMATCH
 */
export function documentsForSession(inspected: InspectedDocuments, origin: string, digests: readonly string[], cert: CertificateInfo): DocumentFacts[] {
  const out: DocumentFacts[] = [];
  for (const d of digests) {
    const doc = inspected.get(origin, d);
    if (!doc) throw notInspected(d);
    requireSameTaxId(doc.facts, cert);
    out.push(doc.facts);
  }
  return out;
}
