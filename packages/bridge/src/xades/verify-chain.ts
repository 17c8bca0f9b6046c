/**
 * Minimal certificate path check for verification: from the signer certificate, through
 * certificates carried in KeyInfo, to one of the trusted certificates (signatures and issuer names
 * only; revocation is out of scope for the offline verifier).
 */
import { X509Certificate } from 'node:crypto';

/**
 * @returns null when `cert` chains to `trusted`, else a "tr / en" reason
 */
export function checkChain(cert: X509Certificate, pool: X509Certificate[], trusted: X509Certificate[]): string | null {
  let cur = cert;
  for (let depth = 0; depth < 10; depth++) {
    if (trusted.some((t) => t.fingerprint256 === cur.fingerprint256)) return null;
    if (trusted.some((t) => cur.checkIssued(t) && cur.verify(t.publicKey))) return null;
    const next = pool.find((p) => p.fingerprint256 !== cur.fingerprint256 && cur.checkIssued(p) && cur.verify(p.publicKey));
    if (next === undefined) break;
    cur = next;
  }
  return 'Sertifika güvenilen bir kök sertifikaya bağlanamadı / the certificate does not chain to a trusted certificate';
}

/** Parses PEM (one or more certificates) or DER into DER buffers. */
export function certificatesFrom(data: Buffer): Buffer[] {
  const text = data.toString('latin1');
  if (!text.includes('-----BEGIN')) return [data];
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  return out;
}
