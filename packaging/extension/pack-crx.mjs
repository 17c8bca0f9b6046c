#!/usr/bin/env node
// Packs the Chromium release zip into a CRX3 file signed with the extension's private key, for the self-hosted install
// that the Chromium policy snippet names (packaging/policies/update.xml.in → edefter-chromium-<version>.crx).
//
// The private key never enters the repository: it is held offline and passed with --key at release time. The key's
// public half must be the `key` in the zip's manifest (packages/protocol/src/extension-id.ts), or the CRX would give
// another extension id than the one the host manifests allow; --any-id skips that check (tests only).
//
// CRX3 (Chromium components/crx_file): "Cr24", uint32 LE 3, uint32 LE header size, a CrxFileHeader protobuf
// { 2: AsymmetricKeyProof sha256_with_rsa { 1: SPKI DER, 2: signature }, 10000: SignedData { 1: crx_id (16 bytes) } },
// then the zip bytes. The RSA PKCS#1 v1.5 SHA-256 signature covers "CRX3 SignedData\x00" + uint32 LE size of SignedData
// + SignedData + the zip. PKCS#1 v1.5 signatures are deterministic: same zip and key, same CRX bytes.
// Usage: node packaging/extension/pack-crx.mjs --key KEY.pem [--zip FILE] [--out FILE] [--any-id]
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `--name value` from argv, or undefined. */
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** Protobuf varint bytes of `n` (n < 2^31). */
function varint(n) {
  const out = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
/** One length-delimited protobuf field. */
const field = (num, bytes) => Buffer.concat([varint((num << 3) | 2), varint(bytes.length), bytes]);

/** The bytes of `name` inside a zip (central directory lookup; stored or deflated). */
function zipEntry(zip, name) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const nlen = zip.readUInt16LE(p + 28);
    if (zip.subarray(p + 46, p + 46 + nlen).toString('utf8') === name) {
      const local = zip.readUInt32LE(p + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + zip.readUInt32LE(p + 20));
      return zip.readUInt16LE(p + 10) === 8 ? inflateRawSync(raw) : raw;
    }
    p += 46 + nlen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  throw new Error(`pack-crx: ${name} not in the zip`);
}

/** Chrome's extension id of an SPKI: first 16 bytes of SHA-256, hex digits 0-f written a-p. */
const idOf = (spki) => [...createHash('sha256').update(spki).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');

/**
 * Builds the CRX3 bytes of `zip` signed with `privateKeyPem` (RSA).
 * @returns `{ crx, id }`
 */
export function packCrx3(zip, privateKeyPem) {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`pack-crx: an RSA private key is needed, got ${key.asymmetricKeyType}`);
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const crxId = createHash('sha256').update(spki).digest().subarray(0, 16);
  const signedData = field(1, crxId);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(signedData.length);
  const signature = sign('sha256', Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), size, signedData, zip]), key);
  const header = Buffer.concat([field(2, Buffer.concat([field(1, spki), field(2, signature)])), field(10000, signedData)]);
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'latin1');
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return { crx: Buffer.concat([prefix, header, zip]), id: idOf(spki), spki };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const keyFile = arg('--key');
  if (!keyFile) {
    console.error('usage: pack-crx.mjs --key KEY.pem [--zip FILE] [--out FILE] [--any-id]');
    process.exit(2);
  }
  const version = JSON.parse(readFileSync(join(ROOT, 'packages/extension/package.json'), 'utf8')).version;
  const zipFile = resolve(arg('--zip') ?? join(ROOT, `dist-release/extension/edefter-chromium-${version}.zip`));
  const zip = readFileSync(zipFile);
  const manifest = JSON.parse(zipEntry(zip, 'manifest.json').toString('utf8'));
  const out = resolve(arg('--out') ?? zipFile.replace(/\.zip$/, '.crx'));
  const { crx, id, spki } = packCrx3(zip, readFileSync(keyFile, 'utf8'));
  if (manifest.key !== spki.toString('base64') && !process.argv.includes('--any-id')) {
    console.error(
      `pack-crx: this key gives the extension id ${id}, but the manifest's key gives ${idOf(Buffer.from(manifest.key ?? '', 'base64'))};` +
        ' use the private key of packages/protocol/src/extension-id.ts (held offline)',
    );
    process.exit(1);
  }
  writeFileSync(`${out}.tmp`, crx, { mode: 0o644 });
  renameSync(`${out}.tmp`, out);
  console.log(`[extension] ${out} id ${id} sha256 ${createHash('sha256').update(crx).digest('hex')}`);
}
