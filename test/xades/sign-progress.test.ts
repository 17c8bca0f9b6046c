/**
 * Progress of in-memory signing (issue 12 §3): signXmlBuffer reports the bytes canonicalized and
 * hashed — once for a small document, every 4 MiB for a large one, ending at the document's size —
 * and the signature is the same as without progress.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { signXmlBuffer, verifyXmlBuffer } from '../../packages/bridge/src/xades/index.ts';
import { buildSmall, testSigner, tmpDir } from '../ledger/helpers.ts';

describe('signXmlBuffer progress', () => {
  it('reports bytes: once when small, in 4 MiB steps when large; the signature verifies', async () => {
    const b = await buildSmall(tmpDir('sign-progress'), { entries: 4 });
    const small = fs.readFileSync(b.parts[0].y.path);
    const signer = await testSigner();
    const seen: [number, number][] = [];
    await signXmlBuffer(small, { signer, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([[small.length, small.length]]);

    // ~9 MiB: a comment is scanned (and hashed as nothing) like any other bytes
    const text = small.toString('utf8');
    const at = text.lastIndexOf('</edefter:defter>');
    const large = Buffer.from(`${text.slice(0, at)}<!-- ${'x'.repeat(9 << 20)} -->\n${text.slice(at)}`, 'utf8');
    seen.length = 0;
    const res = await signXmlBuffer(large, { signer, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.length).toBe(Math.ceil(large.length / (4 << 20)));
    expect(seen.every(([, t]) => t === large.length)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((x, y) => x - y));
    expect(seen.at(-1)).toEqual([large.length, large.length]);
    const v = await verifyXmlBuffer(res.xml);
    expect(v.ok, JSON.stringify(v)).toBe(true);
  }, 60_000);
});
