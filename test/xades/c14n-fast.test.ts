/**
 * The canonicalizer's WebAssembly hot path (packages/bridge/assembly/c14n-fast.ts, xades/c14n/fast-path.ts) against the
 * scanner without it: the same canonical bytes, and the same error at the same offset, on the C14N torture set (with
 * CRLF and lone-CR variants), on plain and pretty-printed CRLF journals and on journals with what it must leave to
 * the scanner (references, `>` and CR in text, comments, CDATA, declarations and prefixed attributes in the body,
 * respaced end tags, faults), each fed in chunks of awkward sizes; and the generated module is what its source builds
 * to. The torture set is also checked against libxml2 and xmlsec1 in c14n.test.ts, with the hot path on.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeJournal } from '../../bench/journal-gen.ts';
import { FAST_FROM } from '../../packages/bridge/src/xades/c14n/fast-path.ts';
import { BufferSink, C14nScanner, CanonicalWriter } from '../../packages/bridge/src/xades/index.ts';
import { tmpDir, TORTURE_DIR } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const work = tmpDir('c14n-fast');

type Outcome = { out: Buffer; fastBytes: number } | { error: string };

/** `wasmFrom` 0: the hot path from the first cached tag (production starts it after FAST_FROM bytes). */
function scan(data: Buffer, chunk: number, wasm: boolean, withComments = false, wasmFrom = 0): Outcome {
  const sink = new BufferSink();
  const sc = new C14nScanner(new CanonicalWriter(sink), { withComments, wasm, wasmFrom, topLevelSignature: 'reject' });
  try {
    for (let i = 0; i < data.length; i += chunk) sc.push(data, i, Math.min(data.length, i + chunk));
    sc.finish();
  } catch (e) {
    const x = e as Error & { code?: string; details?: unknown };
    return { error: `${x.code ?? ''} ${x.message} ${JSON.stringify(x.details ?? null)}` };
  }
  return { out: sink.result(), fastBytes: sc.fast?.bytesDone ?? 0 };
}

/** Scans with and without the hot path; they must agree. @returns the hot path's outcome */
function same(data: Buffer, chunk: number, withComments = false, wasmFrom = 0): Outcome {
  const a = scan(data, chunk, true, withComments, wasmFrom);
  const b = scan(data, chunk, false, withComments);
  if ('error' in a || 'error' in b) expect('error' in a ? a.error : 'no error').toBe('error' in b ? b.error : 'no error');
  else expect(a.out.equals(b.out)).toBe(true);
  return a;
}

/** A journal with what the hot path leaves to the scanner, scattered through its body. */
function spiced(src: string): string {
  let k = 0;
  return src.replace(/<gl-cor:entryDetail>/g, (m) => {
    k++;
    switch (k % 9) {
      case 1:
        return `${m}<!-- yorum > ve & -->`;
      case 2:
        return `${m}<gl-cor:detailComment>a &amp; b &#x3E; c > d\r\ne\rf&#13;</gl-cor:detailComment>`;
      case 3:
        return `${m}<gl-cor:detailComment><![CDATA[<x> & ]]></gl-cor:detailComment>`;
      case 4:
        return `<gl-cor:entryDetail xmlns:x="urn:example:x" x:a='1'>`;
      case 5:
        return `${m}<?pi hedef?><gl-cor:detailComment   a="2"    b='1'  />`;
      case 6:
        return `${m}<gl-cor:detailComment>bir</gl-cor:detailComment  >`;
      case 7:
        return `${m}<x:y xmlns:x="urn:example:y"><x:z/></x:y>`;
      default:
        return m;
    }
  });
}

const journals: { name: string; data: Buffer }[] = [];

beforeAll(async () => {
  const plain = path.join(work, 'plain.xml');
  const messy = path.join(work, 'messy.xml');
  await writeJournal(plain, 400_000);
  await writeJournal(messy, 400_000, { messy: true });
  const p = fs.readFileSync(plain);
  const m = fs.readFileSync(messy);
  journals.push({ name: 'plain', data: p }, { name: 'messy', data: m });
  journals.push({ name: 'plain, spiced', data: Buffer.from(spiced(p.toString('utf8')), 'utf8') });
  journals.push({ name: 'messy, spiced', data: Buffer.from(spiced(m.toString('utf8')), 'utf8') });
});

describe('c14n WebAssembly hot path', () => {
  it('the generated module is what assembly/c14n-fast.ts builds to', () => {
    const out = execFileSync(process.execPath, [path.join(root, 'packages/bridge/scripts/build-wasm.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
  });

  it('torture set (and its CRLF / CR variants), chunks of 1 to 4097 bytes: same bytes as without it', () => {
    const files = fs.readdirSync(TORTURE_DIR).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = fs.readFileSync(path.join(TORTURE_DIR, f));
      for (const data of [
        text,
        Buffer.from(text.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
        Buffer.from(text.toString('latin1').replace(/\n/g, '\r'), 'latin1'),
      ]) {
        for (const chunk of [1, 2, 3, 7, 64, 4097, data.length]) {
          same(data, chunk);
          same(data, chunk, true);
        }
      }
    }
  });

  it('journals, plain and pretty-printed with CRLF, with and without traps: same bytes, and the hot path did most of it', () => {
    for (const { name, data } of journals) {
      for (const chunk of [333, 4096, 65_537, 1 << 20]) {
        const r = same(data, chunk);
        if ('error' in r) throw new Error(`${name}: ${r.error}`);
        // the traps, the first entry (before the cache knows the tags) and what a chunk's end cuts go through the scanner itself
        expect(r.fastBytes / data.length, `${name}, chunks of ${chunk}`).toBeGreaterThan(name.includes('spiced') || chunk < 4096 ? 0.5 : 0.85);
      }
      // as in production: the module is made after 256 KiB and mirrors the entries learnt until then
      const late = same(data, 65_537, false, FAST_FROM);
      if ('error' in late) throw new Error(`${name}: ${late.error}`);
      expect(late.fastBytes, name).toBeGreaterThan(0);
      expect(late.fastBytes, name).toBeLessThanOrEqual(data.length - FAST_FROM + 65_537); // nothing in the first chunks
    }
  });

  it('a canonical body much longer than the window (one raw run across windows), in one push and in chunks', () => {
    const head = '<r xmlns:a="urn:a" xmlns:xbrli="http://www.xbrl.org/2003/instance"><a:c><xbrli:identifier>6090408038</xbrli:identifier></a:c><a:b>';
    let body = '';
    for (let k = 0; k < 30_000; k++) body += `<a:e><a:s><a:d>açıklama ${k}</a:d><a:id>${k}</a:id></a:s><a:x n="1">${k}</a:x></a:e>`;
    const data = Buffer.from(`${head}${body}</a:b></r>`, 'utf8');
    for (const chunk of [data.length, 1 << 20, 65_537]) {
      const r = same(data, chunk);
      if ('error' in r) throw new Error(r.error);
      expect(r.fastBytes / data.length).toBeGreaterThan(0.95);
    }
  });

  it('500 random bodies (repeated tags, CR, CRLF, `>`, references, comments, `/>`, quotes, faults) in random chunks: same outcome', () => {
    let seed = 0x5eed;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)];
    const starts = ['<a:e>', "<a:e k='1'>", '<a:e  k="1" j="2">', '<a:f>', '<a:g z="1" a="2">', '<a:e\r\nk="1">'];
    const texts = ['x', 'açık', ' \r\n  ', '\r', 'a > b', '&amp;', '&#x3E;', '<!-- c -->', '<?p q?>', '<![CDATA[>]]>', '<a:h/>', "<a:h b='1'/>", '', ''];
    let fast = 0;
    let total = 0;
    for (let doc = 0; doc < 500; doc++) {
      let body = '';
      const open: string[] = [];
      for (let k = 0; k < 200; k++) {
        const r = rnd(10);
        if (r < 4 && open.length < 6) {
          const t = pick(starts);
          body += t;
          open.push(t.slice(1, 4));
        } else if (r < 7 && open.length > 0) body += `</${open.pop()}${rnd(20) === 0 ? ' ' : ''}>`;
        else body += pick(texts);
      }
      while (open.length > 0) body += `</${open.pop()}>`;
      if (rnd(10) === 0) body = body.slice(0, rnd(body.length)); // a fault: cut anywhere
      const xml = `<r xmlns:a="urn:a" xmlns:xbrli="http://www.xbrl.org/2003/instance"><a:c><xbrli:identifier>1</xbrli:identifier></a:c><a:b>${body}</a:b></r>`;
      const data = Buffer.from(xml, 'utf8');
      const r = same(data, 1 + rnd(data.length));
      same(data, 1 + rnd(64), rnd(2) === 0);
      if (!('error' in r)) fast += r.fastBytes;
      total += data.length;
    }
    expect(fast / total).toBeGreaterThan(0.1); // the hot path ran between the constructs it leaves to the scanner
  });

  it('faults in the body: the same error at the same offset', () => {
    const m = journals[1].data.toString('utf8');
    const at = m.indexOf('<gl-cor:entryDetail>', m.length >> 1);
    const faults = [
      m.slice(0, at) + '</gl-cor:entryDetailx>' + m.slice(at), // an end tag that closes nothing open
      m.slice(0, at) + '<gl-cor:amount>1' + m.slice(at), // an element never closed
      m.slice(0, at) + '<gl-cor:a b="1" b="2">' + m.slice(at), // duplicate attribute
      m.slice(0, at) + '&bilinmeyen;' + m.slice(at), // undeclared entity
      m.slice(0, at) + '<![CDATA[ açık' + m.slice(at), // unterminated CDATA
      m.slice(0, m.length - 40), // truncated
    ];
    for (const f of faults) {
      const data = Buffer.from(f, 'utf8');
      for (const chunk of [1000, 65_536]) {
        const r = same(data, chunk);
        expect('error' in r).toBe(true);
      }
    }
  });
});
