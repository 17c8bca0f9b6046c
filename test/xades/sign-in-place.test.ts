/**
 * Signing in place (SignOptions.inPlace, the month's staging parts): the file keeps every byte before the root's end
 * tag, gets the same signature as a copying signature would write, verifies with our verifier and with xmlsec1, and
 * stays byte-for-byte unchanged when the signature fails before the last write (bad XML, another company's VKN).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificatesFrom, signXmlFile, verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';
import { CA_PEM, SAMPLE, softSigner, tmpDir, xmlsecVerify } from './helpers.ts';

const dir = tmpDir('sign-in-place');
const trustedCerts = certificatesFrom(fs.readFileSync(CA_PEM));
const signer = softSigner({ keyType: 'rsa' });
// a whole minute after the TEST certificate's notBefore (now): SigningTime is written to the second
const when = new Date(Math.floor(Date.now() / 60000) * 60000 + 60000);

/** The signed text with its random ids (Signature_…, Reference_…) and the values that depend on them blanked. */
function shape(xml: string): string {
  return xml
    .replace(/_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '_ID')
    .replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue>/g, '<ds:DigestValue/>')
    .replace(/(<ds:SignatureValue[^>]*>)[^<]*/g, '$1');
}

describe('signXmlFile inPlace', () => {
  it('keeps the bytes before the root end tag, writes what a copying signature writes, and verifies (ours, xmlsec1)', async () => {
    const s = await signer;
    const copyOut = path.join(dir, 'copy-6090408038-202610-Y-000000.xml');
    const f = path.join(dir, '6090408038-202610-Y-000000.xml');
    fs.copyFileSync(SAMPLE, f);
    const before = fs.readFileSync(f, 'utf8');
    const r = await signXmlFile({ input: f, output: f, inPlace: true, outputSha256: false, signer: s, signingTime: when });
    const c = await signXmlFile({ input: SAMPLE, output: copyOut, outputSha256: false, signer: s, signingTime: when });
    const xml = fs.readFileSync(f, 'utf8');
    expect(r.bytes).toBe(fs.statSync(f).size);
    expect(xml.slice(0, xml.indexOf('<ds:Signature'))).toBe(before.slice(0, xml.indexOf('<ds:Signature')));
    expect(xml.endsWith('</ds:Signature></edefter:defter>\n')).toBe(true);
    expect(shape(xml)).toBe(shape(fs.readFileSync(copyOut, 'utf8')));
    expect(r.bytes).toBe(c.bytes);
    expect(r.sha256).toBe('');
    const v = await verifyXmlFile(f, { trustedCerts });
    expect(v.errors).toEqual([]);
    expect(v.signatureValue).toBe(r.signatureValue);
    expect(v.signingTime).toBe(r.signingTime);
    const x = xmlsecVerify(f);
    expect(x.ok, x.out).toBe(true);
  });

  it('reads in small chunks; a self-closing root and a tail after the root (comment, newlines) are moved behind the signature', async () => {
    const s = await signer;
    for (const [name, text] of [
      ['tail.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<r xmlns="urn:x"><a>ş</a></r>\n<!-- son -->\n\n'],
      ['empty.xml', '<r xmlns="urn:x"/>\n'],
    ] as const) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      const r = await signXmlFile({ input: f, output: f, inPlace: true, outputSha256: false, signer: s, signingTime: when, chunkSize: 7 });
      const xml = fs.readFileSync(f, 'utf8');
      expect(r.bytes).toBe(Buffer.byteLength(xml));
      expect(xml).toMatch(name === 'tail.xml' ? /<\/ds:Signature><\/r>\n<!-- son -->\n\n$/ : /^<r xmlns="urn:x"><ds:Signature[\s\S]*<\/ds:Signature><\/r>\n$/);
      const v = await verifyXmlFile(f, { trustedCerts });
      expect(v.errors, name).toEqual([]);
      const x = xmlsecVerify(f);
      expect(x.ok, `${name}: ${x.out}`).toBe(true);
    }
  });

  it('a failure before the signature is written leaves the file unchanged (not XML; another VKN)', async () => {
    const s = await signer;
    const other = await softSigner({ keyType: 'rsa', vkn: '1234567890' });
    const bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(bad, '<r><a></r>');
    await expect(signXmlFile({ input: bad, output: bad, inPlace: true, outputSha256: false, signer: s })).rejects.toMatchObject({ code: 'NOT_XML' });
    expect(fs.readFileSync(bad, 'utf8')).toBe('<r><a></r>');
    const f = path.join(dir, 'vkn-6090408038-202610-Y-000000.xml');
    fs.copyFileSync(SAMPLE, f);
    await expect(signXmlFile({ input: f, output: f, inPlace: true, outputSha256: false, signer: other })).rejects.toMatchObject({ code: 'VKN_MISMATCH' });
    expect(fs.readFileSync(f).equals(fs.readFileSync(SAMPLE))).toBe(true);
  });

  it('refuses another output file and the options that need a second pass', async () => {
    const s = await signer;
    const f = path.join(dir, 'guard.xml');
    fs.copyFileSync(SAMPLE, f);
    await expect(signXmlFile({ input: f, output: path.join(dir, 'other.xml'), inPlace: true, outputSha256: false, signer: s })).rejects.toThrow(/inPlace/);
    await expect(signXmlFile({ input: f, output: f, inPlace: true, signer: s })).rejects.toThrow(/inPlace/);
    await expect(signXmlFile({ input: f, output: f, inPlace: true, outputSha256: false, twoThreads: true, signer: s })).rejects.toThrow(/inPlace/);
    expect(fs.readFileSync(f).equals(fs.readFileSync(SAMPLE))).toBe(true);
  });
});
