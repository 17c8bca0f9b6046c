/**
 * Helpers for the XAdES tests: software signers with TEST certificates from the demo CA, temp
 * folders, and the independent verifiers (xmlsec1, xadesjs, xmllint).
 */
import { execFileSync } from 'node:child_process';
import { xmlsecVerify as kitXmlsecVerify } from '../kit/xmlsec.ts';
import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as xadesjs from 'xadesjs';
import * as xpath from 'xpath';
import { repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';
import { issueWithNewKey, maliMuhurSubject } from '../../packages/dev/src/pki/demo-pki.ts';
import { keySigner } from '../../packages/bridge/src/xades/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';

export { repoRoot };
export const CA_PEM = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
export const SAMPLE = path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml');
export const TORTURE_DIR = path.join(repoRoot, 'test', 'fixtures', 'c14n');

const bridgeRequire = createRequire(path.join(repoRoot, 'packages/bridge/package.json'));
const xmldom = bridgeRequire('@xmldom/xmldom') as typeof import('@xmldom/xmldom');
let xadesReady = false;

/** A new temp folder. */
export function tmpDir(prefix = 'xades'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `edefter-${prefix}-`));
}

/** A software RawSigner with a TEST mali mühür certificate from the demo CA. */
export async function softSigner(opts: {
  keyType: 'rsa' | 'ec';
  vkn?: string;
  title?: string;
  notBefore?: Date;
  notAfter?: Date;
  serialNumber?: string;
}): Promise<RawSigner & { pem: string }> {
  const c = await issueWithNewKey({
    keyType: opts.keyType,
    subject: maliMuhurSubject(opts.vkn ?? '6090408038', opts.title ?? 'DEMO TİCARET A.Ş.'),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    serialNumber: opts.serialNumber,
  });
  return Object.assign(keySigner(c.privateKey, c.der), { pem: c.pem });
}

/** `xmlsec1 --verify` trusting only the demo CA; `x509` key data only, so the trust check is real (an inline RSAKeyValue would otherwise be accepted as is). */
export function xmlsecVerify(file: string, ca = CA_PEM): { ok: boolean; out: string } {
  return kitXmlsecVerify(file, { trusted: ca });
}

/** xmllint's canonical form (C14N 1.0 with comments). */
export function xmllintC14n(file: string): Buffer {
  return execFileSync('xmllint', ['--c14n', file]);
}

/**
 * Verifies the last ds:Signature with xadesjs (xmldsigjs). Note: xadesjs digests `URI=""` over the
 * document element only, leaving out processing instructions outside the root (XMLDSig §4.3.3.3 and
 * xmlsec1 include them) — use it on documents without top-level PIs.
 */
export async function xadesjsVerify(xml: string): Promise<boolean> {
  if (!xadesReady) {
    xadesjs.setNodeDependencies({
      DOMParser: xmldom.DOMParser,
      XMLSerializer: xmldom.XMLSerializer,
      DOMImplementation: xmldom.DOMImplementation,
      xpath,
    } as never);
    xadesjs.Application.setEngine('NodeJS', webcrypto as never);
    xadesReady = true;
  }
  const doc = new xmldom.DOMParser().parseFromString(xml, 'text/xml');
  const sigs = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
  const sx = new xadesjs.SignedXml(doc as never);
  sx.LoadXml(sigs[sigs.length - 1] as never);
  try {
    return await sx.Verify();
  } catch {
    return false;
  }
}

/** Files in `dir` (to prove no output or temp file was left behind). */
export function listDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
