import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { xmlsecVerify } from '../kit/xmlsec.ts';
import { X509Certificate } from 'node:crypto';
import { issueWithNewKey, ensureDemoCa } from '../../packages/dev/src/pki/demo-pki.ts';
import { addCounterSignature, type Seal } from '../../packages/simulators/src/gib/countersign.ts';
import { verifyCounterSignature } from '../../packages/bridge/src/gib/countersignature.ts';
import { C14N } from '../../packages/bridge/src/gib/dsig.ts';
import { fixtureBerat } from './fixture-berat.ts';
import { softwareSigner } from './helpers.ts';

let dir: string;
let caDer: Buffer;
let caPem: string;
let seal: Seal;
let berat: string;
let ourSv: string;

/** xmlsec1 trusting only this test's CA (test/kit/xmlsec.ts). */
function xmlsec(file: string, extra: string[]): { ok: boolean; out: string } {
  return xmlsecVerify(file, { trusted: path.join(dir, 'ca.pem'), idAttrs: ['SignatureValue', 'SignedProperties'], extra });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-'));
  const ca = await ensureDemoCa();
  caDer = ca.der;
  caPem = ca.pem;
  fs.writeFileSync(path.join(dir, 'ca.pem'), caPem);
  const g = await issueWithNewKey({ keyType: 'rsa', subject: 'CN=GİB TEST Mali Mühür, O=Gelir İdaresi Başkanlığı TEST, C=TR' });
  seal = { certDer: g.der, privateKey: g.privateKey, keyType: 'rsa' };
  const s = await softwareSigner();
  berat = fixtureBerat(s.pem, s.privateKey);
  ourSv = /<ds:SignatureValue Id="SignatureValue_1">([^<]*)</.exec(berat)![1];
});

describe('GİB counter-signature', () => {
  for (const c14n of [C14N.incl, C14N.exc]) {
    it(`seals the berat and verifies (ours + xmlsec1), c14n ${c14n.split('/').pop()}`, async () => {
      const approved = addCounterSignature(berat, seal, { c14n });
      const f = path.join(dir, 'GIB-6090408038-202501-YB-000000.xml');
      fs.writeFileSync(f, approved);
      const r = await verifyCounterSignature(f, { trustedCerts: [caDer], expectedSignatureValue: ourSv });
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ ok: true, count: 1, trusted: true, sealedSignatureValue: ourSv.replace(/\s+/g, '') });
      expect(r.signer?.subject).toContain('GİB TEST Mali Mühür');
      // independent: the berat's own signature still verifies, and so does the counter-signature
      expect(xmlsec(f, []).ok).toBe(true);
      const cs = xmlsec(f, ['--node-xpath', "//*[local-name()='CounterSignature']/*[local-name()='Signature']"]);
      expect(cs.out).toMatch(/OK/);
      expect(cs.ok).toBe(true);
    });
  }

  it('is refused when tampered, untrusted, or sealing another berat', async () => {
    const approved = addCounterSignature(berat, seal);
    // 1. counter-signature value changed
    const m = /(<ds:SignatureValue Id="GIB-Signature-[^"]+-value">)([A-Za-z0-9+/])/.exec(approved)!;
    const bad1 = approved.replace(m[0], m[1] + (m[2] === 'A' ? 'B' : 'A'));
    const r1 = await verifyCounterSignature(Buffer.from(bad1), { trustedCerts: [caDer] });
    expect(r1.ok).toBe(false);
    expect(r1.errors.join()).toMatch(/imza değeri doğrulanamadı/);
    // 2. the sealed berat SignatureValue changed (digest of the countersigned reference breaks)
    const bad2 = approved.replace(/(<ds:SignatureValue Id="SignatureValue_1">)([A-Za-z0-9+/])/, (_a, p, c) => p + (c === 'A' ? 'B' : 'A'));
    const r2 = await verifyCounterSignature(Buffer.from(bad2), { trustedCerts: [caDer] });
    expect(r2.ok).toBe(false);
    expect(r2.errors.join()).toMatch(/özeti tutmuyor/);
    // 3. a seal from a CA that is not trusted
    const selfCa = await issueWithNewKey({ keyType: 'rsa', subject: 'CN=Sahte GİB, C=TR' });
    const r3 = await verifyCounterSignature(Buffer.from(approved), { trustedCerts: [selfCa.der] });
    expect(r3.ok).toBe(false);
    expect(r3.trusted).toBe(false);
    // 4. not our berat
    const r4 = await verifyCounterSignature(Buffer.from(approved), { trustedCerts: [caDer], expectedSignatureValue: 'AAAA' });
    expect(r4.ok).toBe(false);
    // 5. no counter-signature at all
    const r5 = await verifyCounterSignature(Buffer.from(berat), { trustedCerts: [caDer] });
    expect(r5.errors.join()).toMatch(/CounterSignature/);
    // 6. DOCTYPE refused
    const r6 = await verifyCounterSignature(Buffer.from(approved.replace('<edefter:berat', '<!DOCTYPE x [<!ENTITY a "b">]><edefter:berat')), {
      trustedCerts: [caDer],
    });
    expect(r6.ok).toBe(false);
    expect(new X509Certificate(caDer).subject).toContain('TEST');
  });
});
