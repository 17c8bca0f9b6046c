/**
 * Import profiles (packages/bridge/src/ledger/import/): each profile's example export
 * (test/fixtures/import/, made by make.ts) runs through the whole month with the demo token
 * (`edefter month`, auto-detected and forced with --format) and every file passes GİB's XSD and
 * schematron (inside `month`, and again with the Saxon-HE oracle: all rules), xmlsec1 verifies
 * every signature; bad input in any profile (a bad date, a bad amount, a missing required column)
 * is refused with `dosya:satır:sütun` and nothing is written; detection, delimiter sniffing, value
 * conventions, şube numbers, TaxNumber and the ERP numbering checks.
 */
import { spawnSync } from 'node:child_process';
import { xmlsecVerify } from '../kit/xmlsec.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildMonth } from '../../packages/bridge/src/ledger/build.ts';
import { REQUIRED_COLUMNS } from '../../packages/bridge/src/ledger/csv-rows.ts';
import { openExport } from '../../packages/bridge/src/ledger/export-source.ts';
import { detectProfile, sniffDelimiter } from '../../packages/bridge/src/ledger/import/detect.ts';
import { parseFormat } from '../../packages/bridge/src/ledger/import/plan.ts';
import { REQUIRED_TARGETS } from '../../packages/bridge/src/ledger/import/profile.ts';
import { spoolWorkbook } from '../../packages/bridge/src/ledger/import/xlsx-guard.ts';
import { branchCode, stripTime, toPointDecimal } from '../../packages/bridge/src/ledger/import/values.ts';
import { readMaddeler, type MaddeOptions } from '../../packages/bridge/src/ledger/maddeler.ts';
import type { Madde } from '../../packages/bridge/src/ledger/types.ts';
import {
  FIXTURE_NAMES,
  izibizTable,
  LINES,
  nilveraTable,
  tableOf,
  toDelimited,
  toXlsx,
  writeExport,
  xlsxTable,
  zipOne,
  type FixtureProfile,
  type Table,
} from '../fixtures/import/make.ts';
import { oracleAvailable, runGibSchematronBatch } from '../kit/gib-schematron.ts';
import { company, FIXTURES, repoRoot, tmpDir } from './helpers.ts';

const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const CA = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
const IMPORT = path.join(FIXTURES, 'import');
const COMPANY_JSON = path.join(FIXTURES, 'company.json');
const PROFILES: FixtureProfile[] = ['izibiz', 'nilvera', 'turkcell', 'xlsx'];
/** What the header detection calls each fixture (the workbook holds our own column names). */
const DETECTED: Record<FixtureProfile, string> = { izibiz: 'izibiz', nilvera: 'nilvera', turkcell: 'turkcell', xlsx: 'edefter-csv' };

function edefter(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    timeout: 240_000,
    env: { ...process.env, SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'), EDEFTER_PROJECT_ROOT: repoRoot },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** xmlsec1 over a signed file, trusting only the demo CA (test/kit/xmlsec.ts). */
const xmlsec = (file: string): { ok: boolean; out: string } => xmlsecVerify(file, { trusted: CA });

async function maddeler(file: string, o: Partial<MaddeOptions> = {}): Promise<Madde[]> {
  const out: Madde[] = [];
  for await (const m of readMaddeler(await openExport(file), {
    lastEntryNumberCounter: 0,
    lastLineNumber: 0,
    defaultEnteredBy: 'Test Kullanıcı',
    company: { vkn: '6090408038' },
    ...o,
  }))
    out.push(m);
  return out;
}

/** Where a data row of a profile's table lands in the file: text line, or sheet row (two title rows above the header). */
function lineOf(p: FixtureProfile, dataIndex: number): number {
  return dataIndex + 2 + (p === 'xlsx' ? 2 : 0);
}
const headerLine = (p: FixtureProfile) => (p === 'xlsx' ? 3 : 1);

/** The column of a canonical field in a profile's table. */
const COLS: Record<FixtureProfile, { date: string; amount: string }> = {
  izibiz: { date: 'postingdate', amount: 'amount' },
  nilvera: { date: 'PostingDate', amount: 'Amount' },
  turkcell: { date: 'gl-cor:postingDate', amount: 'gl-cor:amount' },
  xlsx: { date: 'postingDate', amount: 'amount' },
};

function mutate(t: Table, col: string, dataIndex: number, v: string): Table {
  const c = t[0].indexOf(col);
  const copy = t.map((r) => [...r]);
  copy[dataIndex + 1][c] = v;
  return copy;
}

describe('import profiles: the example exports through the whole month', () => {
  it('the committed fixtures are what make.ts writes, byte for byte', async () => {
    const dir = tmpDir('imp-make');
    for (const p of PROFILES) {
      const f = await writeExport(p, dir);
      expect(fs.readFileSync(f).equals(fs.readFileSync(path.join(IMPORT, FIXTURE_NAMES[p]))), p).toBe(true);
    }
  });

  it('every profile yields the same 7 maddeler and 17 lines as the neutral list', async () => {
    const ref = LINES.map((l) => [l.entry, l.date, l.main, l.sub ?? '', l.amount, l.dc]);
    for (const p of PROFILES) {
      const notices: string[] = [];
      const ms = await maddeler(path.join(IMPORT, FIXTURE_NAMES[p]), { onNotice: (tr) => notices.push(tr) });
      expect(ms.length, p).toBe(7);
      const lines = ms.flatMap((m) =>
        m.lines.map((l) => [l.entryNumber, l.postingDate, l.accountMainID, l.accountSubID ?? '', (Number(l.amount) / 100).toFixed(2), l.debitCreditCode]),
      );
      expect(lines, p).toEqual(ref);
      expect(notices.join('\n'), p).toContain(`biçim ${DETECTED[p]}`);
    }
  });

  for (const p of PROFILES) {
    it(`${p}: edefter month with the demo token → Y, K, YB, KB, DR pass GİB's XSD and schematron; xmlsec1 verifies every signature`, async () => {
      const dir = tmpDir(`imp-${p}`);
      const exportPath = path.join(dir, FIXTURE_NAMES[p]);
      fs.copyFileSync(path.join(IMPORT, FIXTURE_NAMES[p]), exportPath);
      const out = path.join(dir, 'out');
      const forced = p === 'izibiz' ? ['--format', 'izibiz'] : [];
      const r = edefter(
        [
          'month',
          exportPath,
          '--company',
          COMPANY_JSON,
          '--out',
          out,
          '--token',
          'DEMO MALI MUHUR',
          '--pin-stdin',
          '--gib-package',
          GIB,
          '--creation-date',
          '2026-02-03',
          ...forced,
        ],
        '123456\n',
      );
      expect(r.code, r.err + r.out).toBe(0);
      expect(r.out).toMatch(/borç = alacak ✔/);
      expect(r.out).toMatch(/Madde \/ entries: +7 \(madde no 1–7\)/);
      expect(r.out).toMatch(/Satır \/ lines: +17 /);
      expect(r.err).toContain(`biçim ${DETECTED[p]}${p === 'xlsx' ? ' (Excel)' : ''} (${forced.length ? '--format ile' : 'başlıktan algılandı'})`);
      const monthDir = path.join(out, '6090408038', '20260101-20261231', '01');
      const files = fs
        .readdirSync(monthDir)
        .filter((f) => f.endsWith('.xml'))
        .sort();
      expect(files).toEqual(['DR', 'K', 'KB', 'Y', 'YB'].map((k) => `6090408038-202601-${k}-000000.xml`));
      for (const f of files) {
        const v = xmlsec(path.join(monthDir, f));
        expect(v.ok, `${f}\n${v.out}`).toBe(true);
      }
      const y = fs.readFileSync(path.join(monthDir, '6090408038-202601-Y-000000.xml'), 'utf8');
      expect(y).toContain('Doğuş Lokantaları döviz tahsilatı (USD)');
      if (p === 'nilvera') {
        // AO* columns → gl-muc (foreign currency of the line).
        expect(y).toMatch(/<gl-muc:amountOriginalCurrency[^>]*>iso4217:USD</);
        expect(y).toMatch(/<gl-muc:amountOriginalExchangeRateDate[^>]*>2026-01-19</);
      }
      if (oracleAvailable()) {
        const res = await runGibSchematronBatch(files.map((f) => ({ file: path.join(monthDir, f) })));
        for (const f of res.files) expect(f.failed, `${path.basename(f.file)}: ${JSON.stringify(f.failed.slice(0, 3))}`).toEqual([]);
      }
    }, 300_000);
  }
});

describe('import profiles: şube (GİB plan scenario 7 shape)', () => {
  it('nilvera with BranchNumber 1 and company.json branch 0001: files named -0001, batchID 0001 in every madde; schematron and xmlsec1 pass', async () => {
    const dir = tmpDir('imp-sube-month');
    const exportPath = await writeExport('nilvera', dir, nilveraTable(LINES, '6090408038', '1'));
    const companyJson = path.join(dir, 'company.json');
    fs.writeFileSync(companyJson, JSON.stringify({ ...JSON.parse(fs.readFileSync(COMPANY_JSON, 'utf8')), branch: { code: '0001', name: 'Merkez Şube' } }));
    const out = path.join(dir, 'out');
    const r = edefter(
      [
        'month',
        exportPath,
        '--company',
        companyJson,
        '--out',
        out,
        '--token',
        'DEMO MALI MUHUR',
        '--pin-stdin',
        '--gib-package',
        GIB,
        '--creation-date',
        '2026-02-03',
      ],
      '123456\n',
    );
    expect(r.code, r.err + r.out).toBe(0);
    const monthDir = path.join(out, '6090408038', '20260101-20261231', '01');
    const files = fs
      .readdirSync(monthDir)
      .filter((f) => f.endsWith('.xml'))
      .sort();
    expect(files).toEqual(['DR', 'K', 'KB', 'Y', 'YB'].map((k) => `6090408038-202601-${k}-000000-0001.xml`));
    const y = fs.readFileSync(path.join(monthDir, files[3]), 'utf8');
    expect(y.match(/<gl-bus:batchID[^>]*>0001</g)?.length).toBe(7);
    expect(y.match(/<gl-bus:batchDescription[^>]*>Merkez Şube</g)?.length).toBe(7);
    for (const f of files) expect(xmlsec(path.join(monthDir, f)).ok, f).toBe(true);
    if (oracleAvailable()) {
      // The kit does not read the şube suffix from the name yet: say which schematron each file takes.
      const sch = { DR: 'rapor', K: 'kebir', KB: 'berat', Y: 'yevmiye', YB: 'berat' } as const;
      const res = await runGibSchematronBatch(files.map((f) => ({ file: path.join(monthDir, f), sch: sch[f.split('-')[2] as keyof typeof sch] })));
      for (const f of res.files) expect(f.failed, `${path.basename(f.file)}: ${JSON.stringify(f.failed.slice(0, 3))}`).toEqual([]);
    }
  }, 300_000);
});

describe('import profiles: bad input gets dosya:satır:sütun and writes nothing', () => {
  for (const p of PROFILES) {
    const inner = (file: string) =>
      p === 'izibiz'
        ? path.basename(file)
        : `${path.basename(file)}:${p === 'nilvera' ? 'account_move_line_nilvera_202601.csv' : p === 'turkcell' ? 'yevmiye_202601.txt' : 'e-defter-202601.xlsx'}`;
    const cases: { what: string; table: () => Table; expected: (file: string) => RegExp }[] = [
      {
        what: 'a bad date',
        table: () => mutate(tableOf(p), COLS[p].date, 5, p === 'nilvera' ? '31.02.2026 00:00:00' : p === 'izibiz' ? '2026-02-31' : '31.02.2026'),
        expected: (f) => new RegExp(`^${esc(inner(f))}:${lineOf(p, 5)}:${tableOf(p)[0].indexOf(COLS[p].date) + 1} \\(postingDate\\): geçersiz tarih`),
      },
      {
        what: 'a bad amount',
        table: () => mutate(tableOf(p), COLS[p].amount, 3, '12,34,56'),
        expected: (f) => new RegExp(`^${esc(inner(f))}:${lineOf(p, 3)}:${tableOf(p)[0].indexOf(COLS[p].amount) + 1} \\(amount\\): tutar sayı değil`),
      },
      {
        what: 'a missing required column',
        table: () => {
          const t = tableOf(p);
          const c = t[0].indexOf(COLS[p].amount);
          return t.map((r) => r.filter((_x, i) => i !== c));
        },
        expected: (f) => new RegExp(`^${esc(inner(f))}:${headerLine(p)}: .*zorunlu sütun\\(lar\\) yok: ${esc(p === 'nilvera' ? 'Amount (amount)' : 'amount')}`),
      },
    ];
    for (const c of cases) {
      it(`${p}: ${c.what}`, async () => {
        const dir = tmpDir(`imp-bad-${p}`);
        const file = await writeExport(p, dir, c.table());
        const outRoot = path.join(dir, 'out');
        const e = await buildMonth({ exportPath: file, company: company(), outRoot, creationDate: '2026-02-03' }).then(
          () => null,
          (x: unknown) => x as { code: string; tr: string; en: string },
        );
        expect(e, 'must be refused').not.toBeNull();
        expect(e!.code).toBe('BAD_INPUT');
        expect(e!.tr).toMatch(c.expected(file));
        expect(e!.tr).toMatch(/Hiçbir dosya yazılmadı\.$/);
        expect(e!.en).toMatch(/Nothing was written\.$/);
        expect(fs.existsSync(outRoot)).toBe(false);
      });
    }
  }

  it('the CLI prints the same error for a profile export and writes nothing', () => {
    const dir = tmpDir('imp-cli-bad');
    const csv = path.join(dir, 'izibiz-202601.csv');
    fs.writeFileSync(csv, fs.readFileSync(path.join(IMPORT, FIXTURE_NAMES.izibiz), 'utf8').replace(/;3000\.00;D;/, ';-3000.00;D;'));
    const out = path.join(dir, 'out');
    const r = edefter(['build', csv, '--company', COMPANY_JSON, '--out', out, '--creation-date', '2026-02-03']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HATA: izibiz-202601\.csv:10:9 \(amount\): tutar negatif olamaz: '-3000\.00'/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('import profiles: detection and conventions', () => {
  it('REQUIRED_TARGETS mirrors csv-rows REQUIRED_COLUMNS', () => {
    expect([...REQUIRED_TARGETS]).toEqual([...REQUIRED_COLUMNS]);
  });

  it('detects each header; --format forces a profile and names its missing columns', () => {
    const ctx = { file: 'x.csv' };
    expect(detectProfile(izibizTable()[0] as string[], ctx).profile.name).toBe('izibiz');
    expect(detectProfile(nilveraTable()[0] as string[], ctx).profile.name).toBe('nilvera');
    expect(detectProfile(tableOf('turkcell')[0] as string[], ctx).profile.name).toBe('turkcell');
    expect(detectProfile(tableOf('xlsx')[0] as string[], ctx).profile.name).toBe('edefter-csv');
    expect(detectProfile(tableOf('xlsx')[0] as string[], { ...ctx, delimiter: '\t' }).profile.name).toBe('turkcell');
    expect(() => detectProfile(izibizTable()[0] as string[], { ...ctx, forced: 'nilvera' })).toThrow(
      /x\.csv:1: nilvera \(Odoo\) biçiminde başlık satırında zorunlu sütun\(lar\) yok: MainAccountID \(accountMainID\), MainAccountDescription \(accountMainDescription\)/,
    );
  });

  it('--format accepts auto and the five names, and names them when wrong', () => {
    expect([parseFormat(undefined), parseFormat('auto'), parseFormat('nilvera'), parseFormat('xlsx')]).toEqual([undefined, undefined, 'nilvera', 'xlsx']);
    expect(() => parseFormat('logo')).toThrow(/--format logo: bilinmeyen biçim; auto, edefter-csv, izibiz, nilvera, turkcell, xlsx olmalı/);
  });

  it('sniffs the delimiter from the header line', () => {
    expect(sniffDelimiter((izibizTable()[0] as string[]).join(','))).toBe(',');
    expect(sniffDelimiter((nilveraTable()[0] as string[]).join(';'))).toBe(';');
    expect(sniffDelimiter((tableOf('turkcell')[0] as string[]).join('\t'))).toBe('\t');
    expect(sniffDelimiter('a;b;c')).toBeNull();
  });

  it('value conventions: time of day, decimal separator, şube numbers', () => {
    expect(stripTime('2.01.2026 00:00:00')).toBe('2.01.2026');
    expect(stripTime('2026-01-02T13:45')).toBe('2026-01-02');
    expect(stripTime('2.01.2026 25:00:00')).toBe('2.01.2026 25:00:00');
    expect(stripTime('2026-01-02T00:00:00Z')).toBe('2026-01-02T00:00:00Z');
    expect(toPointDecimal('1.234.567,89', 'comma')).toBe('1234567.89');
    expect(toPointDecimal('35,5000', 'comma')).toBe('35.5000');
    expect(toPointDecimal('1.500', 'comma')).toBe('1500');
    expect(toPointDecimal('12,34,56', 'comma')).toBe('12,34,56');
    expect(toPointDecimal('1,234.5', 'point')).toBe('1234.5');
    expect(toPointDecimal('-5,00', 'comma')).toBe('-5.00');
    expect([branchCode('0'), branchCode(''), branchCode('1'), branchCode('0001'), branchCode('12345'), branchCode('A1')]).toEqual([
      '',
      '',
      '0001',
      '0001',
      null,
      null,
    ]);
  });

  it('izibiz: divisionno 1 is şube 0001 (batchID, batchDescription from company.json); another şube or none in company.json is refused', async () => {
    const dir = tmpDir('imp-sube');
    const file = await writeExport('izibiz', dir, izibizTable(LINES, '1'));
    const ms = await maddeler(file, { company: { vkn: '6090408038', branch: { code: '0001', name: 'Merkez' } } });
    expect(ms.map((m) => [m.batchID, m.batchDescription])).toEqual(Array(7).fill(['0001', 'Merkez']));
    const col = izibizTable()[0].indexOf('divisionno') + 1;
    await expect(maddeler(file, { company: { vkn: '6090408038', branch: { code: '0002', name: 'Şube 2' } } })).rejects.toMatchObject({
      tr: expect.stringMatching(new RegExp(`^izibiz-202601\\.csv:2:${col} \\(divisionno\\): satır 0001 şubesine ait, defter ise 0002`)),
    });
    await expect(maddeler(file)).rejects.toMatchObject({
      tr: expect.stringMatching(/\(divisionno\): satır 0001 şubesine ait, company\.json'da şube \(branch\) yok/),
    });
    const zero = await maddeler(path.join(IMPORT, FIXTURE_NAMES.izibiz), { company: { vkn: '6090408038', branch: { code: '0001', name: 'Merkez' } } });
    expect(zero.every((m) => m.batchID === undefined)).toBe(true);
  });

  it('izibiz: a sub-account equal to the main account means no sub-account; linenumber, linenumbercounter and entryref are checked', async () => {
    const ms = await maddeler(path.join(IMPORT, FIXTURE_NAMES.izibiz));
    expect(ms[3].lines[0].accountSubID).toBeUndefined();
    const dir = tmpDir('imp-izibiz-checks');
    const t = izibizTable();
    const h = t[0];
    const gap = await writeExport('izibiz', dir, mutate(t, 'linenumber', 6, '9'), 'a.csv');
    await expect(maddeler(gap)).rejects.toMatchObject({
      tr: expect.stringMatching(
        new RegExp(
          `^a\\.csv:8:${h.indexOf('linenumber') + 1} \\(linenumber\\): satır numaraları kesintisiz artmalı: 6 satırından sonra 7 beklenirdi, '9' geldi`,
        ),
      ),
    });
    // An ERP that numbers lines per madde (1, 2, 3, 1, 2, …) is accepted too.
    const li = h.indexOf('linenumber'),
      ei = h.indexOf('entrynumber');
    const perMadde = t.map((r, i) => (i === 0 ? r : r.map((c, j) => (j === li ? String(t.slice(1, i + 1).filter((x) => x[ei] === r[ei]).length) : c))));
    expect((await maddeler(await writeExport('izibiz', dir, perMadde, 'p.csv'))).length).toBe(7);
    const lc = await writeExport('izibiz', dir, mutate(t, 'linenumbercounter', 1, '2'), 'b.csv');
    await expect(maddeler(lc)).rejects.toMatchObject({
      tr: expect.stringMatching(new RegExp(`^b\\.csv:3:${h.indexOf('linenumbercounter') + 1} \\(linenumbercounter\\): satırın madde numarası \\(2\\)`)),
    });
    const ref = await writeExport('izibiz', dir, mutate(t, 'entryref', 2, 'F999'), 'c.csv');
    await expect(maddeler(ref)).rejects.toMatchObject({
      tr: expect.stringMatching(/^c\.csv:4:2 \(entryref\): aynı maddenin \(fiş 202601-000001\) satırlarında farklı fiş anahtarı/),
    });
  });

  it('turkcell: a txt saved by Excel as "Unicode Text" (UTF-16LE with BOM, tabs, CRLF) reads the same', async () => {
    const dir = tmpDir('imp-utf16');
    const text = toDelimited(tableOf('turkcell'), '\t').replace(/\n/g, '\r\n');
    const file = path.join(dir, 'turkcell-202601.zip');
    fs.writeFileSync(file, await zipOne('yevmiye.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    const ms = await maddeler(file);
    expect(ms.map((m) => m.total)).toEqual((await maddeler(path.join(IMPORT, FIXTURE_NAMES.turkcell))).map((m) => m.total));
    expect(ms[0].comment).toBe('Özkan Gıda Ltd. Şti. satış faturası');
  });

  it('turkcell: lineNumber, lineNumberCounter, totalDebit and totalCredit element columns are read (numbers checked, totals not written)', async () => {
    const dir = tmpDir('imp-tc-extra');
    let n = 0;
    const totals = new Map<string, number>();
    for (const l of LINES) if (l.dc === 'D') totals.set(l.entry, (totals.get(l.entry) ?? 0) + Number(l.amount));
    const t = tableOf('turkcell').map((r, i) =>
      i === 0
        ? [...r, 'gl-cor:lineNumber', 'gl-cor:lineNumberCounter', 'gl-bus:totalDebit', 'gl-bus:totalCredit']
        : [...r, String(++n), String(+LINES[i - 1].entry.slice(7)), totals.get(LINES[i - 1].entry)!.toFixed(2), totals.get(LINES[i - 1].entry)!.toFixed(2)],
    );
    const notices: string[] = [];
    const ms = await maddeler(await writeExport('turkcell', dir, t), { onNotice: (tr) => notices.push(tr) });
    expect(ms.map((m) => m.counter)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(notices.join('\n')).toMatch(/yazılmayan sütunlar: gl-bus:totalDebit, gl-bus:totalCredit; yalnızca denetlenen sütunlar: gl-cor:lineNumber/);
  });

  it('nilvera: TaxNumber must be the company VKN; DocumentReferance fills documentReference', async () => {
    const dir = tmpDir('imp-nilvera');
    const other = await writeExport('nilvera', dir, nilveraTable(LINES, '1234567890'));
    const col = nilveraTable()[0].indexOf('TaxNumber') + 1;
    await expect(maddeler(other)).rejects.toMatchObject({
      tr: expect.stringMatching(new RegExp(`:2:${col} \\(TaxNumber\\): satırdaki vergi numarası \\(1234567890\\) şirketin VKN'si \\(6090408038\\) değil`)),
    });
    const bad = await writeExport('nilvera', dir, mutate(nilveraTable(), 'DocumentReferance', 0, 'BAŞKA'), 'x.zip');
    await expect(maddeler(bad)).rejects.toMatchObject({ tr: expect.stringMatching(/\(documentReference\): belge referansı 'BAŞKA'/) });
  });

  it('xlsx: a workbook with izibiz columns (typed cells) reads like the CSV; no header row is refused', async () => {
    const dir = tmpDir('imp-xlsx');
    const t = izibizTable().map((r, i) => (i === 0 ? r : r.map((c, j) => (izibizTable()[0][j] === 'amount' ? Number(c) : c))));
    const file = await writeExport('xlsx', dir, t, 'izibiz.zip');
    const ms = await maddeler(file);
    expect(ms.map((m) => m.total)).toEqual((await maddeler(path.join(IMPORT, FIXTURE_NAMES.izibiz))).map((m) => m.total));
    const none = await writeExport(
      'xlsx',
      dir,
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      'none.zip',
    );
    await expect(maddeler(none)).rejects.toMatchObject({ tr: expect.stringMatching(/e-defter-202601\.xlsx: ilk 50 satırda başlık satırı bulunamadı/) });
  });
});

describe('import profiles: workbook zip-bomb guard', () => {
  it('a workbook is spooled privately and its inflated size measured; past the limit it is refused', async () => {
    const buf = await toXlsx(xlsxTable());
    const ok = await spoolWorkbook(Readable.from([buf]), 'a.xlsx');
    expect(fs.statSync(ok.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(ok.file)).mode & 0o777).toBe(0o700);
    expect(ok.inflatedBytes).toBeGreaterThan(buf.length);
    await ok.dispose();
    expect(fs.existsSync(ok.file)).toBe(false);
    await expect(spoolWorkbook(Readable.from([buf]), 'b.xlsx', 1000)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      tr: expect.stringMatching(/^b\.xlsx: çalışma kitabı açıldığında 1000 bayttan büyük \(zip bombası olabilir\)/),
    });
    await expect(spoolWorkbook(Readable.from([Buffer.from('not a zip')]), 'c.xlsx')).rejects.toMatchObject({
      tr: expect.stringMatching(/^c\.xlsx: Excel çalışma kitabı okunamadı/),
    });
    // --max-zip-bytes reaches the workbook: the outer zip passes (the .xlsx is small), its inflated parts do not.
    const dir = tmpDir('imp-bomb');
    const file = await writeExport('xlsx', dir);
    const outRoot = path.join(dir, 'out');
    await expect(
      buildMonth({ exportPath: file, company: company(), outRoot, creationDate: '2026-02-03', zipLimits: { maxUncompressedBytes: buf.length + 64 } }),
    ).rejects.toMatchObject({ tr: expect.stringMatching(/e-defter-202601\.xlsx: çalışma kitabı açıldığında \d+ bayttan büyük/) });
    expect(fs.existsSync(outRoot)).toBe(false);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
