/**
 * The streaming lexer's fast paths (packages/bridge/src/validate/xml-lexer.ts): a start tag whose name
 * is the one that followed the previous start tag last time, and whose attribute text is the one the
 * same element name had last time, is recognised by compares instead of a character loop. These cases
 * make each guess wrong in one way (a longer name, a different or longer attribute text, a `>` in a
 * quoted value, `/>`, newlines in the tag, a `<` in a value) and check tokens, lines, columns and
 * errors against the plain reading. lexFile (validate/xml-read.ts) in tiny reads and pieces gives the
 * same tokens as one push of the whole text. The tee (validate/tee.ts) isolates a branch that throws,
 * in its fixed slots and beyond them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TeeHandler } from '../../packages/bridge/src/validate/tee.ts';
import { XmlLexer } from '../../packages/bridge/src/validate/xml-lexer.ts';
import { decodeEntities, XmlSyntaxError } from '../../packages/bridge/src/validate/xml-wf.ts';
import { lexFile } from '../../packages/bridge/src/validate/xml-read.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-lexer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Tokens as lines: `S name|attrs|selfClosing|line|column`, `E name|line`, `T "text"|line`. */
function recorder(out: string[]) {
  return {
    start: (q: string, a: string, sc: boolean, l: number, c: number) => out.push(`S ${q}|${a}|${sc}|${l}|${c}`),
    end: (q: string, l: number) => out.push(`E ${q}|${l}`),
    text: (t: string, l: number) => out.push(`T ${JSON.stringify(t)}|${l}`),
  };
}

function lex(xml: string, pieces = 1): string[] {
  const out: string[] = [];
  const lx = new XmlLexer(recorder(out));
  const step = Math.ceil(xml.length / pieces);
  for (let i = 0; i < xml.length; i += step) lx.push(xml.slice(i, i + step));
  lx.end();
  return out.filter((t) => !t.startsWith('T "\\n'));
}

describe('xml lexer fast paths', () => {
  it('a name that only starts like the predicted one, and attribute texts that differ from the last one', () => {
    const xml = '<r>\n<a x="1">t</a>\n<b/>\n<a x="12">u</a>\n<bc y="2"/>\n<a x="1"/>\n<a x="1" />\n<a x="1">v</a>\n</r>';
    const want = [
      'S r||false|1|1',
      'S a| x="1"|false|2|1',
      'T "t"|2',
      'E a|2',
      'S b||true|3|1',
      'E b|3',
      'S a| x="12"|false|4|1',
      'T "u"|4',
      'E a|4',
      'S bc| y="2"|true|5|1',
      'E bc|5',
      'S a| x="1"|true|6|1',
      'E a|6',
      'S a| x="1" |true|7|1',
      'E a|7',
      'S a| x="1"|false|8|1',
      'T "v"|8',
      'E a|8',
      'E r|9',
    ];
    expect(lex(xml)).toEqual(want);
    expect(lex(xml, 7)).toEqual(want);
  });

  it('a > inside a quoted value, newlines inside tags, columns after Turkish text', () => {
    const xml = '<r><a k="x>y">1</a><a k="x>y">2</a><a\n k="1"\n>3</a><a\n k="1"\n>4</a><c>ğüşİ</c><a k="x>y"/></r>';
    const got = lex(xml);
    expect(got).toEqual([
      'S r||false|1|1',
      'S a| k="x>y"|false|1|4',
      'T "1"|1',
      'E a|1',
      'S a| k="x>y"|false|1|20',
      'T "2"|1',
      'E a|1',
      'S a|\n k="1"\n|false|1|36',
      'T "3"|3',
      'E a|3',
      'S a|\n k="1"\n|false|3|7',
      'T "4"|5',
      'E a|5',
      'S c||false|5|7',
      'T "ğüşİ"|5',
      'E c|5',
      'S a| k="x>y"|true|5|18',
      'E a|5',
      'E r|5',
    ]);
    expect(lex(xml, 5)).toEqual(got);
  });

  it('newlines inside an end tag count for the lines after it', () => {
    expect(lex('<r><a>1</a\n><b/></r>')).toEqual(['S r||false|1|1', 'S a||false|1|4', 'T "1"|1', 'E a|1', 'S b||true|2|2', 'E b|2', 'E r|2']);
  });

  it('a < in a value is an error even after the same element name had a good attribute text', () => {
    expect(() => lex('<r><a x="1"/><a x="<"/></r>')).toThrow(XmlSyntaxError);
    expect(() => lex('<r><a x="1"/><a x="1"<b/></r>')).toThrow(XmlSyntaxError);
    expect(() => lex('<r><a/><a<b/></r>')).toThrow(/etiket içinde/);
  });

  it('lexFile in tiny reads and pieces gives the tokens of one push', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `  <e n="${i % 3}">Öztürk ${i} &amp; ş</e>\n  <f/>\n`).join('');
    const xml = `\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<r>\n${body}</r>\n`;
    const file = path.join(dir, 'a.xml');
    fs.writeFileSync(file, xml);
    const whole: string[] = [];
    const lx = new XmlLexer(recorder(whole));
    lx.push(xml.slice(1));
    lx.end();
    for (const o of [{}, { chunkBytes: 5 }, { chunkBytes: 64 }, { chunkBytes: 1000 }]) {
      const got: string[] = [];
      await lexFile(file, recorder(got), o);
      expect(got).toEqual(whole);
    }
  });
});

describe('references in text (decodeEntities)', () => {
  it('decodes character references and the five predefined entities, as XML 1.0 §4.1 reads them', () => {
    expect(decodeEntities('Satış &amp; tahsilat')).toBe('Satış & tahsilat');
    expect(decodeEntities('&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;')).toBe('<>"\'AB😀');
    expect(lex('<r a="x &amp; y">&#x3C;b&#62;</r>')).toEqual(['S r| a="x &amp; y"|false|1|1', 'T "<b>"|1', 'E r|1']);
  });

  it('a & that starts no reference, and any other entity name, are errors (Object.prototype names too)', () => {
    for (const bare of ['a & b', '&amp', '&#;', '&#x;', '&#X41;', '&#12x;', '&a1;', '&__proto__;']) {
      expect(() => decodeEntities(bare, 7), bare).toThrow(/bare '&'/);
    }
    for (const name of ['nbsp', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(() => decodeEntities(`x &${name}; y`, 7), name).toThrow(XmlSyntaxError);
      expect(() => decodeEntities(`x &${name}; y`, 7), name).toThrow(/undefined entity/);
    }
    expect(() => lex('<r>&constructor;</r>')).toThrow(/undefined entity/);
  });
});

describe('tee', () => {
  it('a branch that throws stops alone and keeps its error; the others see every token', () => {
    const xml = '<r><a>1</a><b>2</b><c/></r>';
    const whole = lex(xml);
    for (const n of [1, 2, 3, 4, 5]) {
      for (const bad of [0, n - 1, 3]) {
        if (bad >= n) continue;
        const outs = Array.from({ length: n }, () => [] as string[]);
        const hs = outs.map((o, i) => {
          const r = recorder(o);
          return i === bad
            ? {
                ...r,
                start: (q: string, a: string, sc: boolean, l: number, c: number) => {
                  if (q === 'b') throw new Error(`branch ${i}`);
                  r.start(q, a, sc, l, c);
                },
              }
            : r;
        });
        const tee = new TeeHandler(hs);
        const lx = new XmlLexer(tee);
        lx.push(xml);
        lx.end();
        outs.forEach((o, i) => {
          if (i === bad) {
            expect(o).toEqual(whole.slice(0, whole.indexOf('S b||false|1|12')));
            expect((tee.errorOf(hs[i]) as Error).message).toBe(`branch ${i}`);
          } else {
            expect(o).toEqual(whole);
            expect(tee.errorOf(hs[i])).toBeUndefined();
          }
        });
      }
    }
  });
});
