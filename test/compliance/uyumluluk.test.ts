/**
 * `edefter uyumluluk --quick` on the demo company and the demo token (SoftHSM2), with an RFC 3161 test TSA
 * and a GİB package holding dummy stylesheets: every scenario of GİB's plan is built; every file passes GİB's
 * XSD (xmllint) and ALL of GİB's schematron rules (the Saxon-HE oracle kit, continuity rules included);
 * xmlsec1 verifies every signature; the berats carry a zaman damgası; GİB's stylesheets are in each month
 * folder; and the printed table's figures equal what the files hold (counted here independently).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';
import { runGibSchematronBatch } from '../kit/gib-schematron.ts';
import { startTestTsa, type TestTsa } from '../../packages/simulators/src/tsa/index.ts';

const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const CA_PEM = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
const COMPANY = path.join(repoRoot, 'test', 'fixtures', 'company.json');
const XSLT = ['yevmiye.xslt', 'kebir.xslt', 'berat.xslt', 'defterraporu.xslt', 'envanter.xslt'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-uyumluluk-'));
const out = path.join(dir, 'plan');
const dataDir = path.join(dir, 'veri');
/** Envanter scenarios: their shared root and the şube suffix of their file names. */
const ENV_ROOT: Record<string, string> = { E1: 'E1-E2', E2: 'E1-E2', E3: 'E3', E4: 'E4-E5', E5: 'E4-E5' };
const ENV_BRANCH: Record<string, string> = { E4: '-0001', E5: '-0002' };

let tsa: TestTsa;
let run: { code: number | null; out: string; err: string };

/** `edefter …` as a child process (async: the test TSA answers from this process). */
function edefter(args: string[], input: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'), ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'),
        EDEFTER_PROJECT_ROOT: repoRoot,
        EDEFTER_DATA_DIR: dataDir,
      },
    });
    let o = '',
      e = '';
    c.stdout.on('data', (d) => {
      o += d;
    });
    c.stderr.on('data', (d) => {
      e += d;
    });
    c.on('close', (code) => resolve({ code, out: o, err: e }));
    c.stdin.end(input);
  });
}

/** A GİB package: GİB's xsd/ and sch/ (symlinks) plus dummy stylesheets in xslt/. */
function gibPackage(): string {
  const p = path.join(dir, 'gib-paketi');
  fs.mkdirSync(path.join(p, 'xslt'), { recursive: true });
  fs.symlinkSync(path.join(GIB, 'xsd'), path.join(p, 'xsd'));
  fs.symlinkSync(path.join(GIB, 'sch'), path.join(p, 'sch'));
  for (const n of XSLT)
    fs.writeFileSync(
      path.join(p, 'xslt', n),
      `<?xml version="1.0"?><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><!-- ${n} --></xsl:stylesheet>`,
    );
  return p;
}

/** Month folders (those holding e-Defter XML) under a scenario root. */
function monthFolders(root: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === 'ihracat' || e.name === 'gib-test-araci' || e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (fs.readdirSync(p).some((f) => /^\d{10,11}-\d{6}-[A-Z]+-\d{6}(-\d{4})?\.xml$/.test(f))) found.push(p);
      else walk(p);
    }
  };
  walk(root);
  return found;
}

/** Rows of the printed table: cells by header. */
function tableRows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.includes('│'));
  const cells = (l: string) => l.split('│').map((c) => c.trim());
  const head = cells(lines[1]); // the English header line
  return lines.slice(2).map((l) => Object.fromEntries(cells(l).map((c, i) => [head[i], c])));
}

/** Independent figures of a Yevmiye file: maddeler, lines, main accounts used with a sub-account. */
function countY(file: string): { maddeler: number; lines: number; mains: number } {
  const x = fs.readFileSync(file, 'utf8');
  const details = x.split('<gl-cor:entryDetail>').slice(1);
  const mains = new Set<string>();
  for (const d of details) {
    const m = /<gl-cor:accountMainID[^>]*>([^<]+)</.exec(d);
    if (m && /<gl-cor:accountSubID[^>]*>[^<]+</.test(d.split('</gl-cor:entryDetail>')[0])) mains.add(m[1].trim());
  }
  return { maddeler: (x.match(/<gl-cor:entryHeader>/g) ?? []).length, lines: details.length, mains: mains.size };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

beforeAll(async () => {
  tsa = await startTestTsa({ kind: 'rfc3161' });
  const tsaCa = path.join(dir, 'tsa-ca.der');
  fs.writeFileSync(tsaCa, tsa.caDer);
  run = await edefter(
    [
      'uyumluluk',
      '--company',
      COMPANY,
      '--out',
      out,
      '--token',
      'DEMO MALI MUHUR',
      '--pin-stdin',
      '--quick',
      '--gib-package',
      gibPackage(),
      '--tsa',
      tsa.url,
      '--tsa-trust',
      tsaCa,
    ],
    '123456\n',
  );
}, 900_000);

afterAll(async () => {
  await tsa?.close();
});

describe('edefter uyumluluk --quick (demo company, demo token, test TSA)', () => {
  it('builds every e-Defter scenario and says every constraint holds (exit 0)', () => {
    expect(run.code, run.err.slice(-4000) + run.out).toBe(0);
    expect(run.out).toMatch(/^Senaryo +│ Dönem +│ Madde +│ Satır +│ Ana hesap \(alt hesaplı\) +│ Parça +│ Y\/E zip +│ K zip +│ Sonuç$/m);
    expect(run.out).toMatch(/^scenario +│ period +│ maddeler +│ lines +│ main accounts \(with sub\) +│ parts +│ Y\/E zipped +│ K zipped +│ result$/m);
    const rows = tableRows(run.out);
    expect(rows.map((r) => r.scenario)).toEqual(['1', '2', '3', '4', '5-6', '7', 'E1', 'E2', 'E3', 'E4', 'E5']);
    for (const r of rows) expect(r.result, r.scenario).toMatch(/geçti \/ passed/);
    expect(run.out).not.toContain('123456');
  });

  it("the table's figures are the files' (maddeler, lines, main accounts with sub-accounts, parts, zipped sizes)", () => {
    for (const r of tableRows(run.out).filter((x) => x.scenario.startsWith('E'))) {
      const root = path.join(out, `senaryo-${ENV_ROOT[r.scenario]}`);
      const yyyymm = r.period.replace('-', '');
      const month = monthFolders(root).find((m) => m.endsWith(`/${yyyymm.slice(4)}`) && m.includes(`/${yyyymm.slice(0, 4)}0101-`))!;
      const name = `6090408038-${yyyymm}-E-000000${ENV_BRANCH[r.scenario] ?? ''}.xml`;
      const f = countY(path.join(month, name));
      expect([r.maddeler, r.lines, r['main accounts (with sub)'], r.parts], r.scenario).toEqual([String(f.maddeler), String(f.lines), String(f.mains), '1']);
      expect(r['Y/E zipped'], r.scenario).toBe(kib(fs.statSync(path.join(root, 'gib-test-araci', name.replace(/\.xml$/, '.zip'))).size));
      expect(r['K zipped']).toBe('—');
      expect(f.maddeler).toBeGreaterThanOrEqual(10);
    }
    const rows = tableRows(run.out).filter((r) => !r.scenario.startsWith('E'));
    for (const r of rows) {
      const root = path.join(out, `senaryo-${r.scenario}`);
      const [month] = monthFolders(root);
      const ys = fs
        .readdirSync(month)
        .filter((f) => /-Y-\d{6}/.test(f))
        .sort();
      const figs = ys.map((y) => countY(path.join(month, y)));
      expect(r.parts, r.scenario).toBe(String(ys.length));
      expect(r.maddeler, r.scenario).toBe(figs.map((f) => f.maddeler).join(' + '));
      expect(r.lines, r.scenario).toBe(figs.map((f) => f.lines).join(' + '));
      expect(r['main accounts (with sub)'], r.scenario).toBe(figs.map((f) => f.mains).join(' + '));
      const zips = path.join(root, 'gib-test-araci');
      const size = (kind: 'Y' | 'K') =>
        ys.map((y) => kib(fs.statSync(path.join(zips, y.replace('-Y-', `-${kind}-`).replace(/\.xml$/, '.zip'))).size)).join(' + ');
      expect(r['Y/E zipped'], r.scenario).toBe(size('Y'));
      expect(r['K zipped'], r.scenario).toBe(size('K'));
    }
    // Scenario constraints, from the files: ranges, split, şube, numbering restart.
    const count = (id: string) => monthFolders(path.join(out, `senaryo-${id}`))[0];
    const y4 = countY(path.join(count('4'), '6090408038-202302-Y-000000.xml'));
    expect(y4.maddeler).toBeGreaterThanOrEqual(5000);
    expect(y4.mains).toBeGreaterThanOrEqual(20);
    expect(
      fs
        .readdirSync(count('5-6'))
        .filter((f) => f.endsWith('.xml'))
        .sort(),
    ).toEqual(
      ['DR-000000', 'K-000001', 'K-000002', 'KB-000001', 'KB-000002', 'Y-000001', 'Y-000002', 'YB-000001', 'YB-000002'].map(
        (k) => `6090408038-202304-${k}.xml`,
      ),
    );
    expect(
      fs
        .readdirSync(count('7'))
        .filter((f) => f.endsWith('.xml'))
        .every((f) => f.endsWith('-0001.xml')),
    ).toBe(true);
    const y3 = fs.readFileSync(path.join(count('3'), '6090408038-202301-Y-000000.xml'), 'utf8');
    expect(/<gl-cor:entryNumberCounter[^>]*>(\d+)</.exec(y3)?.[1]).toBe('1');
    expect(y3).toContain('Açılış maddesi');
    expect(fs.readFileSync(path.join(count('2'), '6090408038-202212-Y-000000.xml'), 'utf8')).toContain('Kapanış maddesi');
  });

  it('every file passes GİB XSD and all of GİB schematron; xmlsec1 verifies every signature; berats are timestamped; the stylesheets are in every month folder', async () => {
    const roots = [...new Set(tableRows(run.out).map((r) => path.join(out, `senaryo-${ENV_ROOT[r.scenario] ?? r.scenario}`)))];
    const files = roots
      .flatMap((root) => monthFolders(root))
      .flatMap((m) => {
        for (const x of XSLT) expect(fs.existsSync(path.join(m, x)), path.join(m, x)).toBe(true);
        return fs
          .readdirSync(m)
          .filter((f) => f.endsWith('.xml'))
          .map((f) => path.join(m, f));
      });
    expect(files.length).toBe(5 * 5 + 9 + 5 * 2);
    for (const f of files) {
      const x = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(GIB, 'xsd', 'edefter.xsd'), f], { encoding: 'utf8' });
      expect(x.status, `${f}\n${x.stderr.slice(0, 2000)}`).toBe(0);
      const s = spawnSync(
        'xmlsec1',
        ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', CA_PEM, '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', f],
        { encoding: 'utf8' },
      );
      expect(s.status === 0 && /SignedInfo References \(ok\/all\): (\d+)\/\1/.test(s.stdout + s.stderr), `${f}\n${s.stdout}${s.stderr}`).toBe(true);
      if (/-(YB|KB|EB)-/.test(f)) expect(fs.readFileSync(f, 'utf8'), f).toContain('SignatureTimeStamp');
    }
    // The schematron of each file from its name (GİB's names, with or without the şube suffix).
    const SCH = { Y: 'yevmiye', K: 'kebir', YB: 'berat', KB: 'berat', DR: 'rapor', E: 'envanter_defter', EB: 'envanter_berat' } as const;
    const sch = await runGibSchematronBatch(files.map((file) => ({ file, sch: SCH[/-([A-Z]+)-\d{6}(?:-\d{4})?\.xml$/.exec(file)![1] as keyof typeof SCH] })));
    const failed = sch.files
      .filter((r) => r.error || r.failed.length)
      .map(
        (r) =>
          `${r.file}: ${r.error ?? ''} ${r.failed
            .slice(0, 5)
            .map((f) => `${f.test} → ${f.text}`)
            .join(' | ')}`,
      );
    expect(failed).toEqual([]);
  }, 900_000);

  it('every signed file of the plan is in the audit log', () => {
    const log = fs
      .readFileSync(path.join(dataDir, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const signed = log.filter((r) => r.type === 'sign' && r.action === 'uyumluluk');
    expect(signed).toHaveLength(5 * 5 + 9 + 5 * 2);
    expect(signed.every((r) => r.timestamped === true)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('123456');
  });
});
