/**
 * validateFiles on worker threads (validate/own/pool.ts, check-worker.ts): each file is validated in one read on a
 * worker, files side by side, and the reports are those of the same files validated one after the other on this
 * thread: every layer's findings and counts, notes, the summaries, the order of the files. The set holds a month's
 * signed files, an unsigned draft, a file with findings in all three layers, one that is not XML, and one whose layer
 * a was given (validated on this thread while the workers run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, validateFiles, type FileReport } from '../../packages/bridge/src/validate/index.ts';
import { buildSmall, gib, signAll, tmpDir } from '../ledger/helpers.ts';

/** A report without its timings (they differ from run to run). */
function comparable(r: FileReport): unknown {
  const layer = (l: FileReport['a']) => ({ ...l, ms: undefined });
  return { ...r, a: layer(r.a), b: layer(r.b), c: layer(r.c) };
}

describe('validateFiles on two worker threads', () => {
  it('gives the reports of one thread, file by file, in the same order', async () => {
    const root = tmpDir('validate-threads');
    const month = await buildSmall(root, { entries: 12, seed: 20260107 });
    const draft = path.join(tmpDir('validate-threads-draft'), path.basename(month.parts[0].y.path));
    fs.copyFileSync(month.parts[0].y.path, draft);
    const s = await signAll(month);
    // findings in a, b and c: a debit amount that breaks Borç = Alacak, in a bad lexical form for the XSD and GİB's rule
    const bad = path.join(tmpDir('validate-threads-bad'), path.basename(s.defters[0]));
    const text = fs.readFileSync(s.defters[0], 'utf8');
    const broken = text.replace(/(<gl-cor:amount [^>]*>)([0-9.]+)</, (_m, t: string) => `${t}12,5<`);
    expect(broken).not.toBe(text);
    fs.writeFileSync(bad, broken);
    const notXml = path.join(tmpDir('validate-threads-notxml'), path.basename(s.defters[1]));
    fs.writeFileSync(notXml, '<edefter:defter xmlns:edefter="http://www.edefter.gov.tr"><unclosed>');
    const files = [...s.defters, ...s.berats, s.dr, draft, bad, notXml];
    const checked = new Map([[s.berats[0], await checkFile(s.berats[0], { requireSignature: false })]]);

    const one = await validateFiles(files, { gib: gib(), threads: 1, checked });
    const progress = new Set<string>();
    const two = await validateFiles(files, { gib: gib(), threads: 2, checked, onProgress: (f, layer) => progress.add(`${path.basename(f)} ${layer}`) });

    expect(two.map((r) => r.path)).toEqual(files);
    expect(two.map(comparable)).toEqual(one.map(comparable));
    // the set is what it is meant to be
    expect(one.filter((r) => r.ok).length).toBe(files.length - 2);
    const b = one[files.indexOf(bad)];
    expect([b.a.count > 0, b.b.count > 0, b.c.count > 0]).toEqual([true, true, true]);
    expect(one[files.indexOf(notXml)].b.ran).toBe(false);
    expect(one[files.indexOf(draft)].b.note).toBe('imzasız taslak');
    expect(progress.size).toBeGreaterThan(0);
  }, 180_000);
});
