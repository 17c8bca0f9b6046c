/**
 * AtomicXmlFile (ledger/xml-out.ts) writes its full blocks in the background, one write in flight: the file it
 * commits holds every byte appended, in order, whatever the mix of appends, flushes, patches and tail moves; its
 * files are private (0600); and the error of a background write is thrown by the next flush or commit, never lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicXmlFile } from '../../packages/bridge/src/ledger/xml-out.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-out-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A deterministic text of `n` characters, with two- and three-byte UTF-8 characters in it. */
function text(seed: number, n: number): string {
  let s = '';
  let x = seed;
  const alphabet = 'abcçdefgğhıijklmnoöprsştuüvyz<>&ĞŞİ€ 0123456789\n';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += alphabet[x % alphabet.length];
  }
  return s;
}

describe('AtomicXmlFile', () => {
  it('commits every byte appended, in order, through background flushes, appended bytes and a patch', async () => {
    const file = path.join(dir, 'a.xml');
    const f = await AtomicXmlFile.create(file);
    const expected: Buffer[] = [];
    // about 5 MiB in pieces from a few bytes to 300 KiB: several blocks, writes in flight while appending
    for (let i = 0; i < 200; i++) {
      const s = text(i, i % 7 === 0 ? 300_000 : 1 + ((i * 977) % 20_000));
      if (i % 5 === 0) {
        const b = Buffer.from(s, 'utf8');
        f.appendBytes(b);
        expected.push(b);
      } else {
        expect(f.append(s)).toBe(Buffer.byteLength(s));
        expected.push(Buffer.from(s, 'utf8'));
      }
      if (f.backlog) await f.flush();
    }
    const all = Buffer.concat(expected);
    expect(f.bytes).toBe(all.length);
    // a fixed-width field patched in the middle, after the writes before it
    await f.patch(1_000_000, 'PATCHED!');
    all.write('PATCHED!', 1_000_000);
    expect(await f.commit()).toBe(all.length);
    expect(fs.readFileSync(file).equals(all)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('moves a tail to another file with the bytes of both kept in order', async () => {
    const a = await AtomicXmlFile.create(path.join(dir, 'b.xml'));
    const b = await AtomicXmlFile.create(path.join(dir, 'c.xml'));
    const head = text(1, 1_500_000);
    const tail = text(2, 2_500_000);
    await a.write(head);
    const cut = a.bytes;
    await a.write(tail);
    await b.write('<b>');
    await a.moveTail(cut, b);
    await b.write('</b>');
    expect(await a.commit()).toBe(Buffer.byteLength(head));
    await b.commit();
    expect(fs.readFileSync(path.join(dir, 'b.xml'), 'utf8')).toBe(head);
    expect(fs.readFileSync(path.join(dir, 'c.xml'), 'utf8')).toBe(`<b>${tail}</b>`);
  });

  it('throws the error of a background write at the next flush, and at commit', async () => {
    const file = path.join(dir, 'd.xml');
    const f = await AtomicXmlFile.create(file);
    // the file handle's writes fail from now on, as on a full disk
    const fh = (f as unknown as { fh: { writev: (...a: unknown[]) => Promise<unknown> } }).fh;
    fh.writev = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    f.append(text(3, 1_000));
    f.append(text(4, 600_000)); // does not fit the block: the first block is full
    expect(f.backlog).toBe(true);
    await f.flush(); // starts the write, which fails in the background
    await expect(f.flush()).rejects.toThrow(/ENOSPC/);
    await expect(f.commit()).rejects.toThrow(/ENOSPC/);
    await f.abort();
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.d.xml'))).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });
});
