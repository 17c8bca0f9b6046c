/**
 * Dosya Oluştur end to end on small generated months: Y and K pass all three layers (as drafts and
 * signed), berats and the Defter Raporu too, xmlsec1 verifies the signatures; parçalı by size and
 * by date; the bounded-memory kebir; numbering and uniqueID continuity across parts and months; the
 * previous-period guard; re-building a month.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMonth } from '../../packages/bridge/src/ledger/build.ts';
import { checkMonthSet, validateFiles, type FileReport } from '../../packages/bridge/src/validate/index.ts';
import { CANCELLED_DIR } from '../../packages/domain/src/index.ts';
import { buildSmall, company, fakeGibApproved, gib, monthCsv, repoRoot, signAll, tmpDir } from './helpers.ts';

const CA = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');

function allFindings(rs: FileReport[]) {
  return rs.flatMap((r) => [...r.a.findings, ...r.b.findings, ...r.c.findings]).map((f) => `${f.layer} ${f.file} ${f.tr}`);
}

describe('a small month', () => {
  it('builds Y and K that pass a, b and c as drafts and signed; berats and DR too; xmlsec1 verifies', async () => {
    const root = tmpDir('build');
    const b = await buildSmall(root, { entries: 14 });
    expect(b.parts).toHaveLength(1);
    expect(b.parts[0].y.name).toBe('6090408038-202601-Y-000000.xml');
    expect(b.dir).toBe(path.join(root, '6090408038', '20260101-20261231', '01'));
    expect(b.totalDebit).toBe(b.totalCredit);
    const head = fs.readFileSync(b.parts[0].y.path, 'utf8').slice(0, 400);
    expect(head).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<\?xml-stylesheet type="text\/xsl" href="yevmiye\.xslt"\?>\n<edefter:defter xmlns:edefter=/,
    );
    expect(fs.readFileSync(b.parts[0].k.path, 'utf8')).toMatch(/href="kebir\.xslt"[\s\S]*<gl-cor:uniqueID contextRef="ledger_context">KEB202601000001</);
    const drafts = await validateFiles([b.parts[0].y.path, b.parts[0].k.path], { gib: gib(), requireSignature: false });
    expect(allFindings(drafts)).toEqual([]);
    expect(drafts.every((r) => r.a.ran && r.b.ran && r.c.ran)).toBe(true);
    const s = await signAll(b);
    const files = [...s.defters, ...s.berats, s.dr];
    const signed = await validateFiles(files, { gib: gib(), requireSignature: true });
    expect(allFindings(signed)).toEqual([]);
    expect(signed.map((r) => r.summary.kind)).toEqual(['Y', 'K', 'YB', 'KB', 'DR']);
    expect(
      checkMonthSet(
        signed.map((r) => r.summary),
        b.month,
        b.numberingStart,
      ),
    ).toEqual([]);
    const yb = signed[2].summary;
    expect(yb.segment['gl-bus:numberOfEntries']).toBe('14');
    expect(yb.beratSignatureValue).toBe(signed[0].summary.signature.value);
    for (const f of [s.defters[0], s.berats[0], s.dr]) {
      const r = spawnSync(
        'xmlsec1',
        ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', CA, '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', f],
        { encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('writes the K with bounded memory: spilled runs give the same bytes as the in-memory sort', async () => {
    const a = await buildSmall(tmpDir('k1'), { entries: 60, seed: 7 });
    const b = await buildSmall(tmpDir('k2'), { entries: 60, seed: 7 }, { kebirBudgetChars: 20_000 });
    expect(fs.readFileSync(b.parts[0].k.path)).toEqual(fs.readFileSync(a.parts[0].k.path));
    expect(fs.readdirSync(b.dir).filter((f) => f.includes('kebir-run'))).toEqual([]);
  });
});

describe('parçalı', () => {
  it('splits by size between days: gap-free periods, parts from 000001, running numbers and uniqueIDs', async () => {
    const root = tmpDir('split');
    const b = await buildSmall(root, { entries: 80 }, { maxPartBytes: 160_000 });
    expect(b.parts.length).toBeGreaterThanOrEqual(3);
    expect(b.parts.map((p) => p.plan.part)).toEqual(b.parts.map((_, i) => i + 1));
    expect(b.parts[0].plan.start).toBe('2026-01-01');
    expect(b.parts.at(-1)!.plan.end).toBe('2026-01-31');
    b.parts.forEach((p, i) => {
      expect(p.y.bytes).toBeLessThan(160_000 - 64 * 1024);
      expect(p.uniqueY).toBe(`YEV202601${String(i + 1).padStart(6, '0')}`);
      if (i) {
        const prev = b.parts[i - 1];
        expect(new Date(p.plan.start).getTime() - new Date(prev.plan.end).getTime()).toBe(86_400_000);
        expect(p.firstEntry).toBe(prev.lastEntry + 1);
        expect(p.firstLine).toBe(prev.lastLine + 1);
      }
    });
    const files = b.parts.flatMap((p) => [p.y.path, p.k.path]);
    const reps = await validateFiles(files, { gib: gib(), layers: ['a', 'b'] });
    expect(allFindings(reps)).toEqual([]);
    const c = await validateFiles(files.slice(2, 4), { gib: gib(), layers: ['c'] });
    expect(allFindings(c)).toEqual([]);
    expect(
      checkMonthSet(
        reps.map((r) => r.summary),
        b.month,
        b.numberingStart,
      ),
    ).toEqual([]);
  });

  it('--split-at ends a part on the date (parts 000001 and 000002)', async () => {
    const b = await buildSmall(tmpDir('splitat'), { entries: 20 }, { splitAt: ['2026-01-16'] });
    expect(b.parts.map((p) => [p.plan.part, p.plan.start, p.plan.end])).toEqual([
      [1, '2026-01-01', '2026-01-16'],
      [2, '2026-01-17', '2026-01-31'],
    ]);
    expect(b.parts.map((p) => p.y.name)).toEqual(['6090408038-202601-Y-000001.xml', '6090408038-202601-Y-000002.xml']);
    const reps = await validateFiles(
      b.parts.flatMap((p) => [p.y.path, p.k.path]),
      { gib: gib(), layers: ['a', 'b'] },
    );
    expect(allFindings(reps)).toEqual([]);
  });
});

describe('months in a row', () => {
  it('guards the previous period, continues numbers and uniqueIDs, refuses rebuilding an earlier month', async () => {
    const root = tmpDir('months');
    const jan = await buildSmall(root, { entries: 10 });
    await signAll(jan);
    const feb = await monthCsv(tmpDir('csv'), { month: 2, entries: 6 });
    const opts = { exportPath: feb, company: company(), outRoot: root, creationDate: '2026-11-20' };
    await expect(buildMonth(opts)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      tr: expect.stringMatching(
        /Önceki ayın \(202601\) beratları veya GİB onaylı beratları eksik: GIB-6090408038-202601-YB-000000\.xml, GIB-6090408038-202601-KB-000000\.xml/,
      ),
    });
    expect(fs.existsSync(path.join(root, '6090408038', '20260101-20261231', '02'))).toBe(false);
    fakeGibApproved(jan.dir);
    const r = await buildMonth(opts);
    expect(r.parts[0].firstEntry).toBe(11);
    expect(r.parts[0].firstLine).toBe(jan.lines + 1);
    expect(r.parts[0].uniqueY).toBe('YEV202602000002');
    const reps = await validateFiles([r.parts[0].y.path, r.parts[0].k.path], { gib: gib(), layers: ['a'] });
    expect(allFindings(reps)).toEqual([]);
    expect(
      checkMonthSet(
        reps.map((x) => x.summary),
        r.month,
        jan.numberingEnd,
      ),
    ).toEqual([]);
    // January cannot be rebuilt now that February exists; a GİB-approved month cannot be rebuilt either.
    const janCsv = await monthCsv(tmpDir('csv'), { entries: 10 });
    await expect(buildMonth({ ...opts, exportPath: janCsv })).rejects.toMatchObject({
      tr: expect.stringMatching(/Sonraki bir ay \(202602\) zaten oluşturulmuş/),
    });
    // March skipping February's berats: refused, --allow-gap builds with a loud warning.
    const mar = await monthCsv(tmpDir('csv'), { month: 3, entries: 4 });
    await expect(buildMonth({ ...opts, exportPath: mar })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const warnings: string[] = [];
    const m = await buildMonth({ ...opts, exportPath: mar, allowGap: true, warn: (tr) => warnings.push(tr) });
    expect(warnings.join('\n')).toMatch(/!!! UYARI: önceki dönem denetimi --allow-gap ile atlandı/);
    expect(m.parts[0].firstEntry).toBe(17);
  });

  it('re-building an unapproved month moves its earlier files to İPTAL EDİLENLER', async () => {
    const root = tmpDir('rebuild');
    const a = await buildSmall(root, { entries: 5, seed: 1 });
    const b = await buildSmall(root, { entries: 7, seed: 2 });
    expect(b.dir).toBe(a.dir);
    const cancelled = fs.readdirSync(path.join(a.dir, CANCELLED_DIR));
    expect(cancelled).toHaveLength(1);
    expect(fs.readdirSync(path.join(a.dir, CANCELLED_DIR, cancelled[0])).sort()).toEqual(['6090408038-202601-K-000000.xml', '6090408038-202601-Y-000000.xml']);
    expect(b.entries).toBe(7);
  });
});
