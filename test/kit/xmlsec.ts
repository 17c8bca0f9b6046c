/**
 * The one xmlsec1 helper of the tests (issue 11 item 8, "one test kit"): `xmlsec1 --verify` as an independent
 * XML-DSig oracle that ALWAYS checks the chain — `--enabled-key-data x509` only (an inline RSAKeyValue would otherwise
 * be accepted as is) and `--trusted-pem` one CA (default: the demo TEST CA of var/demo-pki, made by scripts/setup.sh).
 * Ids: the XAdES SignedProperties (by its namespace-qualified Id attribute) unless the caller names others (GİB's
 * counter-signature and WS-Security reference SignatureValue and SignedProperties by plain `Id`).
 * Source: xmlsec1(1) `--verify`, `--id-attr`, `--trusted-pem`, `--enabled-key-data`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** The demo TEST CA certificate (PEM) every demo signature chains to. */
export const DEMO_CA_PEM = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
/** `--id-attr` of a XAdES document: the SignedProperties Id in the XAdES 1.3.2 namespace. */
export const XADES_ID_ATTRS = ['http://uri.etsi.org/01903/v1.3.2#:SignedProperties'];

/** Options of {@link xmlsecVerify}. */
export interface XmlsecOptions {
  /** The one trusted CA (PEM file); default {@link DEMO_CA_PEM}. */
  trusted?: string;
  /** `--id-attr:Id` element names (optionally `namespace:name`); default {@link XADES_ID_ATTRS}. */
  idAttrs?: string[];
  /** Extra xmlsec1 arguments before the file. */
  extra?: string[];
}

/**
 * Verifies `file` with xmlsec1, trusting only `o.trusted`.
 * @returns ok = exit 0 and every SignedInfo reference ok; out = xmlsec1's stdout + stderr (for failure messages)
 */
export function xmlsecVerify(file: string, o: XmlsecOptions = {}): { ok: boolean; out: string } {
  const ids = (o.idAttrs ?? XADES_ID_ATTRS).flatMap((id) => ['--id-attr:Id', id]);
  const args = ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', o.trusted ?? DEMO_CA_PEM, ...ids, ...(o.extra ?? []), file];
  const r = spawnSync('xmlsec1', args, { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  return { ok: r.status === 0 && /SignedInfo References \(ok\/all\): (\d+)\/\1/.test(out), out };
}
