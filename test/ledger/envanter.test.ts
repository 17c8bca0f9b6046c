/**
 * Envanter Defteri (E) and its berat (EB), end to end with a software TEST mali mühür: the fixture
 * export (33 lines, 16 maddeler, sub-accounts, quantities, foreign currency) → E and EB that pass
 * our rules, GİB's XSD and GİB's envanter_defter.sch / envanter_berat.sch (layer c and the Saxon-HE
 * oracle kit); xmlsec1 verifies both signatures; numbering continues over the fiscal period; GİB's
 * Envanter rules refuse a mid-year start, another şube set, another program version and an empty E.
 */
import { spawnSync } from 'node:child_process';
import { xmlsecVerify } from '../kit/xmlsec.ts';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEnvanter, type EnvanterRunOptions } from '../../packages/bridge/src/flows/envanter-run.ts';
import type { CompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import { oracleAvailable, runGibSchematronBatch } from '../kit/gib-schematron.ts';
import { company, FIXTURES, gib, repoRoot, testSigner, tmpDir } from './helpers.ts';
import { startGibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { WorkflowStore, getPackage, listPackages } from '../../packages/bridge/src/workflow/index.ts';
import { formatStatusTable } from '../../packages/bridge/src/workflow/table.ts';
import { GibClient } from '../../packages/bridge/src/gib/client.ts';
import { sendMonth } from '../../packages/bridge/src/gib/send.ts';
import { downloadMonth } from '../../packages/bridge/src/gib/download.ts';
import { loadTrustList } from '../../packages/bridge/src/gib/settings.ts';
import { softwareSigner } from '../gib/helpers.ts';
import { startTestTsa } from '../../packages/simulators/src/tsa/index.ts';
import { prepareTimestamper, type TsaConfig } from '../../packages/bridge/src/tsa/index.ts';
import { verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';

const CA = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
const FIXTURE = path.join(FIXTURES, 'envanter-20241231.csv');
const HEADER = 'entryNumber;postingDate;entryComment;accountMainID;accountMainDescription;accountSubID;accountSubDescription;amount;detailComment';

/** xmlsec1 over a signed file, trusting only the demo CA (test/kit/xmlsec.ts). */
const xmlsec = (file: string): { ok: boolean; out: string } => xmlsecVerify(file, { trusted: CA });

/** A small opening envanter (1 January 2024): 3 maddeler, 5 lines. */
function openingCsv(dir: string): string {
  const f = path.join(dir, 'envanter-20240101.csv');
  fs.writeFileSync(
    f,
    [
      HEADER,
      'A-1;01.01.2024;Açılış kasa;100;KASA;100.01;Merkez Kasa TL;12500,00;Sayım',
      'A-1;01.01.2024;Açılış kasa;100;KASA;100.02;Merkez Kasa USD;29500,00;1000 USD',
      'A-2;01.01.2024;Açılış banka;102;BANKALAR;102.01;İş Bankası;845000,00;Ekstre',
      'A-3;01.01.2024;Açılış stok;153;TİCARİ MALLAR;153.01;Un;240000,00;Sayım',
      'A-3;01.01.2024;Açılış stok;153;TİCARİ MALLAR;153.02;Şeker;96000,00;Sayım',
    ].join('\n') + '\n',
  );
  return f;
}

async function run(root: string, o: Partial<EnvanterRunOptions> & { co?: Partial<CompanyProfile> } = {}) {
  return runEnvanter({
    exportPath: FIXTURE,
    company: company(o.co),
    outRoot: root,
    date: '2024-12-31',
    creationDate: '2025-01-15',
    signer: await testSigner(),
    gib: gib(),
    ...o,
  });
}

/** Expects a BAD_INPUT refusal whose Turkish message matches `tr` and English message matches `en`; nothing written. */
async function refused(p: Promise<unknown>, tr: RegExp, en: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x as { code: string; message: string; messageEn?: string; en?: string },
  );
  expect(e, 'expected a refusal').not.toBeNull();
  expect(e!.code).toBe('BAD_INPUT');
  const all = JSON.stringify(e) + String(e!.message);
  expect(all).toMatch(tr);
  expect(all).toMatch(en);
}

describe('Envanter Defteri', () => {
  it('opening E (January) then the fixture E (December): E and EB pass a, b, c and the oracle; xmlsec1 verifies; numbering continues', async () => {
    const root = tmpDir('env');
    const jan = await run(root, { exportPath: openingCsv(tmpDir('env-csv')), date: '2024-01-01', creationDate: '2024-01-10' });
    expect(jan.files.map((f) => f.name)).toEqual(['6090408038-202401-E-000000.xml', '6090408038-202401-EB-000000.xml']);
    expect(jan.dir).toBe(path.join(root, '6090408038', '20240101-20241231', '01'));
    const r = await run(root);
    expect(r.dir).toBe(path.join(root, '6090408038', '20240101-20241231', '12'));
    expect(r.entries).toBe(16);
    expect(r.lines).toBe(33);
    expect(r.firstEntry).toBe(4);
    expect(r.lastEntry).toBe(19);
    expect(r.measurableLines).toBeGreaterThan(5);
    expect(r.mucLines).toBeGreaterThan(3);
    expect(r.rules.earlier.map((f) => path.basename(f))).toEqual(['6090408038-202401-E-000000.xml']);
    const [e, eb] = r.files;
    expect(e.name).toBe('6090408038-202412-E-000000.xml');
    expect(eb.name).toBe('6090408038-202412-EB-000000.xml');
    for (const rep of r.reports) {
      expect([...rep.a, ...(rep.b ?? []), ...(rep.c ?? [])].map((f) => `${f.layer} ${f.file} ${f.tr}`)).toEqual([]);
      expect(rep.b).not.toBeNull();
      expect(rep.c).not.toBeNull();
    }
    const ex = fs.readFileSync(e.path, 'utf8');
    expect(ex).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<\?xml-stylesheet type="text\/xsl" href="envanter\.xslt"\?>\n<edefter:defter /);
    expect(ex).toContain('<xbrli:context id="assets_context">');
    expect(ex).toContain('<gl-cor:entriesType contextRef="assets_context">assets</gl-cor:entriesType>');
    expect(ex).toContain('<gl-cor:uniqueID contextRef="assets_context">ENV202412000002</gl-cor:uniqueID>');
    expect(ex).toContain(
      '<gl-cor:periodCoveredStart contextRef="assets_context">2024-12-31</gl-cor:periodCoveredStart>\n<gl-cor:periodCoveredEnd contextRef="assets_context">2024-12-31</gl-cor:periodCoveredEnd>',
    );
    expect(ex).not.toContain('debitCreditCode');
    expect(ex).not.toContain('documentType');
    expect(ex).toContain('<xbrli:unit id="usd">\n<xbrli:measure>iso4217:USD</xbrli:measure>');
    expect(ex).toContain('<gl-muc:defaultCurrency contextRef="assets_context">iso4217:TRY</gl-muc:defaultCurrency>');
    expect(ex).toMatch(
      /<gl-muc:amountOriginalAmount contextRef="assets_context" decimals="INF" unitRef="usd">1850\.00<\/gl-muc:amountOriginalAmount>\n<gl-muc:amountOriginalCurrency contextRef="assets_context">iso4217:USD<\/gl-muc:amountOriginalCurrency>\n<gl-muc:amountOriginalExchangeRate contextRef="assets_context" decimals="INF" unitRef="countable">34\.8065</,
    );
    expect(ex).toMatch(
      /<gl-bus:measurable>\n<gl-bus:measurableCode contextRef="assets_context">IN<\/gl-bus:measurableCode>\n<gl-bus:measurableQuantity contextRef="assets_context" decimals="INF" unitRef="countable">750<\/gl-bus:measurableQuantity>\n<gl-bus:measurableQualifier contextRef="assets_context">çuval<\/gl-bus:measurableQualifier>\n<gl-bus:measurableUnitOfMeasure contextRef="assets_context">C62<\/gl-bus:measurableUnitOfMeasure>/,
    );
    // First madde of December continues January's numbers: entryNumberCounter 4, lineNumber 6.
    expect(ex).toMatch(
      /<gl-cor:entryNumberCounter contextRef="assets_context" decimals="INF" unitRef="countable">4<\/gl-cor:entryNumberCounter>\n<gl-cor:entryDetail>\n<gl-cor:lineNumber contextRef="assets_context">6</,
    );
    const ebx = fs.readFileSync(eb.path, 'utf8');
    expect(ebx).not.toContain('<gl-cor:entryHeader>');
    expect(ebx).toMatch(
      /<xbrli:segment>\n<gl-bus:numberOfEntries contextRef="assets_context" decimals="INF" unitRef="countable">16<\/gl-bus:numberOfEntries>\n<gl-cor:uniqueID contextRef="assets_context">[0-9a-f-]{36}<\/gl-cor:uniqueID>\n<gl-bus:measurableQuantity contextRef="assets_context" decimals="INF" unitRef="countable">0\.0[0-9]<\/gl-bus:measurableQuantity>/,
    );
    const eSig = /<ds:SignatureValue[^>]*>([^<]+)</.exec(ex)![1].replace(/\s+/g, '');
    expect(ebx).toContain(`</xbrli:xbrl>\n<ds:SignatureValue>${eSig}</ds:SignatureValue>`);
    expect(ebx).toMatch(/<ds:SignatureValue Id="[^"]+">/);
    for (const f of [...jan.files, ...r.files]) expect(xmlsec(f.path).ok, xmlsec(f.path).out).toBe(true);
    expect(fs.statSync(e.path).mode & 0o777).toBe(0o600);
    if (oracleAvailable()) {
      const o = await runGibSchematronBatch(
        [...jan.files, ...r.files].map((f) => ({ file: f.path, sch: f.kind === 'E' ? 'envanter_defter' : 'envanter_berat' })),
      );
      expect(o.files).toHaveLength(4);
      for (const f of o.files) {
        expect(f.error).toBeUndefined();
        expect(f.failed.map((x) => `${path.basename(f.file)}: ${x.text} [${x.test}]`)).toEqual([]);
      }
    }
  }, 180_000);

  it('edefter status --root reads the month folder: E rows with kontrol numarası and Berat İmzalandı', async () => {
    const root = tmpDir('env-status');
    await run(root, { co: { envanterStart: 'new-business' } });
    const data = tmpDir('env-status-data');
    const st = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'), 'status', '--root', root, '--vkn', '6090408038', '--period', '202412'],
      {
        env: { ...process.env, EDEFTER_DATA_DIR: data },
        encoding: 'utf8',
      },
    );
    expect(st.status, st.stderr).toBe(0);
    expect(st.stdout).toContain('Envanter Defteri');
    expect(st.stdout).toContain('ENV202412000001');
    expect(st.stdout).toContain('Berat İmzalandı');
  }, 120_000);

  it('refuses a mid-year start unless company.json marks a new business (Turkish, then English)', async () => {
    const root = tmpDir('env-mid');
    await refused(run(root), /hesap döneminin ortasında başlatılamaz.*envanterStart/s, /cannot start in the middle of a fiscal period/);
    expect(fs.existsSync(path.join(root, '6090408038', '20240101-20241231', '12'))).toBe(false);
    const ok = await run(root, { co: { envanterStart: 'new-business' } });
    expect(ok.firstEntry).toBe(1);
    expect(ok.files).toHaveLength(2);
  }, 120_000);

  it("refuses another şube set and another program version than the month's Y/K; refuses an empty E-000000", async () => {
    const root = tmpDir('env-rules');
    const dir = path.join(root, '6090408038', '20240101-20241231', '12');
    fs.mkdirSync(dir, { recursive: true });
    const fakeY = (name: string, sa: string) =>
      fs.writeFileSync(
        path.join(dir, name),
        `<?xml version="1.0" encoding="UTF-8"?>\n<edefter:defter xmlns:edefter="http://www.edefter.gov.tr"><gl-bus:sourceApplication contextRef="journal_context">${sa}</gl-bus:sourceApplication></edefter:defter>`,
      );
    const co = { envanterStart: 'new-business' as const };
    fakeY('6090408038-202412-Y-000000-0001.xml', company().sourceApplication);
    await refused(run(root, { co }), /şube kümesi yevmiye\/kebir ile aynı olmalı.*0001.*şubesiz/s, /same şube set as Y\/K/);
    fs.rmSync(path.join(dir, '6090408038-202412-Y-000000-0001.xml'));
    fakeY('6090408038-202412-Y-000000.xml', '6090408038##DEMO TİCARET A.Ş.##edefter-bridge##0.0.9');
    await refused(run(root, { co }), /aynı program ve sürümle üretilmelidir.*edefter-bridge##0\.0\.9/s, /same program and version as the period's Y\/K/);
    fs.rmSync(path.join(dir, '6090408038-202412-Y-000000.xml'));
    const empty = path.join(tmpDir('env-empty'), 'bos.csv');
    fs.writeFileSync(empty, HEADER + '\n');
    await refused(run(root, { co, exportPath: empty }), /en az 1 gl-cor:entryHeader.*E-000000/s, /needs at least one gl-cor:entryHeader/);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('refuses Yevmiye-only columns and checks quantity/currency fields with file:line:column', async () => {
    const root = tmpDir('env-cols');
    const d = tmpDir('env-cols-csv');
    const bad1 = path.join(d, 'a.csv');
    fs.writeFileSync(bad1, HEADER + ';debitCreditCode;lotNo\nX;31.12.2024;K;100;KASA;;;10,00;;;L1\nY;31.12.2024;K;102;BANKA;;;10,00;;D;L2\n');
    await refused(
      run(root, { exportPath: bad1, co: { envanterStart: 'new-business' } }),
      /bilinmeyen sütun\(lar\): lotNo.*--ignore-columns/s,
      /unknown column\(s\): lotNo/,
    );
    await refused(
      run(root, { exportPath: bad1, co: { envanterStart: 'new-business' }, ignoreColumns: ['lotNo'] }),
      /a\.csv:3:10 \(debitCreditCode\): envanter satırında debitCreditCode olmaz/,
      /an envanter line has no debitCreditCode/,
    );
    const bad2 = path.join(d, 'b.csv');
    fs.writeFileSync(bad2, HEADER + ';amountOriginalAmount;amountOriginalCurrency\nX;31.12.2024;K;100;KASA;;;10,00;;5,00;USD\n');
    await refused(
      run(root, { exportPath: bad2, co: { envanterStart: 'new-business' } }),
      /b\.csv:2 \(amountOriginalExchangeRate\)/,
      /amountOriginalExchangeRate is required/,
    );
    const bad3 = path.join(d, 'c.csv');
    fs.writeFileSync(bad3, HEADER + ';measurableQuantity;measurableUnitOfMeasure\nX;31.12.2024;K;153;MALLAR;;;10,00;;5;ADET\n');
    await refused(run(root, { exportPath: bad3, co: { envanterStart: 'new-business' } }), /c\.csv:2:11 \(measurableUnitOfMeasure\).*C62/, /not in GİB's list/);
  }, 60_000);
});

describe('Envanter to GİB (simulator) and the e-Defter list', () => {
  it('EB package (E + EB) goes only with gib.sendEnvanter on; the simulator counter-signs a GIB-…-EB berat, download checks it; status lists E', async () => {
    const root = tmpDir('env-gib');
    const signer = await softwareSigner();
    const r = await runEnvanter({
      exportPath: FIXTURE,
      company: company({ envanterStart: 'new-business' }),
      outRoot: root,
      date: '2024-12-31',
      creationDate: '2025-01-15',
      signer,
      gib: gib(),
    });
    const sim = await startGibSimulator({ stateDir: path.join(root, 'sim'), delayMs: 20 });
    const store = WorkflowStore.open({ file: path.join(root, 'wf.sqlite') });
    try {
      const ctx = {
        store,
        client: new GibClient({ endpoint: sim.url, signer, retry: { baseMs: 5 } }),
        actor: { origin: 'test' },
        packagesDir: path.join(root, 'pk'),
      };
      // setting off (the default): nothing to send, and asking for EB explicitly is refused
      await expect(sendMonth(ctx, { vkn: '6090408038', period: '202412', folder: r.dir })).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(sendMonth(ctx, { vkn: '6090408038', period: '202412', folder: r.dir, kinds: ['EB'] })).rejects.toThrow(/gib\.sendEnvanter/);
      expect(sim.uploadsOf('6090408038-202412-EB-000000')).toHaveLength(0);
      const sent = await sendMonth(ctx, { vkn: '6090408038', period: '202412', folder: r.dir, sendEnvanter: true });
      expect(sent.map((x) => [x.paketId, x.result, x.message])).toEqual([['6090408038-202412-EB-000000', 'accepted', expect.any(String)]]);
      expect(getPackage(store, '6090408038-202412-EB-000000')?.entries).toEqual(['6090408038-202412-E-000000.xml', '6090408038-202412-EB-000000.xml']);
      const dl = await downloadMonth(ctx, { vkn: '6090408038', period: '202412', wait: true, pollIntervalMs: 20, trustedCerts: loadTrustList([sim.trustPem]) });
      expect(dl.map((x) => [x.paketId, x.state, x.error?.tr])).toEqual([['6090408038-202412-EB-000000', 'DOWNLOADED', undefined]]);
      const approved = path.join(r.dir, 'GIB-6090408038-202412-EB-000000.xml');
      expect(fs.existsSync(approved)).toBe(true);
      expect(store.listLedgers({ vkn: '6090408038', period: '202412' }).map((l) => [l.book, l.part, l.status, l.controlNumber])).toEqual([
        ['E', '000000', 'APPROVED_DOWNLOADED', 'ENV202412000001'],
      ]);
      const table = formatStatusTable(store.listLedgers({ vkn: '6090408038' }), listPackages(store), { packages: true });
      expect(table).toContain('Envanter Defteri');
      expect(table).toContain('6090408038-202412-EB-000000');
      // an approved envanter cannot be built again
      await refused(
        runEnvanter({
          exportPath: FIXTURE,
          company: company({ envanterStart: 'new-business' }),
          outRoot: root,
          date: '2024-12-31',
          creationDate: '2025-01-15',
          signer,
          gib: null,
        }),
        /GİB onaylı envanter beratı var/,
        /GİB-approved envanter berat/,
      );
    } finally {
      store.close();
      await sim.close();
    }
  }, 180_000);
});

describe('Envanter: zaman damgası, parts and şube', () => {
  it('with --timestamp both E and EB carry an RFC 3161 timestamp (XAdES-T) that verifies; parts by size and şube names', async () => {
    const tsa = await startTestTsa();
    try {
      const cfg: TsaConfig = { url: tsa.url, mode: 'rfc3161', trustedCerts: [tsa.caDer], timeoutMs: 5000 };
      const { timestamp } = await prepareTimestamper(cfg);
      const root = tmpDir('env-ts');
      const r = await run(root, {
        timestamp,
        co: { envanterStart: 'new-business', branch: { code: '0001', name: 'Merkez Şube' } },
        maxPartBytes: 64 * 1024 + 24_000,
      });
      expect(r.parts.length).toBeGreaterThan(1);
      expect(r.files.map((f) => f.name)).toEqual([
        ...r.parts.map((_p, i) => `6090408038-202412-E-${String(i + 1).padStart(6, '0')}-0001.xml`),
        ...r.parts.map((_p, i) => `6090408038-202412-EB-${String(i + 1).padStart(6, '0')}-0001.xml`),
      ]);
      expect(r.parts.map((p) => p.uniqueID)).toEqual(r.parts.map((_p, i) => `ENV202412${String(i + 1).padStart(6, '0')}`));
      for (const f of r.files) {
        const x = fs.readFileSync(f.path, 'utf8');
        expect(x).toContain('<xades:SignatureTimeStamp');
        expect(x).toContain('<gl-bus:organizationDescription contextRef="assets_context">Şube No</gl-bus:organizationDescription>');
        if (f.kind === 'E')
          expect(x).toContain(
            '<gl-bus:batchID contextRef="assets_context">0001</gl-bus:batchID>\n<gl-bus:batchDescription contextRef="assets_context">Merkez Şube</gl-bus:batchDescription>',
          );
        const v = await verifyXmlFile(f.path, { trustedCerts: [tsa.caDer] });
        expect(v.ok, v.errors.join('; ')).toBe(true);
        expect(v.timestamp?.ok).toBe(true);
        expect(xmlsec(f.path).ok).toBe(true);
      }
      for (const rep of r.reports) expect([...rep.a, ...(rep.b ?? []), ...(rep.c ?? [])]).toEqual([]);
      if (oracleAvailable()) {
        const o = await runGibSchematronBatch(r.files.map((f) => ({ file: f.path, sch: f.kind === 'E' ? 'envanter_defter' : 'envanter_berat' })));
        for (const f of o.files) expect(f.failed.map((x) => `${path.basename(f.file)}: ${x.text}`)).toEqual([]);
      }
    } finally {
      await tsa.close();
    }
  }, 180_000);
});

describe('edefter envanter (CLI, demo token)', () => {
  it('one PIN on stdin signs E and EB with the SoftHSM2 mali mühür; the summary lists both; a refusal exits non-zero, Turkish first', () => {
    const dir = tmpDir('env-cli');
    const co = path.join(dir, 'company.json');
    fs.writeFileSync(co, JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(FIXTURES, 'company.json'), 'utf8')), envanterStart: 'new-business' }));
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        [
          path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'),
          'envanter',
          FIXTURE,
          '--date',
          '2024-12-31',
          '--out',
          path.join(dir, 'out'),
          '--creation-date',
          '2025-01-10',
          '--token',
          'DEMO MALI MUHUR',
          '--pin-stdin',
          ...args,
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          input: '123456\n',
          timeout: 240_000,
          env: {
            ...process.env,
            SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'),
            EDEFTER_PROJECT_ROOT: repoRoot,
            EDEFTER_DATA_DIR: path.join(dir, 'data'),
          },
        },
      );
    const r = cli(['--company', co]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Madde \/ entries: +16 \(madde no 1–16\)/);
    for (const k of ['E', 'EB']) expect(r.stdout).toMatch(new RegExp(`6090408038-202412-${k}-000000\\.xml +[0-9.]+ bayt  sha256 [0-9a-f]{64}`));
    expect(r.stdout).not.toContain('123456');
    const month = path.join(dir, 'out', '6090408038', '20240101-20241231', '12');
    for (const n of fs.readdirSync(month).filter((f) => f.endsWith('.xml'))) expect(xmlsec(path.join(month, n)).ok).toBe(true);
    const bad = cli(['--company', path.join(FIXTURES, 'company.json')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/hesap döneminin ortasında başlatılamaz[\s\S]*cannot start in the middle of a fiscal period/);
  }, 240_000);
});
