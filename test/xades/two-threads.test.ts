/**
 * Signing on two threads (xades/split-scan.ts, `twoThreads`): the second thread canonicalizes every other block of
 * entryHeaders from a guessed scanner state, checked at every cut. Whatever the cuts hit, the document digest, the
 * signed file's bytes and the errors must be those of one thread, and xmlsec1 must verify the result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJournal } from '../../bench/journal-gen.ts';
import { signXmlFile, verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';
import { certificatesFrom } from '../../packages/bridge/src/xades/verify-chain.ts';
import { CA_PEM, softSigner, tmpDir, xmlsecVerify } from './helpers.ts';

let dir: string;
let signer: RawSigner;
const when = new Date(Date.now() + 60_000); // one SigningTime for both runs (the certificate is issued now)

/** DigestValue of the Reference with URI="" (the document's canonical form). */
function documentDigest(file: string): string {
  const xml = fs.readFileSync(file, 'latin1');
  const m = /<ds:Reference[^>]*URI=""[^>]*>[\s\S]*?<ds:DigestValue>([^<]+)<\/ds:DigestValue>/.exec(xml);
  if (!m) throw new Error(`no document reference in ${file}`);
  return m[1];
}

/** The signed file without its ds:Signature: must be the input's bytes. */
function withoutSignature(file: string): Buffer {
  const b = fs.readFileSync(file);
  const s = b.indexOf('<ds:Signature');
  const e = b.indexOf('</ds:Signature>', s) + '</ds:Signature>'.length;
  return Buffer.concat([b.subarray(0, s), b.subarray(e)]);
}

async function signBoth(input: string, splitBlock: number) {
  const one = path.join(dir, `one-${path.basename(input)}`);
  const two = path.join(dir, `two-${splitBlock}-${path.basename(input)}`);
  await signXmlFile({ input, output: one, signer, signingTime: when, outputSha256: false });
  const r = await signXmlFile({ input, output: two, signer, signingTime: when, outputSha256: false, twoThreads: true, splitBlock });
  return { one, two, r };
}

/** A journal with traps near every cut: entryHeader look-alikes in comments and CDATA, nested ones, declarations. */
function trapped(src: string): string {
  let k = 0;
  return src
    .replace(/<gl-cor:entryHeader>/g, (m) => {
      k++;
      if (k % 5 === 4) return `<!-- <gl-cor:entryHeader> -->${m}`;
      if (k % 5 === 2) return '<gl-cor:entryHeader xmlns:x="urn:example:x">';
      if (k % 5 === 3) return `${m}<gl-cor:entryHeader>iç içe</gl-cor:entryHeader>`;
      return m;
    })
    .replace(/>Merkez TL Kasası</g, () => '><![CDATA[a <gl-cor:entryHeader> b]]><');
}

beforeAll(async () => {
  dir = tmpDir('two-threads');
  signer = await softSigner({ keyType: 'rsa' });
  await writeJournal(path.join(dir, 'plain.xml'), 1.5e6);
  await writeJournal(path.join(dir, 'messy.xml'), 1.5e6, { messy: true });
  fs.writeFileSync(path.join(dir, 'trapped.xml'), trapped(fs.readFileSync(path.join(dir, 'plain.xml'), 'utf8')));
  fs.writeFileSync(path.join(dir, 'trapped-messy.xml'), trapped(fs.readFileSync(path.join(dir, 'messy.xml'), 'utf8')));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('two-thread signing gives the one-thread signature', () => {
  for (const name of ['plain.xml', 'messy.xml', 'trapped.xml', 'trapped-messy.xml']) {
    for (const block of [1500, 7777, 65536]) {
      it(`${name}, blocks of ${block} bytes`, async () => {
        const input = path.join(dir, name);
        const { one, two, r } = await signBoth(input, block);
        expect(documentDigest(two)).toBe(documentDigest(one));
        expect(withoutSignature(two).equals(fs.readFileSync(input))).toBe(true);
        // a trap at every cut is possible with few cuts: then the signing thread did it all, which is also right
        if (!name.startsWith('trapped') || block < 65536) expect(r.splitBlocks).toBeGreaterThan(0);
        const v = await verifyXmlFile(two, { trustedCerts: certificatesFrom(fs.readFileSync(CA_PEM)) });
        expect(v.ok, JSON.stringify(v.errors)).toBe(true);
        if (block === 7777) expect(xmlsecVerify(two).ok).toBe(true);
      }, 60_000);
    }
  }
});

describe('default blocks (4 MiB)', () => {
  it('a 12 MB journal: the worker takes blocks whose canonical bytes share slabs with the writer buffers', async () => {
    const input = path.join(dir, 'large.xml');
    await writeJournal(input, 12e6);
    const one = path.join(dir, 'one-large.xml');
    const two = path.join(dir, 'two-large.xml');
    await signXmlFile({ input, output: one, signer, signingTime: when, outputSha256: false });
    const r = await signXmlFile({ input, output: two, signer, signingTime: when, outputSha256: false, twoThreads: true });
    expect(r.splitBlocks).toBeGreaterThan(0);
    expect(documentDigest(two)).toBe(documentDigest(one));
    expect(withoutSignature(two).equals(fs.readFileSync(input))).toBe(true);
  }, 60_000);
});

describe('after a cut that does not check out', () => {
  it('later blocks are taken from the worker again (it replays the head for them)', async () => {
    const src = fs.readFileSync(path.join(dir, 'plain.xml'), 'utf8');
    // one look-alike in a comment at about a third of the file: the cut there fails, the ones after it must not
    const at = src.indexOf('<gl-cor:entryHeader>', Math.floor(src.length / 3));
    const one = path.join(dir, 'one-trap.xml');
    fs.writeFileSync(one, `${src.slice(0, at)}<!-- <gl-cor:entryHeader> -->${src.slice(at)}`);
    const clean = await signBoth(path.join(dir, 'plain.xml'), 7777);
    const trapped = await signBoth(one, 7777);
    expect(documentDigest(trapped.two)).toBe(documentDigest(trapped.one));
    expect(trapped.r.splitBlocks).toBeGreaterThanOrEqual(clean.r.splitBlocks! - 2);
  }, 60_000);
});

describe('errors are those of one thread', () => {
  it('a broken end tag in a late block', async () => {
    const src = fs.readFileSync(path.join(dir, 'plain.xml'), 'utf8');
    const at = src.indexOf('</gl-cor:entryHeader>', Math.floor(src.length * 0.7));
    const bad = path.join(dir, 'broken.xml');
    fs.writeFileSync(bad, `${src.slice(0, at)}</gl-cor:entryHeadr>${src.slice(at + '</gl-cor:entryHeader>'.length)}`);
    const err = async (twoThreads: boolean) =>
      signXmlFile({ input: bad, output: path.join(dir, 'broken-out.xml'), signer, twoThreads, splitBlock: 3000 }).then(
        () => null,
        (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
      );
    const a = await err(false);
    expect(a?.code).toBe('NOT_XML');
    expect(await err(true)).toEqual(a);
    expect(fs.readdirSync(dir).filter((f) => f.includes('broken-out'))).toEqual([]);
  });
});
