/**
 * Issue 13 item 5 (GİB-UYK §2.2): with GİB's package given, the month run copies yevmiye.xslt, kebir.xslt,
 * berat.xslt, defterraporu.xslt and envanter.xslt into the month folder; a stylesheet the package lacks is a
 * warning naming it. The package is a temp folder: GİB's xsd/ and sch/ (symlinked from ../shared/gib) plus
 * dummy stylesheets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMonth } from '../../packages/bridge/src/flows/build-month.ts';
import { copyGibXslts, findGibXslts, GIB_XSLT_FILES } from '../../packages/bridge/src/flows/gib-xslt.ts';
import { gibPackageAt } from '../../packages/bridge/src/validate/index.ts';
import { company, gib, monthCsv, testSigner, tmpDir } from './helpers.ts';

/** A GİB package folder with GİB's schemas and dummy stylesheets for `names` under `sub`. */
function fakePackage(names: readonly string[], sub = 'xslt'): string {
  const dir = tmpDir('gibpkg');
  fs.symlinkSync(gib().xsdDir, path.join(dir, 'xsd'));
  fs.symlinkSync(path.dirname(gib().sch.yevmiye), path.join(dir, 'sch'));
  fs.mkdirSync(path.join(dir, sub), { recursive: true });
  for (const n of names)
    fs.writeFileSync(
      path.join(dir, sub, n),
      `<?xml version="1.0"?><!-- dummy ${n} --><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/>`,
    );
  return dir;
}

describe('GİB XSLT files in the month folder', () => {
  it('runMonth copies the five stylesheets (0600, same bytes) and warns about none', async () => {
    const pkgDir = fakePackage(GIB_XSLT_FILES);
    const pkg = gibPackageAt(pkgDir)!;
    expect(pkg).not.toBeNull();
    const warnings: string[] = [];
    const r = await runMonth({
      exportPath: await monthCsv(tmpDir('csv'), { entries: 6 }),
      company: company(),
      outRoot: tmpDir('xslt-run'),
      creationDate: '2026-11-20',
      signer: await testSigner(),
      gib: pkg,
      draftLayers: ['a'],
      finalLayers: ['a'],
      warn: (tr, en) => warnings.push(`${tr}\n${en}`),
    });
    expect(r.xslt).toEqual({ copied: [...GIB_XSLT_FILES], missing: [] });
    for (const n of GIB_XSLT_FILES) {
      const f = path.join(r.dir, n);
      expect(fs.readFileSync(f, 'utf8')).toBe(fs.readFileSync(path.join(pkgDir, 'xslt', n), 'utf8'));
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    }
    expect(warnings.filter((w) => /xslt/i.test(w))).toEqual([]);
    // The e-Defter files are still exactly the month's files, plus the stylesheets; no temp files.
    expect(fs.readdirSync(r.dir).sort()).toEqual([...r.files.map((f) => f.name), ...GIB_XSLT_FILES].sort());
  }, 120_000);

  it('a stylesheet missing from the package is a warning naming it; the others are copied', async () => {
    const pkgDir = fakePackage(['yevmiye.xslt', 'KEBIR.XSLT', 'berat.xslt'], 'Araclar/xslt');
    const month = tmpDir('xslt-month');
    const warnings: string[] = [];
    const r = await copyGibXslts(month, { dir: pkgDir }, (tr, en) => warnings.push(`${tr}\n${en}`));
    expect(r.copied).toEqual(['yevmiye.xslt', 'kebir.xslt', 'berat.xslt']);
    expect(r.missing).toEqual(['defterraporu.xslt', 'envanter.xslt']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('defterraporu.xslt, envanter.xslt');
    expect(warnings[0]).toMatch(/^UYARI: GİB e-Defter paketinde/);
    expect(fs.readdirSync(month).sort()).toEqual(['berat.xslt', 'kebir.xslt', 'yevmiye.xslt']);
    // No package: nothing copied, no warning.
    expect(await copyGibXslts(month, null, () => warnings.push('x'))).toEqual({ copied: [], missing: [] });
    expect(warnings).toHaveLength(1);
    // Stylesheets at the package root are found too.
    const flat = tmpDir('gibpkg-flat');
    fs.writeFileSync(path.join(flat, 'envanter.xslt'), 'x');
    expect([...(await findGibXslts(flat)).keys()]).toEqual(['envanter.xslt']);
  });
});
