/**
 * The ONE trust-list loader: certificates of the trust-list files named in config.json (`gib.trustList`,
 * `signer.trustList`, `tsa.trustList`, `backup.trustList`) and of the PEM text pasted in the extension's
 * options page. A file holds PEM (any number of CERTIFICATE blocks) or one DER certificate; relative paths
 * are read against the config folder. Pasted PEM is checked and written to `<configDir>/trust/<name>.pem`
 * (0600 file in a 0700 folder, atomic), so config.json keeps only the path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, X509Certificate } from 'node:crypto';
import { fail, type TrustAnchorView } from '@edefter/protocol';
import { certNames } from '../xades/cert.ts';
import { configDir, writeFileAtomic } from './store.ts';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** DER of each CERTIFICATE block of PEM text (not checked). */
function pemBlocks(text: string): Buffer[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

/** DER certificate as PEM text (64-character lines). */
export function derToPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

/**
 * Reads the certificates of one trust-list file (PEM bundle or one DER certificate); each is parsed.
 * @param file absolute, or relative to the config folder
 * @returns DER certificates (at least one)
 * @throws EdefterError BAD_INPUT: config.trustFileUnreadable (missing, unreadable, or a block that is not a
 *   certificate), config.trustFileEmpty (no certificate in it)
 */
export function readTrustFile(file: string): Buffer[] {
  const full = path.resolve(configDir(), file);
  let raw: Buffer;
  try {
    raw = fs.readFileSync(full);
  } catch (e) {
    throw fail('config.trustFileUnreadable', { file: full, cause: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
  const text = raw.toString('latin1');
  const ders = text.includes('-----BEGIN') ? pemBlocks(text) : raw[0] === 0x30 ? [raw] : [];
  if (!ders.length) throw fail('config.trustFileEmpty', { file: full });
  return ders.map((der) => {
    try {
      return Buffer.from(new X509Certificate(der).raw);
    } catch (e) {
      throw fail('config.trustFileUnreadable', { file: full, cause: (e as Error).message });
    }
  });
}

/**
 * Reads every file of a trust list (see {@link readTrustFile}).
 * @returns DER certificates, in file order
 * @throws EdefterError as {@link readTrustFile}, naming the first bad file
 */
export function loadTrustList(files: readonly string[] | undefined): Buffer[] {
  return (files ?? []).filter(Boolean).flatMap(readTrustFile);
}

/** {@link readTrustFile} for async callers (same checks, same errors). */
export async function readCertificates(file: string): Promise<Buffer[]> {
  return readTrustFile(file);
}

/** How a certificate is shown: subject CN, issuer CN (else the whole name, xades/dn.ts display style), expiry, SHA-256 of the DER. */
export function describeCertificate(der: Buffer): TrustAnchorView {
  const c = new X509Certificate(der);
  const n = certNames(der);
  return {
    subject: n.commonName ?? n.subject,
    issuer: n.issuerCommonName ?? n.issuer,
    notAfter: new Date(c.validTo).toISOString(),
    sha256: createHash('sha256').update(der).digest('hex'),
  };
}

/**
 * Parses pasted PEM text into DER certificates.
 * @returns at least one DER certificate
 * @throws EdefterError BAD_INPUT when there is no CERTIFICATE block or a block is not a certificate
 */
export function parseTrustPem(pem: string): Buffer[] {
  const blocks = pemBlocks(pem);
  if (!blocks.length) {
    throw fail('config.noPemCertificate');
  }
  return blocks.map((der, i) => {
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
  const file = path.join(configDir(), 'trust', `${name}.pem`);
  await writeFileAtomic(file, ders.map(derToPem).join(''), 0o600);
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
      for (const der of readTrustFile(f)) out.push(describeCertificate(der));
    } catch {
      /* unreadable file: not shown */
    }
  }
  return out;
}
