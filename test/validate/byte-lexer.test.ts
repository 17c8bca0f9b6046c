/**
 * The byte lexer (packages/bridge/src/validate/byte-lexer.ts, fed by lexFile in validate/xml-read.ts) against the
 * string lexer (validate/xml-lexer.ts, the reference): on seeded random documents and on single faults in them, in
 * reads of 7 bytes to the default 128 KiB, the same tokens with the same lines and columns, and the same error (class,
 * message, line) after the same tokens. The documents mix what a ledger has (indentation, repeated tags, Turkish text,
 * references) with what it rarely has (tabs, CRLF, newlines and `>` inside tags, comments and CDATA holding `<`,
 * processing instructions, a BOM, one long line). Bytes that are not UTF-8 are a TypeError after the tokens before the
 * last `<` ahead of them (a syntax error there comes first), which says where the bad byte is; layer a reports it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../packages/bridge/src/bytes/utf8.ts';
import { checkFile } from '../../packages/bridge/src/validate/own/index.ts';
import { XmlLexer, type LexerHandler } from '../../packages/bridge/src/validate/xml-lexer.ts';
import { TEXT } from '../../packages/bridge/src/validate/unit-record.ts';
import { lexFile } from '../../packages/bridge/src/validate/xml-read.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-bytelexer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Tokens as lines: `S name|attrs|selfClosing|line|column`, `E name|line`, `T "text"|line`, `P target|data|line`. */
function recorder(out: string[]): LexerHandler {
  return {
    start: (q, a, sc, l, c) => void out.push(`S ${q}|${a}|${sc}|${l}|${c}`),
    end: (q, l) => void out.push(`E ${q}|${l}`),
    text: (t, l) => void out.push(`T ${JSON.stringify(t)}|${l}`),
    pi: (t, d, l) => void out.push(`P ${t}|${JSON.stringify(d)}|${l}`),
  };
}

/** What a lexer made of a document: its tokens and the error that stopped it, as `class: message @line`. */
interface Outcome {
  tokens: string[];
  error: string | null;
}

function errorOf(e: unknown): string {
  const x = e as Error & { line?: number };
  return `${x.constructor.name}: ${x.message} @${x.line ?? '-'}`;
}

/** The reference: the string lexer over the whole text (a BOM is what TextDecoder drops). */
function reference(xml: string): Outcome {
  const tokens: string[] = [];
  try {
    const lx = new XmlLexer(recorder(tokens));
    lx.push(xml.startsWith('\ufeff') ? xml.slice(1) : xml);
    lx.end();
    return { tokens, error: null };
  } catch (e) {
    return { tokens, error: errorOf(e) };
  }
}

let fileNo = 0;
async function viaBytes(bytes: Uint8Array, chunkBytes?: number): Promise<Outcome> {
  const file = path.join(dir, `d${fileNo++}.xml`);
  fs.writeFileSync(file, bytes);
  const tokens: string[] = [];
  try {
    await lexFile(file, recorder(tokens), chunkBytes ? { chunkBytes } : {});
    return { tokens, error: null };
  } catch (e) {
    return { tokens, error: errorOf(e) };
  } finally {
    fs.rmSync(file);
  }
}

/** mulberry32: a small seeded generator, so that a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['gl-cor:entryDetail', 'gl-cor:amount', 'a', 'b', 'ş:öğe', 'xbrli:context', 'gl-bus:measurable', 'İ'];
const TEXTS = ['320', 'SATICILAR', 'Öztürk Tarım A.Ş.', 'x &amp; y', '&#x41;&#66;', 'a > b', 'çğıöşü İĞ', '😀 emoji', ' ', '1.5'];
const ATTRS = ['', ' contextRef="journal_context"', ' decimals="INF" unitRef="try"', " k='x>y'", ' a="ğ ü"', '\n   n="1"\n', ' t="&amp;"', '\tq="1" '];

/** A random document: nested elements with the constructs of the file comment. */
function document(r: () => number, oneLine: boolean): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const nl = (depth: number): string => (oneLine ? '' : (r() < 0.1 ? '\r\n' : '\n') + (r() < 0.1 ? '\t'.repeat(depth) : '  '.repeat(depth)));
  let out = r() < 0.2 ? '\ufeff' : '';
  if (r() < 0.7) out += '<?xml version="1.0" encoding="UTF-8"?>';
  if (r() < 0.3) out += `${nl(0)}<?xml-stylesheet type="text/xsl" href="y.xslt"?>`;
  if (r() < 0.2) out += `${nl(0)}<!-- başlık <not a tag> -->`;
  const el = (depth: number): string => {
    const name = pick(NAMES);
    const attrs = pick(ATTRS);
    if (depth > 4 || r() < 0.2) return `<${name}${attrs}${r() < 0.5 ? '/>' : ' />'}`;
    let s = `<${name}${attrs}>`;
    const kids = Math.floor(r() * 5);
    if (kids === 0) s += pick(TEXTS);
    for (let k = 0; k < kids; k++) {
      s += nl(depth + 1);
      const u = r();
      if (u < 0.05) s += '<!-- yorum <x> -->';
      else if (u < 0.08) s += '<![CDATA[<ham> & ]]>';
      else if (u < 0.1) s += '<?pi veri?>';
      else if (u < 0.2) s += pick(TEXTS);
      else s += el(depth + 1);
    }
    return `${s + nl(depth)}</${name}${r() < 0.05 ? ' ' : r() < 0.05 ? '\n ' : ''}>`;
  };
  // a ledger-like run first: the same tags again and again, so the byte lexer's tag cache is hit
  let body = '';
  const same = el(2);
  for (let k = 0; k < 1 + Math.floor(r() * 40); k++) body += nl(1) + (r() < 0.8 ? same : el(1));
  out += `${nl(0)}<r xmlns:ş="urn:x">${body}${nl(0)}</r>${nl(0)}`;
  return out;
}

/** One fault in `xml`: a character deleted, or something that breaks well-formedness inserted. */
function fault(r: () => number, xml: string): string {
  // by code points: half of a surrogate pair is not a character UTF-8 can hold
  const cps = Array.from(xml);
  const at = 1 + Math.floor(r() * (cps.length - 1));
  const u = r();
  if (u < 0.4) return cps.slice(0, at).join('') + cps.slice(at + 1).join('');
  const bad = [
    '<',
    '&',
    '&nbsp;',
    '</x>',
    '<!DOCTYPE r>',
    '"',
    '<?xml version="1.0"?>',
    ']]>',
    '<r/>',
    '\n<',
    '<!-',
    '<a\n',
    '\u0001',
    '\u000b',
    '&#1;',
    '&#xFFFE;',
    ' x',
    '=',
    ' a=1',
    '--',
    '<?XmL x?>',
    '<? x?>',
  ];
  return cps.slice(0, at).join('') + bad[Math.floor(r() * bad.length)] + cps.slice(at).join('');
}

const READS = [7, 64, 1000, 0];

describe('byte lexer against the string lexer', () => {
  it('the same tokens, lines and columns on 300 random documents, in reads of 7 bytes to 128 KiB', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const xml = document(rng(seed), seed % 5 === 0);
      const want = reference(xml);
      expect(want.error, `seed ${seed} is well-formed`).toBeNull();
      const bytes = Buffer.from(xml, 'utf8');
      for (const n of READS) {
        const got = await viaBytes(bytes, n);
        expect(got, `seed ${seed}, reads of ${n || 'default'}`).toEqual(want);
      }
    }
  });

  it('the same error after the same tokens on 600 single faults', async () => {
    let errors = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const r = rng(10_000 + seed);
      const xml = fault(r, document(r, seed % 4 === 0));
      const want = reference(xml);
      if (want.error) errors++;
      const bytes = Buffer.from(xml, 'utf8');
      for (const n of [7, 0]) {
        const got = await viaBytes(bytes, n);
        expect(got, `seed ${seed}, reads of ${n || 'default'}: ${JSON.stringify(xml.slice(0, 300))}`).toEqual(want);
      }
    }
    // most faults break the document (a deleted character in text or an attribute value does not)
    expect(errors).toBeGreaterThan(300);
  });

  it('characters XML does not allow (§2.2), raw or referenced, in every construct: the same error and line; the allowed edges pass', async () => {
    const at = (inner: string, before = '<r a="1">\n  <b>x</b>\n  ') => `<?xml version="1.0"?>\n${before}${inner}\n</r>\n`;
    const refused = [
      at('<c>a\u0001b</c>'),
      at('<c>a\u000bb</c>'),
      at('<c>a\u001fb</c>'),
      at('<c>\n\u000c</c>'),
      at('<c>çok uzun bir açıklama, kısa ASCII metinlerden uzun\u0002</c>'),
      at('<c k="v\u0001"/>'),
      at('<!-- yorum \u0001 -->'),
      at('<![CDATA[\u0001]]>'),
      at('<?pi veri\u0001?>'),
      at('<c>\ufffe</c>'),
      at('<c>\uffff</c>'),
      at('<c>&#1;</c>'),
      at('<c>&#x0;</c>'),
      at('<c>&#xB;</c>'),
      at('<c>&#xFFFE;</c>'),
      at('<c>&#xD800;</c>'),
      at('<c>&#x110000;</c>'),
      at('<c k="&#2;"/>'),
      `<r>\u0001</r>\n`,
      `<r/>\u0001\n`,
    ];
    for (const xml of refused) {
      const want = reference(xml);
      expect(String(want.error), JSON.stringify(xml)).toMatch(/XML'de izin verilmeyen .*\(a (reference to a )?character XML does not allow\)/);
      for (const n of [7, 0]) expect(await viaBytes(Buffer.from(xml, 'utf8'), n), `${JSON.stringify(xml)}, reads of ${n || 'default'}`).toEqual(want);
    }
    // tab, LF, CR and the ends of the allowed ranges, raw and referenced
    const allowed = at('<c k="&#9;&#xA;&#xD;">\t\r\n\u007f\ud7ff\ue000\ufffd😀&#x9;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;&#127;</c>');
    const want = reference(allowed);
    expect(want.error).toBeNull();
    expect(await viaBytes(Buffer.from(allowed, 'utf8'), 0)).toEqual(want);
  });

  it('columns on one long line of Turkish text and tags (a canonical file), far past one read', async () => {
    const xml = `<r>${'<a k="ş">ğüşİ 😀</a><b/>'.repeat(20_000)}</r>`;
    const want = reference(xml);
    expect(want.tokens.at(-3)).toMatch(/^S b\|\|true\|1\|\d{6}$/);
    expect(await viaBytes(Buffer.from(xml, 'utf8'), 4096)).toEqual(want);
  });

  it('more distinct start tags than it remembers (ever-new attribute values): the same tokens past the limit', async () => {
    const xml = `<r>${Array.from({ length: 6000 }, (_, i) => `<e n="${i}">${i % 7 === 0 ? 'ş' : ''}</e><f/>`).join('\n')}</r>`;
    expect(await viaBytes(Buffer.from(xml, 'utf8'), 1000)).toEqual(reference(xml));
  });

  it('a long text without markup (an embedded PDF as base64) over many reads, and a comment that holds a <', async () => {
    const b64 = Buffer.alloc(3 << 20, 7).toString('base64');
    const xml = `<r>\n  <b:o xmlns:b="urn:b" mimeCode="application/pdf">${b64}</b:o>\n  <!-- a < b, ${'x'.repeat(9000)} -->\n</r>\n`;
    const want = reference(xml);
    expect(want.tokens).toContain(`T ${JSON.stringify(b64)}|2`);
    expect(await viaBytes(Buffer.from(xml, 'utf8'), 4096)).toEqual(want);
  });

  it('bytes that are not UTF-8: a TypeError after the tokens before the last < ahead of them, or a syntax error there', async () => {
    const head = Buffer.from('<r>\n  <a>ok</a>\n  <b>');
    const tail = Buffer.from('</b>\n</r>\n');
    for (const bad of [[0xff], [0xc3], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]]) {
      const got = await viaBytes(Buffer.concat([head, Buffer.from(bad), tail]));
      // the bad byte is on line 3
      expect(got.error).toMatch(/^TypeError: The encoded data was not valid for encoding utf-8 @3$/);
      expect(got.tokens).toEqual(reference('<r>\n  <a>ok</a>\n  ').tokens);
    }
    const first = await viaBytes(Buffer.concat([Buffer.from('<r><a></b><c>'), Buffer.from([0xff]), tail]));
    expect(first.error).toMatch(/^XmlSyntaxError: .*mismatched end tag/);
    // a sequence the file's end cuts
    expect((await viaBytes(Buffer.from([...Buffer.from('<r/>'), 0xe2, 0x82]))).error).toMatch(/^TypeError/);
  });

  it('layer a names the line and byte offset of the first byte that is not UTF-8, far into a file and after a BOM', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `  <e n="${i}">Öztürk ${i}</e>`);
    const head = Buffer.from(`\ufeff<r>\n${lines.join('\n')}\n  <e>`);
    const file = path.join(dir, 'bad-utf8.xml');
    fs.writeFileSync(file, Buffer.concat([head, Buffer.from([0xc3, 0x28]), Buffer.from('</e>\n</r>\n')]));
    const r = await checkFile(file);
    expect(r.findings.map((f) => [f.code, f.xmlLine, f.tr, f.en])).toEqual([
      ['ENCODING', 40_002, `dosya geçerli UTF-8 değil (bayt konumu ${head.length})`, `the file is not valid UTF-8 (byte offset ${head.length})`],
    ]);
  });

  it('a syntax error carries the column of the construct where it was found, and layer a reports file:line:column', async () => {
    const cases: [string, number, number][] = [
      ['<r>\n  <a>ş</b>\n</r>', 2, 7], // the end tag
      ['<r>\n  <a>x &foo; y</a>\n</r>', 2, 6], // the text holding the undefined entity
      ['<r/>\n x', 1, 5], // text after the root
      ['<r>\n\t<a x="<"/></r>', 2, 2], // a < in an attribute value
      ['<r>😀<a/><a/></r><s/>', 1, 18], // a second root, after a character of two UTF-16 units
    ];
    for (const [xml, line, column] of cases) {
      const file = path.join(dir, 'col.xml');
      fs.writeFileSync(file, xml);
      const err = await lexFile(file, recorder([])).then(
        () => null,
        (e: unknown) => e as { line: number; column?: number },
      );
      expect([err?.line, err?.column], xml).toEqual([line, column]);
      const r = await checkFile(file);
      expect(
        r.findings.map((f) => [f.code, f.xmlLine, f.column]),
        xml,
      ).toEqual([['NOT_XML', line, column]]);
    }
  });

  it('firstInvalidUtf8 agrees with TextDecoder on every 1- to 3-byte sequence after ASCII', () => {
    const dec = new TextDecoder('utf-8', { fatal: true });
    const ok = (b: Uint8Array) => {
      try {
        dec.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const probe = [
      0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
    ];
    for (const a of probe)
      for (const b of probe)
        for (const c of probe) {
          for (const seq of [[a], [a, b], [a, b, c], [a, b, c, 0x80]]) {
            const bytes = Uint8Array.from([0x41, ...seq]);
            expect(firstInvalidUtf8(bytes, 0, bytes.length) < 0, seq.map((x) => x.toString(16)).join(' ')).toBe(ok(bytes));
          }
        }
  });
});

/** Lexes `bytes` with unit records of `unitTag`, each replayed to the recorder (as a layer without a shape path does). */
async function viaUnits(bytes: Uint8Array, unitTag: string, chunkBytes?: number, shapes?: Map<string, Set<number>>): Promise<Outcome> {
  const file = path.join(dir, `u${fileNo++}.xml`);
  fs.writeFileSync(file, bytes);
  const tokens: string[] = [];
  const h = recorder(tokens);
  h.takeUnit = (rec) => {
    const before = tokens.length;
    rec.replay(h);
    // the same shape id must mean the same tokens but for the values
    if (shapes && rec.shape >= 0) {
      const key = tokens
        .slice(before)
        .map((t, i) => (rec.kinds[i] === TEXT ? 'T' : t.replace(/\|\d+(\|\d+)?$/, '')))
        .join('\n');
      const ids = shapes.get(key) ?? new Set<number>();
      ids.add(rec.shape);
      shapes.set(key, ids);
    }
  };
  try {
    await lexFile(file, h, { unitTag, ...(chunkBytes ? { chunkBytes } : {}) });
    return { tokens, error: null };
  } catch (e) {
    return { tokens, error: errorOf(e) };
  } finally {
    fs.rmSync(file);
  }
}

describe('unit records (docs/validation-shapes.md)', () => {
  it('replayed records give the very tokens, lines, columns and errors of a plain lex: 200 documents, 300 faults, reads of 7 bytes to 128 KiB', async () => {
    let shaped = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      let xml = document(r, seed % 5 === 0);
      if (seed > 200) xml = fault(r, xml);
      const bytes = Buffer.from(xml, 'utf8');
      const want = await viaBytes(bytes);
      for (const unitTag of ['gl-cor:entryDetail', 'a', 'İ']) {
        const reads = READS[seed % READS.length];
        const shapes = new Map<string, Set<number>>();
        const got = await viaUnits(bytes, unitTag, reads || undefined, shapes);
        expect(got.error, `seed ${seed} unit ${unitTag} reads ${reads}`).toBe(want.error);
        expect(got.tokens, `seed ${seed} unit ${unitTag} reads ${reads}`).toEqual(want.tokens);
        // within a document, one shape id for one token sequence (values aside), and another id for another
        const ids = [...shapes.values()];
        for (const [key, one] of shapes) expect(one.size, key.slice(0, 200)).toBe(1);
        expect(new Set(ids.map((x) => [...x][0])).size).toBe(ids.length);
        shaped += shapes.size;
      }
    }
    expect(shaped).toBeGreaterThan(200);
  });

  it('a unit longer than a record holds (a madde of thousands of lines) goes on token by token, and a PI inside one', async () => {
    let body = '';
    for (let k = 0; k < 3000; k++) body += `\n  <b n="${k % 3}">v${k}</b>`;
    const xml = `<r><a>${body}<?pi x?>\n</a><a><b n="0">1</b></a><a><b n="0">2</b></a></r>`;
    const bytes = Buffer.from(xml, 'utf8');
    const want = await viaBytes(bytes);
    expect(want.error).toBeNull();
    const got = await viaUnits(bytes, 'a', 1000);
    expect(got).toEqual(want);
  });

  it('a handler that decides units gets each unit once, with one shape id per shape', async () => {
    const xml = `<r>${'<a><b>1</b>\n<c/></a>'.repeat(5)}<a><b>2</b><c/></a><a><b>3</b>\n<c/></a></r>`;
    const file = path.join(dir, `u${fileNo++}.xml`);
    fs.writeFileSync(file, xml);
    const seen: number[] = [];
    const outside: string[] = [];
    await lexFile(file, { ...recorder(outside), takeUnit: (rec) => void seen.push(rec.shape) }, { unitTag: 'a' });
    expect(seen).toHaveLength(7);
    expect(new Set(seen.slice(0, 5)).size).toBe(1);
    expect(seen[5]).not.toBe(seen[0]); // no newline: another shape
    expect(seen[6]).toBe(seen[0]); // values differ only
    expect(outside).toEqual(['S r||false|1|1', 'E r|7']);
  });
});
