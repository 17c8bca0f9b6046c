/**
 * Signing the sample yevmiye with RSA-2048 and ECDSA P-384 keys (software keys with TEST mali mühür
 * certificates from the demo CA; the SoftHSM token is covered in token-sign.test.ts): each result
 * verifies with our verifier, with `xmlsec1 --verify` (trusting only the demo CA) and with xadesjs,
 * and changing one amount breaks all three. Also: the profile's shape (GİB spec §2.1), XAdES-T
 * wiring, readSignatureValue from the tail, buffer API = file API, split reads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  C14N,
  C14N_WITH_COMMENTS,
  ECDSA_SHA384,
  RSA_SHA256,
  certificatesFrom,
  readSignatureValue,
  signXmlBuffer,
  signXmlFile,
  verifyXmlBuffer,
  verifyXmlFile,
} from '../../packages/bridge/src/xades/index.ts';
import { CA_PEM, repoRoot, SAMPLE, softSigner, tmpDir, xadesjsVerify, xmlsecVerify } from './helpers.ts';

const dir = tmpDir('sign');
const trustedCerts = certificatesFrom(fs.readFileSync(CA_PEM));
const signers = (async () => ({ rsa: await softSigner({ keyType: 'rsa' }), ec: await softSigner({ keyType: 'ec' }) }))();
const sampleNoPi = path.join(dir, 'sample-no-pi.xml');
fs.writeFileSync(sampleNoPi, fs.readFileSync(SAMPLE, 'utf8').replace(/<\?xml-stylesheet[^>]*\?>\n/, ''));

function tamper(file: string, out: string): void {
  const s = fs.readFileSync(file, 'utf8');
  const t = s.replace('>14400.00</gl-cor:amount>', '>14400.01</gl-cor:amount>');
  expect(t).not.toBe(s);
  fs.writeFileSync(out, t);
}

for (const keyType of ['rsa', 'ec'] as const) {
  describe(`${keyType.toUpperCase()} signature on the sample yevmiye`, () => {
    const out = path.join(dir, `6090408038-202610-Y-000000-${keyType}.xml`);
    const bad = path.join(dir, `tampered-${keyType}.xml`);

    it('signs; our verifier and xmlsec1 accept it; GİB profile shape', async () => {
      const s = (await signers)[keyType];
      const when = new Date(Math.floor(Date.now() / 60000) * 60000);
      const r = await signXmlFile({ input: SAMPLE, output: out, signer: s, signingTime: when });
      expect(r.output).toBe(out);
      expect(r.bytes).toBe(fs.statSync(out).size);
      const xml = fs.readFileSync(out, 'utf8');
      // ds:Signature is the last child of the root, inserted right before its end tag
      expect(xml.endsWith('</ds:Signature></edefter:defter>\n')).toBe(true);
      expect(xml.slice(0, xml.indexOf('<ds:Signature'))).toBe(fs.readFileSync(SAMPLE, 'utf8').slice(0, xml.indexOf('<ds:Signature')));
      expect(xml).toContain(`<ds:CanonicalizationMethod Algorithm="${C14N_WITH_COMMENTS}">`);
      expect(xml).toContain(`<ds:SignatureMethod Algorithm="${keyType === 'rsa' ? RSA_SHA256 : ECDSA_SHA384}">`);
      expect(xml).toMatch(
        /<ds:Reference Id="Reference_[^"]+" URI=""><ds:Transforms><ds:Transform Algorithm="http:\/\/www.w3.org\/2000\/09\/xmldsig#enveloped-signature">/,
      );
      expect(xml).toMatch(/<ds:Reference Id="[^"]+" Type="http:\/\/uri.etsi.org\/01903#SignedProperties" URI="#SignedProperties_[^"]+">/);
      expect(xml).toMatch(/<ds:SignatureValue Id="SignatureValue_[^"]+">/);
      expect(xml).toMatch(/<xades:QualifyingProperties xmlns:xades="http:\/\/uri.etsi.org\/01903\/v1.3.2#" Target="#Signature_/);
      expect(xml).toContain('<ds:X509SubjectName>CN=DEMO TİCARET A.Ş.,2.5.4.5=#130a36303930343038303338,O=DEMO TİCARET A.Ş.,C=TR</ds:X509SubjectName>');
      expect(xml).toMatch(/<ds:X509IssuerName>CN=[^<]*,C=TR<\/ds:X509IssuerName>/);
      expect(r.signingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d$/);
      expect(new Date(r.signingTime).getTime()).toBe(when.getTime());

      const v = await verifyXmlFile(out, { trustedCerts });
      expect(v.errors).toEqual([]);
      expect(v.ok).toBe(true);
      expect(v.signer.vkn).toBe('6090408038');
      expect(v.identifier).toBe('6090408038');
      expect(v.signingTime).toBe(r.signingTime);
      expect(v.signatureValue).toBe(r.signatureValue);
      expect(v.signatureValueId).toBe(r.signatureValueId);
      expect(v.references.map((x) => x.ok)).toEqual([true, true]);

      const x = xmlsecVerify(out);
      expect(x.ok, x.out).toBe(true);
      expect(x.out).toContain('SignedInfo References (ok/all): 2/2');
      expect(await readSignatureValue(out)).toBe(r.signatureValue);
    });

    it('one changed amount breaks our verifier and xmlsec1', async () => {
      tamper(out, bad);
      const v = await verifyXmlFile(bad, { trustedCerts });
      expect(v.ok).toBe(false);
      expect(v.references[0]).toEqual({ uri: '', ok: false });
      expect(xmlsecVerify(bad).ok).toBe(false);
    });

    it('xadesjs accepts it and rejects the tampered copy (document without top-level PI)', async () => {
      const s = (await signers)[keyType];
      const o = path.join(dir, `no-pi-${keyType}.xml`);
      await signXmlFile({ input: sampleNoPi, output: o, signer: s });
      expect(await xadesjsVerify(fs.readFileSync(o, 'utf8'))).toBe(true);
      const t = path.join(dir, `no-pi-tampered-${keyType}.xml`);
      tamper(o, t);
      expect(await xadesjsVerify(fs.readFileSync(t, 'utf8'))).toBe(false);
      expect(xmlsecVerify(o).ok).toBe(true);
      expect(xmlsecVerify(t).ok).toBe(false);
      expect((await verifyXmlFile(t)).ok).toBe(false);
    });
  });
}

describe('GİB schema', () => {
  it('the signed sample (RSA; EC with a SignatureTimeStamp) validates against GİB edefter.xsd', async () => {
    // libxml2 limits xs:integer to 24 digits: the X509SerialNumber of a 16-byte random serial does not
    // fit, so this test uses a short serial like real Kamu SM certificates have
    const xsd = path.join(repoRoot, '..', 'shared', 'gib', 'xsd', 'edefter.xsd');
    for (const keyType of ['rsa', 'ec'] as const) {
      const s = await softSigner({ keyType, serialNumber: '01a2b3c4d5' });
      const o = path.join(dir, `6090408038-202610-Y-000000-xsd-${keyType}.xml`);
      await signXmlFile({ input: SAMPLE, output: o, signer: s, timestamp: keyType === 'ec' ? async () => Buffer.from('3003020100', 'hex') : undefined });
      const r = spawnSync('xmllint', ['--noout', '--schema', xsd, o], { encoding: 'utf8' });
      expect(
        r.status,
        r.stderr
          .split('\n')
          .filter((l) => !l.includes('parser warning'))
          .join('\n'),
      ).toBe(0);
    }
  });
});

describe('other checks', () => {
  it('a changed SigningTime breaks the SignedProperties reference', async () => {
    const s = (await signers).rsa;
    const r = await signXmlBuffer(fs.readFileSync(SAMPLE), { signer: s });
    const t = Buffer.from(r.xml.toString('utf8').replace(/<xades:SigningTime>[^<]+/, '<xades:SigningTime>2026-11-20T10:00:00+03:00'));
    const v = await verifyXmlBuffer(t);
    expect(v.ok).toBe(false);
    expect(v.references.map((x) => x.ok)).toEqual([true, false]);
    const f = path.join(dir, 'time-tampered.xml');
    fs.writeFileSync(f, t);
    expect(xmlsecVerify(f).ok).toBe(false);
  });

  it('a foreign CA is not trusted; a wrong SignatureValue fails', async () => {
    const s = (await signers).ec;
    const r = await signXmlBuffer(fs.readFileSync(SAMPLE), { signer: s });
    const other = await softSigner({ keyType: 'rsa' });
    const v = await verifyXmlBuffer(r.xml, { trustedCerts: [other.certificate] });
    expect(v.ok).toBe(false);
    expect(v.errors.join()).toMatch(/trusted certificate/);
    const sv = r.signatureValue;
    const flipped = sv.slice(0, 10) + (sv[10] === 'A' ? 'B' : 'A') + sv.slice(11);
    const v2 = await verifyXmlBuffer(Buffer.from(r.xml.toString('utf8').replace(sv, flipped)));
    expect(v2.ok).toBe(false);
    expect(v2.errors.join()).toMatch(/SignatureValue/);
  });

  it('buffer API and file API give the same signature shape; plain C14N for SignedInfo is configurable', async () => {
    const s = (await signers).rsa;
    const r = await signXmlBuffer(fs.readFileSync(SAMPLE), { signer: s, c14nWithComments: false });
    expect(r.xml.toString()).toContain(`<ds:CanonicalizationMethod Algorithm="${C14N}">`);
    const f = path.join(dir, 'buffer.xml');
    fs.writeFileSync(f, r.xml);
    expect(xmlsecVerify(f).ok).toBe(true);
    expect((await verifyXmlFile(f, { trustedCerts })).ok).toBe(true);
    expect(r.bytes).toBe(r.xml.length);
  });

  it('split reads (1…64 byte chunks) and hashing on a worker thread give byte-identical output', async () => {
    const s = (await signers).rsa;
    const when = new Date(Math.floor(Date.now() / 1000) * 1000);
    const outs: Buffer[] = [];
    for (const [chunkSize, hashThread] of [
      [1 << 20, false],
      [1, false],
      [3, true],
      [64, true],
      [1000, false],
      [1 << 20, true],
    ] as const) {
      const o = path.join(dir, `chunks-${chunkSize}-${hashThread}.xml`);
      const r = await signXmlFile({ input: SAMPLE, output: o, signer: s, signingTime: when, chunkSize, hashThread });
      const v = await verifyXmlFile(o, { chunkSize: chunkSize === 1 ? 7 : chunkSize, hashThread: !hashThread });
      expect(v.ok).toBe(true);
      // ids are random: compare everything but the signature
      const b = fs.readFileSync(o);
      outs.push(b.subarray(0, b.indexOf('<ds:Signature')));
      expect(r.sha256).toBe((await import('node:crypto')).createHash('sha256').update(b).digest('hex'));
    }
    for (const b of outs) expect(b.equals(outs[0])).toBe(true);
  });

  it('XAdES-T: the timestamp callback gets the exclusive-canonical SignatureValue and its token is embedded', async () => {
    const s = (await signers).rsa;
    let seen: Buffer | undefined;
    const r = await signXmlBuffer(fs.readFileSync(SAMPLE), {
      signer: s,
      timestamp: async (data) => {
        seen = data;
        return Buffer.from('3003020100', 'hex'); // placeholder DER; real tokens: test/tsa/xades-t.test.ts
      },
    });
    expect(seen?.toString()).toBe(
      `<ds:SignatureValue xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="${r.signatureValueId}">${r.signatureValue}</ds:SignatureValue>`,
    );
    const xml = r.xml.toString();
    expect(xml).toContain('<xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:SignatureTimeStamp Id="SignatureTimeStamp_');
    expect(xml).toContain('<xades:EncapsulatedTimeStamp>MAMCAQA=</xades:EncapsulatedTimeStamp>');
    const v = await verifyXmlBuffer(r.xml);
    expect(v.references.every((x) => x.ok)).toBe(true);
    expect(v.timestamp?.ok).toBe(false);
  });

  it('readSignatureValue returns the outer SignatureValue when a counter-signature is nested in UnsignedProperties', async () => {
    const s = (await signers).rsa;
    const r = await signXmlBuffer(fs.readFileSync(SAMPLE), { signer: s });
    const counter =
      '<xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:CounterSignature><ds:Signature Id="GIB"><ds:SignedInfo></ds:SignedInfo><ds:SignatureValue>R0lCLU9OQVk=</ds:SignatureValue></ds:Signature></xades:CounterSignature></xades:UnsignedSignatureProperties></xades:UnsignedProperties>';
    const xml = r.xml
      .toString()
      .replace('</xades:SignedProperties></xades:QualifyingProperties>', `</xades:SignedProperties>${counter}</xades:QualifyingProperties>`);
    const f = path.join(dir, 'countersigned.xml');
    fs.writeFileSync(f, xml);
    expect(await readSignatureValue(f)).toBe(r.signatureValue);
    const v = await verifyXmlFile(f);
    expect(v.ok).toBe(true);
  });

  it('readSignatureValue reads a multi-MiB file from its tail', async () => {
    const s = (await signers).rsa;
    const big = path.join(dir, 'big-input.xml');
    const sample = fs.readFileSync(SAMPLE, 'utf8');
    const head = sample.slice(0, sample.indexOf('      <gl-cor:entryHeader>'));
    const entries = sample.slice(sample.indexOf('      <gl-cor:entryHeader>'), sample.indexOf('    </gl-cor:accountingEntries>'));
    fs.writeFileSync(big, head + entries.repeat(400) + sample.slice(sample.indexOf('    </gl-cor:accountingEntries>')));
    const o = path.join(dir, 'big-signed.xml');
    const r = await signXmlFile({ input: big, output: o, signer: s });
    expect(fs.statSync(o).size).toBeGreaterThan(4 << 20);
    expect(await readSignatureValue(o)).toBe(r.signatureValue);
    expect(xmlsecVerify(o).ok).toBe(true);
  });
});
