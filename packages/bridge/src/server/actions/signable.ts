/**
 * The consent binding between `document-inspect`, `session-open` and `session-sign`: which inspected
 * documents a session may be opened for and which bytes it may sign. Every refusal is an
 * EdefterError with Turkish and English text and `details.reason`, and is written to the audit
 * log as `sign-refused` by the caller.
 */
import { EdefterError, fail, type DocumentFacts } from '@edefter/protocol';
import type { InspectedDocuments } from '../../documents/index.ts';
import type { CertificateInfo } from '../../token/index.ts';

/** VKN or TCKN of a certificate (subject serialNumber), if any. */
function certificateTaxId(c: Pick<CertificateInfo, 'vkn' | 'tckn'>): string | undefined {
  return c.vkn ?? c.tckn;
}

/** Refusal: the digest was not inspected on this connection for this origin (or expired). */
export function notInspected(sha256: string): EdefterError {
  return fail('server.notInspected', { reason: 'not-inspected', sha256 });
}

/**
 * Refuses a document whose VKN/TCKN is not the certificate's.
 * @throws EdefterError VKN_MISMATCH
 */
export function requireSameTaxId(facts: DocumentFacts, cert: Pick<CertificateInfo, 'vkn' | 'tckn' | 'id' | 'subject'>): void {
  const certId = certificateTaxId(cert);
  if (certId !== facts.vkn) {
    throw fail('server.taxIdMismatch', {
      reason: 'vkn-mismatch',
      name: facts.name,
      idKind: facts.idKind,
      documentVkn: facts.vkn,
      certificateVkn: certId ?? null,
      certificateId: cert.id,
      sha256: facts.sha256,
    });
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
