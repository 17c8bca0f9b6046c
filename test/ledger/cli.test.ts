/**
 * The ledger commands through the real CLI: `edefter month` signing with the SoftHSM2 demo token
 * (PIN on stdin), `edefter validate` on the month folder, `edefter berat` on a signed defter,
 * `edefter build` refusing bad input with nothing written; and the format documentation's example.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../packages/bridge/src/ledger/export-source.ts';
import { readMaddeler } from '../../packages/bridge/src/ledger/maddeler.ts';
import { COMPANY_JSON, monthCsv, repoRoot, tmpDir } from './helpers.ts';

const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');

function edefter(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    timeout: 240_000,
    env: {
      ...process.env,
      SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'),
      EDEFTER_PROJECT_ROOT: repoRoot,
      ...env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('edefter month / validate / berat / build (CLI)', () => {
  it('runs a whole month with the demo token (one PIN for all signatures) and validates the folder', async () => {
    const dir = tmpDir('cli');
    const csv = await monthCsv(dir, { entries: 15 });
    const out = path.join(dir, 'out');
    const r = edefter(['month', csv, '--company', COMPANY_JSON, '--out', out, '--token', 'DEMO MALI MUHUR', '--pin-stdin', '--gib-package', GIB], '123456\n');
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/borç = alacak ✔/);
    expect(r.out).toMatch(/Madde \/ entries: +15 \(madde no 1–15\)/);
    expect(r.out).not.toMatch(/123456/);
    const monthDir = path.join(out, '6090408038', '20260101-20261231', '01');
    const names = fs
      .readdirSync(monthDir)
      .filter((f) => f.endsWith('.xml'))
      .sort();
    expect(names).toEqual(['DR', 'K', 'KB', 'Y', 'YB'].map((k) => `6090408038-202601-${k}-000000.xml`));
    for (const n of names) expect(r.out).toMatch(new RegExp(`${n.replace(/[.-]/g, '\\$&')} +\\d+ bayt  sha256 [0-9a-f]{64}`));
    // Layer a and the cross-file checks again over the folder (b and c ran inside `month`).
    const v = edefter(['validate', monthDir, '--layers', 'a', '--signed']);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out.match(/✔/g)?.length).toBe(5);
    const b = edefter([
      'berat',
      path.join(monthDir, '6090408038-202601-Y-000000.xml'),
      '-o',
      path.join(dir, '6090408038-202601-YB-000000.xml'),
      '--gib-package',
      GIB,
    ]);
    expect(b.code, b.out + b.err).toBe(0);
    expect(b.out).toMatch(/Berat: .*YB-000000\.xml/);
  }, 300_000);

  it('build refuses bad input with file:line:column and writes nothing', async () => {
    const dir = tmpDir('cli-bad');
    const csv = await monthCsv(dir, { entries: 4 });
    const lines = fs.readFileSync(csv, 'utf8').split('\n');
    lines[3] = lines[3].replace(/;([DC]);/, ';Q;');
    fs.writeFileSync(csv, lines.join('\n'));
    const out = path.join(dir, 'out');
    const r = edefter(['build', csv, '--company', COMPANY_JSON, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HATA: 6090408038-202601\.csv:4:9 \(debitCreditCode\): bilinmeyen borç\/alacak kodu 'Q'/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('the example in docs/erp-export.md is a valid export', async () => {
    const md = fs.readFileSync(path.join(repoRoot, 'docs', 'erp-export.md'), 'utf8');
    const csv = /```csv\n([\s\S]*?)```/.exec(md)![1];
    const f = path.join(tmpDir('doc'), 'ornek.csv');
    fs.writeFileSync(f, csv);
    const ms = [];
    for await (const m of readMaddeler(await openExport(f), { lastEntryNumberCounter: 0, lastLineNumber: 0, defaultEnteredBy: 'Test' })) ms.push(m);
    expect(ms.map((m) => [m.counter, m.lines.length, m.total])).toEqual([
      [1, 3, 1440000n],
      [2, 2, 500000n],
    ]);
  });
});
