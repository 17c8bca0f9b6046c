/**
 * Fault injection for receiveDocumentFile: damages an approved berat the ways an attacker or a
 * broken channel could, so the tests can prove the bridge refuses it and stores nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { ensureDemoCa, issueWithNewKey, writeFileAtomic } from '@edefter/dev/pki/demo-pki.ts';
import { addCounterSignature, type Seal } from './countersign.ts';
import { GIB_TEST_SEAL_SUBJECT } from './seal.ts';

function readSingleEntry(zip: Buffer): Promise<{ name: string; data: Buffer }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err ?? new Error('zip'));
      z.once('entry', (e: yauzl.Entry) => {
        z.openReadStream(e, (e2, rs) => {
          if (e2 || !rs) return reject(e2 ?? new Error('zip'));
          const c: Buffer[] = [];
          rs.on('data', (d: Buffer) => c.push(d)).on('end', () => {
            resolve({ name: e.fileName, data: Buffer.concat(c) });
            z.close();
          });
        });
      });
      z.readEntry();
    });
  });
}

function zipOne(name: string, data: Buffer): Promise<Buffer> {
  const z = new yazl.ZipFile();
  z.addBuffer(data, name);
  z.end();
  return new Promise((resolve, reject) => {
    const c: Buffer[] = [];
    z.outputStream
      .on('data', (d: Buffer) => c.push(d))
      .on('end', () => resolve(Buffer.concat(c)))
      .on('error', reject);
  });
}

/** A look-alike "GİB TEST Mali Mühür" issued by a second, untrusted TEST CA (kept in the state folder). */
async function rogueSeal(stateDir: string): Promise<Seal> {
  const dir = path.join(stateDir, 'rogue');
  const cert = path.join(dir, 'seal.der');
  const key = path.join(dir, 'seal.key');
  if (!fs.existsSync(cert)) {
    const ca = await ensureDemoCa({ dir: path.join(dir, 'ca') });
    const c = await issueWithNewKey({ keyType: 'rsa', subject: GIB_TEST_SEAL_SUBJECT, issuer: ca });
    writeFileAtomic(key, c.privateKeyPem, 0o600);
    writeFileAtomic(cert, c.der, 0o644);
  }
  return { certDer: fs.readFileSync(cert), privateKey: createPrivateKey(fs.readFileSync(key)), keyType: 'rsa' };
}

/** Returns a damaged copy of an approved-berat zip. */
export async function tamperApproved(zip: Buffer, mode: 'countersignature' | 'berat-content' | 'untrusted-seal', stateDir: string): Promise<Buffer> {
  const { name, data } = await readSingleEntry(zip);
  let xml = data.toString('utf8');
  if (mode === 'countersignature') {
    xml = xml.replace(/(<ds:SignatureValue Id="GIB-Signature-[^"]+-value">)([A-Za-z0-9+/])/, (_m, p: string, c: string) => p + (c === 'A' ? 'B' : 'A'));
  } else if (mode === 'berat-content') {
    xml = xml.replace(/(<gl-cor:amount[^>]*>)(\d)/, (_m, p: string, d: string) => p + String((Number(d) + 1) % 10));
  } else {
    xml = xml.replace(/<xades:CounterSignature[\s\S]*?<\/xades:CounterSignature>/, '');
    xml = addCounterSignature(xml, await rogueSeal(stateDir));
  }
  return zipOne(name, Buffer.from(xml, 'utf8'));
}
