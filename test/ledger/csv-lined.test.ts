/**
 * LinedCsvParser (ledger/csv-lined.ts) gives the same records and the same `info.lines` as csv-parse's own
 * `info: true`, on the cases where a record's line is not its index: quoted fields across lines, CRLF and CR, blank
 * lines skipped, quotes doubled, a last line without a newline, and input split in chunks of every size from 1 byte.
 * Errors (an unclosed quote, a short row) are csv-parse's own, with the same line.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LinedCsvParser } from '../../packages/bridge/src/ledger/csv-lined.ts';
import { bridgeRequire } from './helpers.ts';

// csv-parse itself, as the bridge package resolves it (the oracle: its own `info: true`)
const { parse } = bridgeRequire('csv-parse') as { parse: (options: object) => NodeJS.ReadWriteStream };

const OPTS = { delimiter: ';', skip_empty_lines: true, relax_column_count: false, max_record_size: 1 << 20 } as const;

type Got = { records: [string[], number][]; error?: { code: string; lines?: number } };

async function collect(p: NodeJS.ReadWriteStream, text: string, chunk: number): Promise<Got> {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Got = { records: [] };
  try {
    for await (const r of Readable.from(parts).pipe(p) as AsyncIterable<{ record: string[]; info: { lines: number } }>)
      out.records.push([r.record, r.info.lines]);
  } catch (e) {
    const ce = e as { code: string; lines?: number };
    out.error = { code: ce.code, lines: ce.lines };
  }
  return out;
}

const CASES: Record<string, string> = {
  plain: 'a;b;c\n1;2;3\n4;5;6\n',
  'quoted newlines, doubled quotes': 'a;b;c\n1;"iki\nsatır";3\n"x ""y""";"\r\nz";w\n7;8;9',
  'CRLF and blank lines': 'a;b;c\r\n\r\n1;2;3\r\n\r\n\r\n4;5;"6\r\n6"\r\n',
  'CR only': 'a;b;c\r1;2;3\r\r4;5;6\r',
  'Turkish text, no final newline': 'hesap;açıklama;tutar\n100;"Kasa; TL ğüşıöç İ";1.000,50\n102;Bankalar;2',
  'unclosed quote': 'a;b;c\n1;2;3\n4;"5;6\n7;8;9\n',
  'short row': 'a;b;c\n1;2;3\n\n4;5\n',
};

describe('LinedCsvParser', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: same records, lines and errors as csv-parse info: true, in chunks of 1 to 64 bytes and whole`, async () => {
      for (const chunk of [1, 2, 3, 5, 7, 16, 64, 1 << 20]) {
        const want = await collect(parse({ ...OPTS, info: true }), text, chunk);
        const got = await collect(new LinedCsvParser(OPTS), text, chunk);
        expect(got, `chunk ${chunk}`).toEqual(want);
        expect(want.records.length + (want.error ? 1 : 0), 'the case parses to something').toBeGreaterThan(0);
      }
    });
  }

  it('the lines are not the record indexes in these cases', async () => {
    const got = await collect(new LinedCsvParser(OPTS), CASES['CRLF and blank lines'], 3);
    // as csv-parse counts them (the CRLF inside the quoted field counts too): what the rows have always carried
    expect(got.records.map(([, l]) => l)).toEqual([1, 3, 8]);
  });
});
