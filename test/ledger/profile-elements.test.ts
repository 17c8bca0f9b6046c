/**
 * Every optional element group of GİB's Yevmiye/Kebir profile from export columns (issue 13 items 1, 2, 9):
 * gl-muc foreign currency, gl-bus:measurable, gl-cor:documentReference, gl-bus:paymentMethod, şube
 * (batchID/batchDescription), counterparty taxNumber (gl-cor:identifierReference) and the PDF attachment
 * defterek:binaryObject (attachmentFile column and --attach). A small export is built, then checked by
 * our rules (a), GİB's XSD (b), our layer c and the Saxon-HE oracle running ALL of GİB's schematron rules;
 * the written values are read back from the XML; one signed Y verifies in xmlsec1. Also: unknown columns,
 * --ignore-columns, bad values with file:line:column, the empty month.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMonth, EMPTY_MONTH_RULE, type BuildOptions, type BuildResult } from '../../packages/bridge/src/ledger/build.ts';
import { runMonth } from '../../packages/bridge/src/flows/build-month.ts';
import { signXmlFile } from '../../packages/bridge/src/xades/index.ts';
import { validateFiles } from '../../packages/bridge/src/validate/index.ts';
import { oracleAvailable, runGibSchematron, runGibSchematronBatch } from '../kit/gib-schematron.ts';
import { bridgeRequire, company, gib, monthCsv, testSigner, tmpDir } from './helpers.ts';
import { COLS, csvText, pdf, rows, writeExport, type Row } from './profile-export.ts';
import { xmlsecVerify } from '../kit/xmlsec.ts';

/** Values of elements by local name (xmllint XPath; no DTDs). */
function values(file: string, local: string): string[] {
  let out = '';
  try {
    out = execFileSync('xmllint', ['--nonet', '--xpath', `//*[local-name()='${local}']`, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch {
    return [];
  }
  return [...out.matchAll(/<[^>]+>([^<]*)<\/[^>]+>/g)].map((m) => m[1]);
}

function build(dir: string, exportPath: string, over: Partial<BuildOptions> = {}): Promise<BuildResult> {
  return buildMonth({ exportPath, company: company(), outRoot: path.join(dir, 'out'), creationDate: '2026-11-20', ...over });
}

async function expectBad(p: Promise<unknown>, re: RegExp): Promise<Record<string, unknown>> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a refusal').toBeTruthy();
  expect(`${(err as { tr?: string }).tr}\n${(err as Error).message}`).toMatch(re);
  return err as Record<string, unknown>;
}

describe('every element of the Yevmiye/Kebir profile from export columns', () => {
  const dir = tmpDir('profile');
  const rehin = pdf('TICARI REHIN SOZLESMESI');
  const extra = pdf('EK PROTOKOL');
  let r: BuildResult;
  let y: string, k: string;
  /** Signed copies (GİB's schematron requires ds:Signature). */
  let ys: string, ks: string;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'rehin.pdf'), rehin);
    fs.writeFileSync(path.join(dir, 'ek-protokol.pdf'), extra);
    const rs = rows();
    rs[5].attachmentFile = 'rehin.pdf'; // named on both lines of the madde: embedded once
    r = await build(dir, writeExport(dir, rs), { attach: [{ entryNumber: 'F-0002', file: path.join(dir, 'ek-protokol.pdf') }] });
    y = r.parts[0].y.path;
    k = r.parts[0].k.path;
    fs.mkdirSync(path.join(dir, 'signed'));
    ys = path.join(dir, 'signed', path.basename(y));
    ks = path.join(dir, 'signed', path.basename(k));
    const signer = await testSigner();
    await signXmlFile({ input: y, output: ys, signer });
    await signXmlFile({ input: k, output: ks, signer });
  }, 60_000);

  it('passes our rules, GİB XSD and schematron (layer c)', async () => {
    const reps = await validateFiles([y, k], { gib: gib(), requireSignature: false });
    for (const rep of reps) expect(rep.ok, JSON.stringify([rep.a.findings, rep.b.findings, rep.c.findings].flat().slice(0, 5))).toBe(true);
  }, 60_000);

  it.runIf(oracleAvailable())(
    "passes ALL of GİB's schematron rules (Saxon-HE oracle)",
    async () => {
      expect((await runGibSchematron('yevmiye', ys)).failed).toEqual([]);
      expect((await runGibSchematron('kebir', ks)).failed).toEqual([]);
    },
    120_000,
  );

  it('writes the gl-muc group in Y and K with units for each currency and defaultCurrency', () => {
    const yText = fs.readFileSync(y, 'utf8');
    expect(yText).toContain('<xbrli:unit id="eur">\n<xbrli:measure>iso4217:EUR</xbrli:measure>');
    expect(yText).toContain('<xbrli:unit id="usd">\n<xbrli:measure>iso4217:USD</xbrli:measure>');
    expect(values(y, 'defaultCurrency')).toEqual(['iso4217:TRY']);
    for (const f of [y, k]) {
      expect(values(f, 'amountOriginalAmount').sort()).toEqual(['1000', '1000', '40.43'].sort());
      expect(values(f, 'amountOriginalCurrency').sort()).toEqual(['iso4217:EUR', 'iso4217:USD', 'iso4217:USD']);
      expect(values(f, 'amountOriginalExchangeRate').sort()).toEqual(['34.5678', '34.5678', '37.1']);
      expect(values(f, 'amountOriginalExchangeRateDate')).toEqual(['2026-01-05', '2026-01-05', '2026-01-05']);
      expect(values(f, 'amountOriginalExchangeRateSource')).toEqual(['TCMB', 'TCMB']);
      expect(values(f, 'amountOriginalExchangeRateComment')).toEqual(['TCMB döviz alış kuru', 'TCMB döviz alış kuru']);
      expect(values(f, 'amountCurrency')).toEqual(['iso4217:TRY']);
    }
    expect(yText).toMatch(/<gl-muc:amountOriginalAmount contextRef="journal_context" decimals="INF" unitRef="usd">1000<\/gl-muc:amountOriginalAmount>/);
    // content-model order inside entryDetail: amount, amountCurrency, rate date, original amount, currency, rate, source, comment, debitCreditCode
    const detail = /<gl-cor:entryDetail>[\s\S]*?<\/gl-cor:entryDetail>/.exec(yText)![0];
    const order = [
      'gl-cor:amount ',
      'gl-muc:amountCurrency',
      'gl-muc:amountOriginalExchangeRateDate',
      'gl-muc:amountOriginalAmount',
      'gl-muc:amountOriginalCurrency',
      'gl-muc:amountOriginalExchangeRate ',
      'gl-muc:amountOriginalExchangeRateSource',
      'gl-muc:amountOriginalExchangeRateComment',
      'gl-cor:debitCreditCode',
      'gl-cor:identifierReference',
      'gl-cor:documentReference',
      'gl-bus:paymentMethod',
    ];
    const at = order.map((e) => detail.indexOf('<' + e));
    expect(
      at.every((p) => p > 0),
      order.filter((_e, i) => at[i] < 0).join(),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("writes gl-bus:measurable (GİB's fixed values, quantity × unit cost = amount) in Y and K", () => {
    for (const f of [y, k]) {
      expect(values(f, 'measurableCode')).toEqual(['NT']);
      expect(values(f, 'measurableCodeDescription')).toEqual(['Maddi Olmayan Kalemler']);
      expect(values(f, 'measurableQuantity')).toEqual(['100']);
      expect(values(f, 'measurableQualifier')).toEqual(['Fon']);
      expect(values(f, 'measurableUnitOfMeasure')).toEqual(['Adet']);
      expect(values(f, 'measurableCostPerUnit')).toEqual(['15']);
    }
  });

  it('writes documentReference = entryNumber, paymentMethod, şube, taxNumber', () => {
    expect(values(y, 'documentReference')).toEqual(['F-0001', 'F-0001', 'F-0002', 'F-0002', 'F-0003', 'F-0003']);
    expect(values(y, 'paymentMethod')).toEqual(['Havale', 'EFT']);
    expect(values(y, 'batchID')).toEqual(['MRK', 'MRK', 'MRK']);
    expect(values(y, 'batchDescription')).toEqual(['Merkez', 'Merkez', 'Merkez']);
    expect(values(y, 'identifierCode')).toEqual(['4540536920', '10000000146']);
    expect(values(y, 'identifierDescription')).toEqual(['VKN', 'TCKN']);
    expect(values(k, 'identifierCode').sort()).toEqual(['10000000146', '4540536920']);
    expect(values(k, 'paymentMethod').sort()).toEqual(['EFT', 'Havale']);
  });

  it('embeds the PDFs in Y only; the base64 decodes to the PDF bytes', () => {
    const yText = fs.readFileSync(y, 'utf8');
    const objs = [
      ...yText.matchAll(
        /<defterek:binaryObject xmlns:defterek="http:\/\/www\.edefter\.gov\.tr\/ek" filename="([^"]+)" mimeCode="application\/pdf">([^<]+)<\/defterek:binaryObject>/g,
      ),
    ];
    expect(objs.map((m) => m[1])).toEqual(['ek-protokol.pdf', 'rehin.pdf']);
    expect(Buffer.from(objs[0][2], 'base64').equals(extra)).toBe(true);
    expect(Buffer.from(objs[1][2], 'base64').equals(rehin)).toBe(true);
    expect(yText.indexOf('</xbrli:xbrl>')).toBeLessThan(yText.indexOf('<extensions>'));
    expect(fs.readFileSync(k, 'utf8')).not.toContain('binaryObject');
    expect(r.attachments.map((a) => [a.entryNumber, a.filename, a.bytes])).toEqual([
      ['F-0002', 'ek-protokol.pdf', extra.length],
      ['F-0003', 'rehin.pdf', rehin.length],
    ]);
  });

  it('the summary counts each optional element group', () => {
    const n = Object.fromEntries(r.elementGroups.map((g) => [g.group, g.count]));
    expect(n).toMatchObject({
      'gl-muc:amountOriginal*': 3,
      'gl-muc:amountCurrency': 1,
      'gl-bus:measurable': 1,
      'gl-cor:identifierReference': 2,
      'gl-bus:paymentMethod': 2,
      'gl-cor:documentReference': 6,
      'gl-bus:batchID/batchDescription': 6,
      'defterek:binaryObject': 2,
      'gl-cor:documentType/Number/Date': 1,
      'gl-cor:detailComment': 1,
    });
    expect(r.ignoredColumns).toEqual([]);
  });

  it('the signed Y (muc, measurable, PDFs) and K verify in xmlsec1 and pass all three layers as signed files', async () => {
    for (const f of [ys, ks]) {
      const v = xmlsecVerify(f);
      expect(v.ok, v.out).toBe(true);
    }
    const reps = await validateFiles([ys, ks], { gib: gib(), requireSignature: true });
    for (const rep of reps) expect(rep.ok, JSON.stringify([rep.a.findings, rep.b.findings, rep.c.findings].flat().slice(0, 5))).toBe(true);
  }, 60_000);

  it("our layer a agrees with GİB's schematron on broken muc, measurable, binaryObject and taxNumber", async () => {
    const text = fs.readFileSync(ys, 'utf8');
    const mdir = path.join(dir, 'mutants');
    fs.mkdirSync(mdir);
    const once = (from: RegExp | string, to: string) => {
      const t = text.replace(from, to);
      expect(t, String(from)).not.toBe(text);
      return t;
    };
    const mutants: [string, string, string, boolean][] = [
      // name, mutated text, our layer-a code, GİB's schematron also fails it
      ['no rate date', once(/<gl-muc:amountOriginalExchangeRateDate [^>]*>[^<]*<\/gl-muc:amountOriginalExchangeRateDate>\n/, ''), 'MUC', true],
      ['no rate', once(/<gl-muc:amountOriginalExchangeRate contextRef[^>]*>[^<]*<\/gl-muc:amountOriginalExchangeRate>\n/, ''), 'MUC', true],
      ['no currency', once(/<gl-muc:amountOriginalCurrency [^>]*>[^<]*<\/gl-muc:amountOriginalCurrency>\n/, ''), 'MUC', true],
      ['no defaultCurrency', once(/<gl-muc:defaultCurrency [^>]*>[^<]*<\/gl-muc:defaultCurrency>\n/, ''), 'MUC', true],
      ['measurable cost x quantity', once('>15</gl-bus:measurableCostPerUnit>', '>15.5</gl-bus:measurableCostPerUnit>'), 'MEASURABLE', true],
      ['measurable qualifier', once('>Fon</gl-bus:measurableQualifier>', '>Hisse</gl-bus:measurableQualifier>'), 'MEASURABLE', true],
      ['binaryObject mimeCode', once('mimeCode="application/pdf"', 'mimeCode="image/png"'), 'BINARY_OBJECT', true],
      ['binaryObject filename', once('filename="rehin.pdf"', 'filename="rehin.PDF"'), 'BINARY_OBJECT', true],
      ['binaryObject empty', once(/(filename="rehin\.pdf" mimeCode="application\/pdf">)[^<]+</, '$1 <'), 'BINARY_OBJECT', true],
      ['counterparty VKN check digit', once('>4540536920</gl-cor:identifierCode>', '>4540536921</gl-cor:identifierCode>'), 'TAX_ID', false],
    ];
    const files = mutants.map(([name, t], i) => {
      const d = path.join(mdir, String(i));
      fs.mkdirSync(d);
      const f = path.join(d, path.basename(ys));
      fs.writeFileSync(f, t);
      return { name, f };
    });
    const reps = await validateFiles(
      files.map((x) => x.f),
      { gib: gib(), layers: ['a'] },
    );
    reps.forEach((rep, i) =>
      expect(
        rep.a.findings.map((x) => x.code),
        mutants[i][0],
      ).toContain(mutants[i][2]),
    );
    if (oracleAvailable()) {
      const batch = await runGibSchematronBatch(files.map((x) => ({ file: x.f, sch: 'yevmiye' })));
      // the signature no longer matches the bytes, which the schematron does not look at
      expect(batch.files.length).toBe(mutants.length);
      batch.files.forEach((b, i) => expect(b.failed.length > 0, `${mutants[i][0]}: ${JSON.stringify(b.failed)}`).toBe(mutants[i][3]));
    }
  }, 120_000);

  it('the same PDF named inside an export zip is embedded too', async () => {
    const zdir = tmpDir('profile-zip');
    const yazl = bridgeRequire('yazl');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(csvText(rows())), '6090408038-202601.csv');
    zip.addBuffer(rehin, 'rehin.pdf');
    zip.end();
    const zf = path.join(zdir, '6090408038-202601.zip');
    await new Promise<void>((res, rej) => zip.outputStream.pipe(fs.createWriteStream(zf)).on('close', res).on('error', rej));
    const rz = await build(zdir, zf);
    const yText = fs.readFileSync(rz.parts[0].y.path, 'utf8');
    const m = /filename="rehin\.pdf" mimeCode="application\/pdf">([^<]+)</.exec(yText);
    expect(m && Buffer.from(m[1], 'base64').equals(rehin)).toBe(true);
    expect(rz.attachments[0].source).toBe('6090408038-202601.zip:rehin.pdf');
  }, 60_000);
});

describe('PDF attachments and the part size limit', () => {
  it('a PDF counts toward its part: it lands in the part holding its madde, every part stays under the limit and passes GİB XSD', async () => {
    const d = tmpDir('profile-split');
    const big = Buffer.concat([pdf('BUYUK'), Buffer.alloc(150_000, 0x41)]);
    fs.writeFileSync(path.join(d, 'buyuk.pdf'), big);
    const csv = await monthCsv(tmpDir('csv'), { entries: 40 });
    const max = 400_000;
    const r = await buildMonth({
      exportPath: csv,
      company: company(),
      outRoot: path.join(d, 'out'),
      creationDate: '2026-11-20',
      maxPartBytes: max,
      attach: [{ entryNumber: '202601-000020', file: path.join(d, 'buyuk.pdf') }],
    });
    expect(r.parts.length).toBeGreaterThan(1);
    const holding = r.parts.filter((p) => fs.readFileSync(p.y.path, 'utf8').includes('filename="buyuk.pdf"'));
    expect(holding).toHaveLength(1);
    expect(holding[0].firstEntry).toBeLessThanOrEqual(20);
    expect(holding[0].lastEntry).toBeGreaterThanOrEqual(20);
    expect(fs.readFileSync(holding[0].y.path, 'utf8')).toContain('<gl-cor:entryNumber contextRef="journal_context">202601-000020</gl-cor:entryNumber>');
    for (const p of r.parts) expect(p.y.bytes).toBeLessThan(max);
    const reps = await validateFiles(
      r.parts.map((p) => p.y.path),
      { gib: gib(), layers: ['a', 'b'] },
    );
    for (const rep of reps) expect(rep.ok, JSON.stringify([rep.a.findings, rep.b.findings].flat().slice(0, 3))).toBe(true);
  }, 120_000);
});

describe('no silent loss and clear refusals', () => {
  const dir = tmpDir('profile-bad');
  fs.writeFileSync(path.join(dir, 'rehin.pdf'), pdf('x'));
  const withExtra = (extra: string) => {
    const rs = rows();
    const cols = [...COLS, extra];
    return writeExport(
      tmpDir('profile-extra'),
      rs.map((r) => ({ ...r, attachmentFile: '' })),
      cols,
    );
  };

  it('an unknown column is an error naming it, with the known columns; --ignore-columns drops it and says so', async () => {
    const f = withExtra('ERPInternalCode');
    const e = await expectBad(
      build(dir, f),
      /bilinmeyen sütun\(lar\): ERPInternalCode\. .*Bilinen sütunlar: entryNumber, postingDate, .*amountOriginalAmount.*--ignore-columns ERPInternalCode/,
    );
    expect((e.details as { unknown: string[] }).unknown).toEqual(['ERPInternalCode']);
    const data = tmpDir('profile-audit');
    const saved = process.env.EDEFTER_DATA_DIR;
    process.env.EDEFTER_DATA_DIR = data;
    let ok: BuildResult;
    try {
      ok = await build(tmpDir('profile-ign'), f, { ignoreColumns: ['erpinternalcode'] });
    } finally {
      if (saved === undefined) delete process.env.EDEFTER_DATA_DIR;
      else process.env.EDEFTER_DATA_DIR = saved;
    }
    expect(ok.ignoredColumns).toEqual(['ERPInternalCode']);
    expect(ok.entries).toBe(3);
    // the deliberate drop is in the audit log
    const rec = fs
      .readFileSync(path.join(data, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .pop();
    expect(rec).toMatchObject({ type: 'export-columns', vkn: '6090408038', period: '202601', ignoredColumns: ['ERPInternalCode'] });
  });

  const bad = async (mut: (rs: Row[]) => void, re: RegExp) => {
    const rs = rows().map((r) => ({ ...r, attachmentFile: '' }));
    mut(rs);
    await expectBad(build(dir, writeExport(tmpDir('profile-b'), rs)), re);
  };
  const col = (c: (typeof COLS)[number]) => COLS.indexOf(c) + 1;

  it('a bad counterparty VKN (6090408039) is refused at file:line:column', async () => {
    await bad(
      (rs) => {
        rs[0].taxNumber = '6090408039';
      },
      new RegExp(`\\.csv:2:${col('taxNumber')} \\(taxNumber\\): VKN 6090408039 geçersiz: kontrol basamağı`),
    );
  });
  it('gl-muc rules: currency needs its rate, rate > 0, ISO 4217 code, rate date, amountCurrency only TRY', async () => {
    await bad(
      (rs) => {
        rs[0].amountOriginalExchangeRate = '';
      },
      new RegExp(`\\.csv:2:${col('amountOriginalExchangeRate')} \\(amountOriginalExchangeRate\\): amountOriginalExchangeRate boş olamaz`),
    );
    await bad((rs) => {
      rs[0].amountOriginalExchangeRate = '0';
    }, /\(amountOriginalExchangeRate\): kur \(amountOriginalExchangeRate\) 0'dan büyük olmalı/);
    await bad((rs) => {
      rs[0].amountOriginalCurrency = 'XYZ';
    }, /\(amountOriginalCurrency\): para birimi 'XYZ' ISO 4217 kodu değil/);
    await bad((rs) => {
      rs[0].amountOriginalExchangeRateDate = '31.02.2026';
    }, /\(amountOriginalExchangeRateDate\): geçersiz kur tarihi '31\.02\.2026'/);
    await bad((rs) => {
      rs[0].amountOriginalAmount = '';
    }, /\(amountOriginalAmount\): amountOriginalAmount boş olamaz/);
    await bad((rs) => {
      rs[0].amountOriginalAmount = '1,23456';
    }, /en fazla 4 ondalık/);
    await bad((rs) => {
      rs[0].amountCurrency = 'USD';
    }, /\(amountCurrency\): amountCurrency 'USD' olamaz: gl-cor:amount her zaman TL/);
  });
  it("measurable rules: GİB's fixed values, quantity and unit cost required, cost × quantity = amount", async () => {
    await bad(
      (rs) => {
        rs[2].measurableCode = 'IN';
      },
      new RegExp(`\\.csv:4:${col('measurableCode')} \\(measurableCode\\): measurableCode 'IN' olamaz: GİB kuralı bu değeri 'NT'`),
    );
    await bad((rs) => {
      rs[2].measurableQuantity = '';
    }, /\(measurableQuantity\): miktar bilgisi olan satırda measurableQuantity zorunludur/);
    await bad((rs) => {
      rs[2].measurableCostPerUnit = '15,01';
    }, /birim fiyat × miktar .* satır tutarına \(1500\.00\) eşit olmalı/);
  });
  it('şube fields: one per madde; with a şube in company.json empty ones take it and another code is refused', async () => {
    await bad((rs) => {
      rs[1].batchID = 'SUBE2';
    }, /\.csv:3 \(batchID\): aynı maddenin \(fiş F-0001\) satırlarında farklı şube bilgisi/);
    const br = company({ branch: { code: '0001', name: 'Kızılay Şubesi' } });
    const rs = rows().map((r) => ({ ...r, attachmentFile: '', batchID: '', batchDescription: '' }));
    const d = tmpDir('profile-branch');
    const ok = await buildMonth({ exportPath: writeExport(d, rs), company: br, outRoot: path.join(d, 'out'), creationDate: '2026-11-20' });
    expect(ok.parts[0].y.name).toBe('6090408038-202601-Y-000000-0001.xml');
    expect(values(ok.parts[0].y.path, 'batchID')).toEqual(['0001', '0001', '0001']);
    expect(values(ok.parts[0].y.path, 'batchDescription')).toEqual(['Kızılay Şubesi', 'Kızılay Şubesi', 'Kızılay Şubesi']);
    await expectBad(
      buildMonth({
        exportPath: writeExport(
          tmpDir('profile-branch2'),
          rows().map((r) => ({ ...r, attachmentFile: '' })),
        ),
        company: br,
        outRoot: path.join(d, 'out2'),
        creationDate: '2026-11-20',
      }),
      /\(batchID\): şube kodu 'MRK', şirket profilindeki şube '0001'/,
    );
  });

  it('documentReference must equal the entryNumber', async () => {
    await bad((rs) => {
      rs[0].documentReference = 'F-9';
    }, /\(documentReference\): belge referansı 'F-9' fiş numarasıyla \('F-0001'\) aynı olmalı/);
  });
  it('attachments: a real PDF, a .pdf name, a madde that exists', async () => {
    const d = tmpDir('profile-att');
    fs.writeFileSync(path.join(d, 'not.pdf'), 'hello');
    fs.writeFileSync(path.join(d, 'REHIN.PDF'), pdf('y'));
    const rs = rows().map((r) => ({ ...r, attachmentFile: '' }));
    rs[4].attachmentFile = 'not.pdf';
    await expectBad(build(dir, writeExport(d, rs)), /not\.pdf: ek bir PDF değil \(dosya '%PDF-' ile başlamıyor\)/);
    rs[4].attachmentFile = 'REHIN.PDF';
    await expectBad(build(dir, writeExport(d, rs)), /REHIN\.PDF: ek dosyasının adı '\.pdf' ile bitmeli/);
    rs[4].attachmentFile = '../rehin.pdf';
    await expectBad(build(dir, writeExport(d, rs)), /güvenli değil/);
    rs[4].attachmentFile = '';
    await expectBad(
      build(dir, writeExport(d, rs), { attach: [{ entryNumber: 'F-0099', file: path.join(dir, 'rehin.pdf') }] }),
      /--attach: dışa aktarımda bu fiş numaralı madde yok: F-0099/,
    );
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('empty month', () => {
  it("cites GİB's rule and says what to do; a split month may have empty parts", async () => {
    const d = tmpDir('profile-empty');
    const f = writeExport(d, []);
    const e = await expectBad(build(d, f), new RegExp(EMPTY_MONTH_RULE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(String(e.tr)).toMatch(/en az bir maddesini dışa aktarıma ekleyin/);
    expect(String(e.tr)).toMatch(/--split-at/);
    expect(e.message).toMatch(/add at least one madde/);
    const parts = await build(d, f, { splitAt: ['2026-01-15'] });
    expect(parts.parts.map((p) => [p.y.name, p.entries])).toEqual([
      ['6090408038-202601-Y-000001.xml', 0],
      ['6090408038-202601-Y-000002.xml', 0],
    ]);
    const reps = await validateFiles(
      parts.parts.flatMap((p) => [p.y.path, p.k.path]),
      { gib: gib(), requireSignature: false },
    );
    for (const rep of reps) expect(rep.ok, JSON.stringify([rep.a.findings, rep.b.findings, rep.c.findings].flat().slice(0, 5))).toBe(true);
    if (oracleAvailable()) {
      const signer = await testSigner();
      for (const p of parts.parts) {
        await signXmlFile({ input: p.y.path, output: p.y.path, signer });
        expect((await runGibSchematron('yevmiye', p.y.path)).failed).toEqual([]);
      }
    }
    // the whole month flow (sign, berats, Defter Raporu, final checks) on a month of empty parts
    const run = await runMonth({
      exportPath: f,
      company: company(),
      outRoot: path.join(d, 'run'),
      creationDate: '2026-11-20',
      signer: await testSigner(),
      gib: gib(),
      splitAt: ['2026-01-15'],
    });
    expect(run.reports.filter((x) => !x.ok).map((x) => [x.file, [x.a.findings, x.b.findings, x.c.findings].flat().slice(0, 3)])).toEqual([]);
    expect(run.cross).toEqual([]);
    expect(run.files.map((x) => x.name)).toEqual(expect.arrayContaining(['6090408038-202601-YB-000001.xml', '6090408038-202601-KB-000002.xml']));
  }, 180_000);
});
