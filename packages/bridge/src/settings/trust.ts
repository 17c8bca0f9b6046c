/**
 * Trust anchors pasted (or picked as a file) in the extension's options page: PEM text with one or
 * more CERTIFICATE blocks, checked and written to `<configDir>/trust/<name>.pem` (0600 file in a
 * 0700 folder, atomic), so config.json keeps only the path — the same trust-list files
 * `edefter tsa config --trust` and `edefter backup config` use.
 */
import path from 'node:path';
import { createHash, X509Certificate } from 'node:crypto';
import { fail, type TrustAnchorView } from '@edefter/protocol';
import { configDir, writeFileAtomic } from './index.ts';
import { readCertificates } from '../tsa/settings.ts';

/** The CN of a distinguished name as node prints it (`CN=…` lines), else the whole name on one line. */
function cnOf(dn: string): string {
  const m = /(?:^|\n)CN=([^\n]+)/.exec(dn);
  return m ? m[1] : dn.replace(/\n/g, ', ');
}

/** How a certificate is shown: subject CN, issuer CN, expiry, SHA-256 of the DER. */
export function describeCertificate(der: Buffer): TrustAnchorView {
  const c = new X509Certificate(der);
  return { subject: cnOf(c.subject), issuer: cnOf(c.issuer), notAfter: new Date(c.validTo).toISOString(), sha256: createHash('sha256').update(der).digest('hex') };
}

/**
 * Parses PEM text into DER certificates.
 * @returns at least one DER certificate
 * @throws EdefterError BAD_INPUT when there is no CERTIFICATE block or a block is not a certificate
 */
export function parseTrustPem(pem: string): Buffer[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!blocks.length) {
    throw fail('config.noPemCertificate');
  }
  return blocks.map((m, i) => {
    const der = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
    try {
      new X509Certificate(der);
    } catch {
      throw fail('config.pemCertificateUnreadable', { index: i + 1 });
    }
    return der;
  });
}

/**
 * Checks PEM text and stores it as `<configDir>/trust/<name>.pem`.
 * @param name file stem, e.g. `integrator-ca`, `tsa-ca`
 * @returns the absolute path of the written file and the certificates as shown
 * @throws EdefterError BAD_INPUT (see {@link parseTrustPem})
 */
export async function storeTrustPem(name: string, pem: string): Promise<{ file: string; anchors: TrustAnchorView[] }> {
  const ders = parseTrustPem(pem);
  const text = ders.map((d) => `-----BEGIN CERTIFICATE-----\n${d.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`).join('');
  const file = path.join(configDir(), 'trust', `${name}.pem`);
  await writeFileAtomic(file, text, 0o600);
  return { file, anchors: ders.map(describeCertificate) };
}

/**
 * The certificates of trust-list files as shown (relative paths against the config folder); a file
 * that cannot be read is left out (the CLI's checks report it).
 */
export async function describeTrustFiles(files: string[] | undefined): Promise<TrustAnchorView[]> {
  const out: TrustAnchorView[] = [];
  for (const f of files ?? []) {
    try {
      for (const der of await readCertificates(path.resolve(configDir(), f))) out.push(describeCertificate(der));
    } catch { /* unreadable file: not shown */ }
  }
  return out;
}
