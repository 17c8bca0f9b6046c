/**
 * Issue 13 item 7: GİB's e-Defter guide prints the SignatureMethod `http://www.w3.org/2000/09/xmldsig#rsa-sha256`.
 * `edefter verify` reads it as RSA-SHA256 (files GİB made), and we never write it. The test signs the sample
 * Yevmiye on the demo token (RSA key inside SoftHSM2), swaps the SignatureMethod URI for the guide's, signs the
 * new canonical SignedInfo again with the same token key through the product's RawSigner, and verifies.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoIdentity } from '../../packages/dev/src/pki/demo-identity.ts';
import { openSigner, shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import {
  C14N_WITH_COMMENTS,
  NS_DS,
  RSA_SHA256,
  RSA_SHA256_GIB_GUIDE,
  canonicalize,
  certificatesFrom,
  signXmlFile,
  verifyXmlFile,
} from '../../packages/bridge/src/xades/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';
import os from 'node:os';
import { repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';

// Not ./helpers.ts: it loads xadesjs, which this test does not need.
const CA_PEM = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
const SAMPLE = path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-gib-alias-'));
const id = demoIdentity();
const trustedCerts = certificatesFrom(fs.readFileSync(CA_PEM));
const cli = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');

afterAll(async () => {
  await shutdownTokenWorker();
});

/** Rewrites the SignatureMethod of a signed file to `uri` and re-signs its canonical SignedInfo with `signer`. */
async function resignWithMethod(signed: string, uri: string, signer: RawSigner): Promise<string> {
  let xml = fs.readFileSync(signed, 'utf8');
  const before = xml;
  xml = xml.replace(/(<ds:SignatureMethod Algorithm=")[^"]+(")/, `$1${uri}$2`);
  expect(xml).not.toBe(before);
  const withComments = xml.includes(`<ds:CanonicalizationMethod Algorithm="${C14N_WITH_COMMENTS}"`);
  const si = canonicalize(xml, { subset: { uri: NS_DS, local: 'SignedInfo' }, withComments });
  const value = (await signer.sign(si)).toString('base64');
  return xml.replace(/(<ds:SignatureValue[^>]*>)[^<]*(<\/ds:SignatureValue>)/, `$1${value}$2`);
}

describe("SignatureMethod alias of GİB's guide", () => {
  it('a signature whose SignatureMethod is xmldsig#rsa-sha256 verifies as RSA-SHA256; we never write that URI', async () => {
    const signed = path.join(dir, 'signed.xml');
    const alias = path.join(dir, '6090408038-202610-Y-000000.xml');
    const signer = await openSigner({ tokenLabel: id.tokenLabel, certId: 'rsa', pin: Buffer.from(id.pin) });
    try {
      await signXmlFile({ input: SAMPLE, output: signed, signer });
      const ours = fs.readFileSync(signed, 'utf8');
      expect(ours).toContain(`<ds:SignatureMethod Algorithm="${RSA_SHA256}"`);
      expect(ours).not.toContain(RSA_SHA256_GIB_GUIDE);
      fs.writeFileSync(alias, await resignWithMethod(signed, RSA_SHA256_GIB_GUIDE, signer));
    } finally {
      await signer.close();
    }
    const v = await verifyXmlFile(alias, { trustedCerts });
    expect(v.errors).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.signatureMethod).toBe(RSA_SHA256_GIB_GUIDE);

    // The CLI says so too.
    const r = spawnSync(process.execPath, [cli, 'verify', alias, '--trust', CA_PEM], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('SIGNATURE VALID');
    expect(r.stdout).toContain(RSA_SHA256_GIB_GUIDE);

    // The alias only changes the URI: the old SignatureValue (over the registered URI's SignedInfo) no longer fits,
    // and a changed amount still breaks the reference.
    const stale = fs.readFileSync(signed, 'utf8').replace(`Algorithm="${RSA_SHA256}"`, `Algorithm="${RSA_SHA256_GIB_GUIDE}"`);
    expect((await verifyXmlFile(writeTmp('stale.xml', stale), { trustedCerts })).ok).toBe(false);
    const tampered = fs.readFileSync(alias, 'utf8').replace('>14400.00</gl-cor:amount>', '>14400.01</gl-cor:amount>');
    expect((await verifyXmlFile(writeTmp('tampered.xml', tampered), { trustedCerts })).ok).toBe(false);
  });

  it('the alias names an RSA method: an ECDSA key under it fails', async () => {
    const signed = path.join(dir, 'signed-ec.xml');
    const signer = await openSigner({ tokenLabel: id.tokenLabel, certId: 'ec', pin: Buffer.from(id.pin) });
    let xml: string;
    try {
      await signXmlFile({ input: SAMPLE, output: signed, signer });
      xml = await resignWithMethod(signed, RSA_SHA256_GIB_GUIDE, signer);
    } finally {
      await signer.close();
    }
    const v = await verifyXmlFile(writeTmp('ec-alias.xml', xml), { trustedCerts });
    expect(v.ok).toBe(false);
    expect(v.errors.join('\n')).toMatch(/key type ec does not match/);
  });
});

function writeTmp(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}
