import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { buildSignedEnvelope, operationElement, textElement } from '../../packages/bridge/src/gib/wssec.ts';
import { partChunks } from '../../packages/bridge/src/gib/xml-parts.ts';
import { decodePkiPath } from '../../packages/bridge/src/gib/pkipath.ts';
import { verifyWsSecurity } from '../../packages/simulators/src/gib/wssec-verify.ts';
import { softwareSigner } from './helpers.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wssec-'));
});

async function envelopeToBuffer(parts: Parameters<typeof partChunks>[0]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of partChunks(parts)) out.push(c);
  return Buffer.concat(out);
}

function xmlsecVerify(file: string, certPem: string): { ok: boolean; out: string } {
  const certFile = path.join(dir, 'signer.pem');
  fs.writeFileSync(certFile, certPem);
  const r = spawnSync(
    'xmlsec1',
    [
      '--verify',
      '--pubkey-cert-pem',
      certFile,
      '--id-attr:Id',
      'http://www.w3.org/2003/05/soap-envelope:Body',
      '--id-attr:Id',
      'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp',
      file,
    ],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

describe('WS-Security envelope', () => {
  for (const keyType of ['rsa', 'ec'] as const) {
    it(`${keyType}: verifies with xmlsec1 and xml-crypto; tampering is caught`, async () => {
      const signer = await softwareSigner({ keyType });
      const zip = path.join(dir, `p-${keyType}.zip`);
      fs.writeFileSync(zip, randomBytes(100_001));
      const size = fs.statSync(zip).size;
      const env = await buildSignedEnvelope({
        signer,
        body: operationElement('sendDocumentFile', [
          '<Attachment>',
          textElement('fileName', '6090408038-202501-YB-000000.zip'),
          '<binaryData>',
          { base64File: zip, size },
          '</binaryData></Attachment>',
        ]),
      });
      const xml = await envelopeToBuffer(env.parts);
      expect(xml.length).toBe(env.length);
      expect(xml.toString()).toContain(fs.readFileSync(zip).toString('base64'));
      const f = path.join(dir, `env-${keyType}.xml`);
      fs.writeFileSync(f, xml);
      const x = xmlsecVerify(f, signer.pem);
      expect(x.out).toMatch(/References \(ok\/all\): 2\/2/);
      expect(x.ok).toBe(true);
      const v = verifyWsSecurity(xml.toString('utf8'));
      expect(v.errors).toEqual([]);
      expect(v.ok).toBe(true);
      expect(decodePkiPath(v.pkiPath!).at(-1)!.equals(signer.certificate)).toBe(true);
      // tamper: change one base64 character of the attachment
      const s = xml.toString('utf8');
      const i = s.indexOf('<binaryData>') + 20;
      const bad = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      fs.writeFileSync(f, bad);
      expect(xmlsecVerify(f, signer.pem).ok).toBe(false);
      expect(verifyWsSecurity(bad).ok).toBe(false);
    });
  }
});
