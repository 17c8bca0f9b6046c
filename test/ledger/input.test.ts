/**
 * ERP export input: amounts, dates, encodings (UTF-8 ± BOM, Windows-1254), delimiters, decimal
 * comma/point, zip input (safe entries, size limit), the company profile, and bad input: a clear
 * Turkish message with file:line:column and nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEdefterError } from '../../packages/protocol/src/errors.ts';
import { formatAmount, parseAmount } from '../../packages/bridge/src/ledger/amount.ts';
import { parseDate } from '../../packages/bridge/src/ledger/dates.ts';
import { buildMonth } from '../../packages/bridge/src/ledger/build.ts';
import { checkCompanyProfile, loadCompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import { openExport } from '../../packages/bridge/src/ledger/export-source.ts';
import { readMaddeler } from '../../packages/bridge/src/ledger/maddeler.ts';
import { bridgeRequire, COMPANY_JSON, company, monthCsv, tmpDir } from './helpers.ts';

const iconv = bridgeRequire('iconv-lite') as { encode(s: string, enc: string): Buffer };
const yazl = bridgeRequire('yazl') as { ZipFile: new () => { addBuffer(b: Buffer, n: string): void; outputStream: NodeJS.ReadableStream; end(): void } };

const HEADER =
  'entryNumber;postingDate;entryComment;accountMainID;accountMainDescription;accountSubID;accountSubDescription;amount;debitCreditCode;documentType;documentNumber;documentDate';
const GOOD = [
  'F1;02.01.2026;Kırtasiye alımı;770;GENEL YÖNETİM GİDERLERİ;770.04;Kırtasiye;100,50;B;invoice;A-1;02.01.2026',
  'F1;02.01.2026;Kırtasiye alımı;100;KASA;100.01;Merkez Kasa;100,50;A;invoice;A-1;02.01.2026',
];

async function collect(file: string, opts: Record<string, unknown> = {}) {
  const out = [];
  for await (const m of readMaddeler(await openExport(file), { lastEntryNumberCounter: 0, lastLineNumber: 0, defaultEnteredBy: 'Test Kullanıcı', ...opts }))
    out.push(m);
  return out;
}

/** Builds from CSV text and expects a BAD_INPUT error; checks that nothing was written. */
async function expectBad(lines: string[], re: RegExp, name = '6090408038-202601.csv', opts: Record<string, unknown> = {}) {
  const dir = tmpDir('bad');
  const file = path.join(dir, name);
  fs.writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  const out = path.join(dir, 'out');
  let err: unknown;
  try {
    await buildMonth({ exportPath: file, company: company(), outRoot: out, creationDate: '2026-11-20', ...opts });
  } catch (e) {
    err = e;
  }
  expect(isEdefterError(err), String(err)).toBe(true);
  const e = err as { code: string; tr: string; en: string };
  expect(e.tr).toMatch(re);
  expect(e.tr).toMatch(/Hiçbir dosya yazılmadı|yazılmadı|işlenmedi/);
  expect(fs.existsSync(out) ? fs.readdirSync(out, { recursive: true }) : []).toEqual([]);
  return e;
}

describe('amounts and dates', () => {
  it('parses decimal comma and point into kuruş', () => {
    expect(parseAmount('1.234,56')).toEqual({ ok: true, kurus: 123456n });
    expect(parseAmount('1234.5')).toEqual({ ok: true, kurus: 123450n });
    expect(parseAmount('1,234.56', 'point')).toEqual({ ok: true, kurus: 123456n });
    expect(parseAmount('12')).toEqual({ ok: true, kurus: 1200n });
    expect(parseAmount('1,234', 'comma')).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(parseAmount('-5')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('abc')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseAmount('0,00')).toEqual({ ok: false, reason: 'zero' });
    expect(formatAmount(123456n)).toBe('1234.56');
    expect(formatAmount(5n)).toBe('0.05');
  });
  it('parses ISO and Turkish dates, refuses impossible days', () => {
    expect(parseDate('2026-01-31')).toBe('2026-01-31');
    expect(parseDate('5.1.2026')).toBe('2026-01-05');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('31/01/2026')).toBeNull();
  });
});

describe('CSV encodings, delimiters, columns', () => {
  it('reads UTF-8 with BOM, columns in any order, Turkish characters', async () => {
    const dir = tmpDir('csv');
    const f = path.join(dir, 'x.csv');
    const cols = HEADER.split(';').reverse();
    const rows = GOOD.map((r) => r.split(';').reverse().join(';'));
    fs.writeFileSync(f, '\uFEFF' + [cols.join(';'), ...rows].join('\r\n'));
    const [m] = await collect(f);
    expect(m.lines).toHaveLength(2);
    expect(m.comment).toBe('Kırtasiye alımı');
    expect(m.lines[0].accountMainDescription).toBe('GENEL YÖNETİM GİDERLERİ');
    expect(m.lines[0].debitCreditCode).toBe('D');
    expect(m.total).toBe(10050n);
  });
  it('detects Windows-1254 and honours --delimiter and --decimal point', async () => {
    const dir = tmpDir('csv');
    const f = path.join(dir, 'x.csv');
    const text = [HEADER, ...GOOD]
      .join('\n')
      .replace(/;/g, '\t')
      .replace(/100,50/g, '100.50');
    fs.writeFileSync(f, iconv.encode(text, 'windows-1254'));
    const [m] = await collect(f, { delimiter: '\t', decimal: 'point' });
    expect(m.lines[1].accountSubDescription).toBe('Merkez Kasa');
    expect(m.comment).toBe('Kırtasiye alımı');
    expect(m.total).toBe(10050n);
  });
  it('numbers maddeler and lines from the previous month', async () => {
    const dir = tmpDir('csv');
    const f = await monthCsv(dir, { entries: 5 });
    const ms = await collect(f, { lastEntryNumberCounter: 41, lastLineNumber: 120 });
    expect(ms.map((m) => m.counter)).toEqual([42, 43, 44, 45, 46]);
    expect(ms[0].firstLineNumber).toBe(121);
    expect(ms[1].firstLineNumber).toBe(121 + ms[0].lines.length);
  });
});

describe('zip input', () => {
  const zip = (entries: [string, Buffer | string][], file: string) =>
    new Promise<void>((resolve) => {
      const z = new yazl.ZipFile();
      for (const [n, d] of entries) z.addBuffer(Buffer.from(d), n);
      z.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve());
      z.end();
    });
  it('reads the CSVs of VKN-YYYYMM.zip in name order', async () => {
    const dir = tmpDir('zip');
    const csv = fs.readFileSync(await monthCsv(dir, { entries: 6 }), 'utf8').split('\n');
    const head = csv[0];
    const body = csv.slice(1).filter(Boolean);
    const cut = body.findIndex((l, i) => i > 0 && l.split(';')[0] !== body[i - 1].split(';')[0] && i > body.length / 2);
    const z = path.join(dir, '6090408038-202601.zip');
    await zip(
      [
        ['b.csv', [head, ...body.slice(cut)].join('\n')],
        ['a.csv', [head, ...body.slice(0, cut)].join('\n')],
        ['okubeni.txt', 'x'],
      ],
      z,
    );
    const out = path.join(dir, 'out');
    const r = await buildMonth({ exportPath: z, company: company(), outRoot: out, creationDate: '2026-11-20' });
    expect(r.entries).toBe(6);
    expect(r.parts[0].y.name).toBe('6090408038-202601-Y-000000.xml');
  });
  it("refuses '..' and absolute entries, and zips expanding past the limit, writing nothing", async () => {
    const dir = tmpDir('zip');
    // yazl refuses such names, so write a harmless name of the same length and patch the bytes.
    for (const [ok, bad] of [
      ['xx/evil.csv', '../evil.csv'],
      ['_etc/evil.csv', '/etc/evil.csv'],
    ]) {
      const z = path.join(dir, '6090408038-202601.zip');
      await zip([[ok, 'a;b']], z);
      const bytes = fs.readFileSync(z);
      let at = bytes.indexOf(ok);
      while (at >= 0) {
        bytes.write(bad, at, 'latin1');
        at = bytes.indexOf(ok, at + 1);
      }
      fs.writeFileSync(z, bytes);
      await expect(openExport(z)).rejects.toMatchObject({ code: 'BAD_INPUT', tr: expect.stringMatching(/güvensiz zip girdisi/) });
    }
    const z = path.join(dir, '6090408038-202601.zip');
    await zip([['bomb.csv', Buffer.alloc(20 << 20, 0x41)]], z);
    expect(fs.statSync(z).size).toBeLessThan(200_000);
    const out = path.join(dir, 'out');
    await expect(buildMonth({ exportPath: z, company: company(), outRoot: out, zipLimits: { maxUncompressedBytes: 10 << 20 } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      tr: expect.stringMatching(/güvenli sınır .*zip bombası/),
    });
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('company profile', () => {
  it('loads the sample and names every wrong field', async () => {
    expect((await loadCompanyProfile(COMPANY_JSON)).vkn).toBe('6090408038');
    const { profile, problems } = checkCompanyProfile({
      vkn: '123',
      title: 'X',
      address: { street: 'a', city: '' },
      phone: 'yok',
      email: 'a@',
      website: 'w',
      businessDescription: 'b',
      fiscalYearStart: '01-01',
      fiscalYearEnd: '11-30',
      accountant: { name: 'A B' },
      sourceApplication: 'prog',
    });
    expect(profile).toBeNull();
    const fields = problems.map((p) => p.field);
    for (const f of [
      'vkn',
      'title',
      'address.buildingNumber',
      'address.city',
      'address.zip',
      'address.country',
      'phone',
      'email',
      'fiscalYearEnd',
      'accountant.engagementType',
      'sourceApplication',
    ])
      expect(fields).toContain(f);
    expect(problems.find((p) => p.field === 'address.city')!.tr).toMatch(/'address.city' alanı eksik/);
  });
});

describe('bad input: Turkish message with file:line:column, nothing written', () => {
  it('malformed row', async () => {
    const e = await expectBad([GOOD[0], 'F1;02.01.2026;"bozuk satır;770'], /6090408038-202601\.csv:3: bozuk CSV satırı/);
    expect(e.en).toMatch(/malformed CSV row/);
  });
  it('unknown D/C code', async () => {
    await expectBad([GOOD[0], GOOD[1].replace(';A;', ';X;')], /\.csv:3:9 \(debitCreditCode\): bilinmeyen borç\/alacak kodu 'X'/);
  });
  it('negative amount', async () => {
    await expectBad([GOOD[0].replace('100,50', '-100,50'), GOOD[1]], /\.csv:2:8 \(amount\): tutar negatif olamaz/);
  });
  it('non-numeric amount', async () => {
    await expectBad([GOOD[0].replace('100,50', 'yüz lira'), GOOD[1]], /\.csv:2:8 \(amount\): tutar sayı değil/);
  });
  it('amount with 3 decimals', async () => {
    await expectBad([GOOD[0].replace('100,50', '100,505'), GOOD[1]], /en fazla 2 ondalık/);
  });
  it('date outside the month', async () => {
    await expectBad(
      [GOOD[0], GOOD[1], ...GOOD.map((l) => l.replace('F1', 'F2').replace('02.01.2026;Kırt', '01.02.2026;Kırt'))],
      /\.csv:4:2 \(postingDate\): tarih 2026-02-01 defter döneminin \(202601\) dışında/,
    );
  });
  it('mixed months in a plain export', async () => {
    await expectBad(
      [GOOD[0], GOOD[1], ...GOOD.map((l) => l.replace('F1', 'F2').replace('02.01.2026;Kırt', '01.02.2026;Kırt'))],
      /birden çok ay var/,
      'ocak.csv',
    );
  });
  it('unbalanced madde', async () => {
    await expectBad([GOOD[0], GOOD[1].replace('100,50', '100,40')], /\.csv:2 \(fiş F1\): madde dengesiz: borç toplamı 100,50 TL ≠ alacak toplamı 100,40 TL/);
  });
  it('missing required column', async () => {
    const dir = tmpDir('bad');
    const f = path.join(dir, 'x.csv');
    fs.writeFileSync(f, [HEADER.replace('amount', 'tutar'), ...GOOD].join('\n'));
    await expect(buildMonth({ exportPath: f, company: company(), outRoot: path.join(dir, 'out') })).rejects.toMatchObject({
      tr: expect.stringMatching(/x\.csv:1: başlık satırında zorunlu sütun\(lar\) yok: amount/),
    });
  });
  it('invoice without document number', async () => {
    await expectBad(
      [GOOD[0].replace(';A-1;', ';;'), GOOD[1]],
      /\.csv:2:\d+ \(documentNumber\): belge türü 'invoice' iken belge numarası ve belge tarihi zorunludur/,
    );
  });
});
