/**
 * `edefter month` (CLI, demo token) on the every-element export with `--attach` and `--ignore-columns`:
 * the summary lists the optional element groups written with their line counts (Turkish, then English),
 * the PDFs, and the columns dropped on purpose; an unknown column without `--ignore-columns` is refused
 * naming it and nothing is written; the signed Y carries the PDFs and verifies in xmlsec1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPANY_JSON, repoRoot, tmpDir } from './helpers.ts';
import { COLS, pdf, rows, writeExport } from './profile-export.ts';

const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');

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

describe('edefter month with every element (CLI)', () => {
  it('refuses an unknown column, then with --ignore-columns and --attach signs a month whose summary lists every group', () => {
    const dir = tmpDir('profile-cli');
    fs.writeFileSync(path.join(dir, 'rehin.pdf'), pdf('TICARI REHIN SOZLESMESI'));
    fs.writeFileSync(path.join(dir, 'ek.pdf'), pdf('EK'));
    const rs = rows().map((r) => ({ ...r, ERPNot: 'iç not' }));
    const csv = writeExport(dir, rs as never, [...COLS, 'ERPNot']);
    const out = path.join(dir, 'out');
    const base = ['month', csv, '--company', COMPANY_JSON, '--out', out, '--token', 'DEMO MALI MUHUR', '--pin-stdin', '--gib-package', GIB];

    const refused = edefter(base, '123456\n');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/bilinmeyen sütun\(lar\): ERPNot\. .*Bilinen sütunlar: entryNumber/);
    expect(refused.err).toMatch(/unknown column\(s\): ERPNot\./);
    expect(fs.existsSync(path.join(out, '6090408038'))).toBe(false);

    const r = edefter([...base, '--ignore-columns', 'ERPNot', '--attach', `F-0002=${path.join(dir, 'ek.pdf')}`], '123456\n');
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/Yazılan isteğe bağlı öğeler \/ optional elements written/);
    expect(r.out).toMatch(/gl-muc:amountOriginal\*\s+3\s+döviz .* \/ foreign currency .*\(kebirde de \/ also in K\)/);
    expect(r.out).toMatch(/gl-bus:measurable\s+1\s+miktar/);
    expect(r.out).toMatch(/gl-cor:identifierReference\s+2\s+/);
    expect(r.out).toMatch(/defterek:binaryObject\s+2\s+PDF eki/);
    expect(r.out).toMatch(/PDF: ek\.pdf \(\d+ bayt\) → madde F-0002/);
    expect(r.out).toMatch(/PDF: rehin\.pdf \(\d+ bayt\) → madde F-0003/);
    expect(r.out).toMatch(/Bilerek atılan sütunlar \(--ignore-columns\) \/ columns dropped on purpose: ERPNot/);
    expect(r.out).not.toMatch(/✘/);

    const monthDir = path.join(out, '6090408038', '20260101-20261231', '01');
    const y = path.join(monthDir, '6090408038-202601-Y-000000.xml');
    const text = fs.readFileSync(y, 'utf8');
    expect(text).toContain('filename="rehin.pdf" mimeCode="application/pdf"');
    expect(text).toContain('<ds:Signature');
    const v = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--enabled-key-data',
        'x509',
        '--trusted-pem',
        path.join(repoRoot, 'var', 'demo-pki', 'ca.pem'),
        '--id-attr:Id',
        'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
        y,
      ],
      { encoding: 'utf8' },
    );
    expect(v.status, v.stderr).toBe(0);
  }, 300_000);
});
