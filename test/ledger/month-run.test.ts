/**
 * runMonth (the `edefter month` flow) with a software TEST signer: the sequential path and the
 * two-thread pipeline (parts signed and validated on a worker while the next one is built) give a
 * complete, valid month whose every signature (made in place in the staging folder) xmlsec1 verifies; the
 * workers' one-pass reports equal validateFiles' on the committed files; a failing stage leaves the month folder
 * untouched.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMonth } from '../../packages/bridge/src/flows/build-month.ts';
import { runMonthOnThread } from '../../packages/bridge/src/flows/month-thread.ts';
import { validateFiles } from '../../packages/bridge/src/validate/index.ts';
import { xmlsecVerify } from '../kit/xmlsec.ts';
import { company, gib, monthCsv, testSigner, tmpDir } from './helpers.ts';

describe('runMonth', () => {
  for (const pipeline of [false, true]) {
    it(`${pipeline ? 'pipeline (worker signs and checks parts)' : 'sequential'}: split month, every file valid, committed to the layout`, async () => {
      const root = tmpDir('run');
      const csv = await monthCsv(tmpDir('csv'), { entries: 30, seed: 5 });
      const r = await runMonth({
        exportPath: csv,
        company: company(),
        outRoot: root,
        creationDate: '2026-11-20',
        signer: await testSigner(),
        gib: gib(),
        maxPartBytes: 130_000,
        pipeline,
        finalLayers: ['a', 'b'],
      });
      expect(r.build.parts.length).toBeGreaterThan(1);
      expect(r.reports.every((x) => x.ok)).toBe(true);
      expect(r.cross).toEqual([]);
      const kinds = r.files.map((f) => f.kind);
      for (const k of ['Y', 'K', 'YB', 'KB']) expect(kinds.filter((x) => x === k)).toHaveLength(r.build.parts.length);
      expect(kinds.filter((x) => x === 'DR')).toHaveLength(1);
      expect(r.dir).toBe(path.join(root, '6090408038', '20260101-20261231', '01'));
      expect(fs.readdirSync(r.dir).sort()).toEqual(r.files.map((f) => f.name).sort());
      // The summary's SHA-256 (from the workers' check pass in the pipeline) is that of the committed bytes.
      for (const f of r.files) expect(f.sha256).toBe(createHash('sha256').update(fs.readFileSync(f.path)).digest('hex'));
      expect(fs.readdirSync(path.join(root, '6090408038')).filter((d) => d.startsWith('.'))).toEqual([]);
      const y1 = r.reports.find((x) => x.file.endsWith('-Y-000001.xml'))!;
      expect(y1.signed).toBe(true);
      expect(y1.summary.path).toBe(path.join(r.dir, y1.file));
      // every part, berat and the DR were signed in place in the staging folder (SignOptions.inPlace): xmlsec1 verifies each
      for (const f of r.files) {
        const x = xmlsecVerify(f.path);
        expect(x.ok, `${f.name}: ${x.out}`).toBe(true);
      }
    }, 120_000);
  }

  it('pipeline with every layer: the part workers validate each signed part (a, b, c) in their one pass, as validateFiles does', async () => {
    const root = tmpDir('run-abc');
    const csv = await monthCsv(tmpDir('csv'), { entries: 30, seed: 7 });
    const r = await runMonth({
      exportPath: csv,
      company: company(),
      outRoot: root,
      creationDate: '2026-11-20',
      signer: await testSigner(),
      gib: gib(),
      maxPartBytes: 130_000,
      pipeline: true,
      finalLayers: ['a', 'b', 'c'],
    });
    expect(r.build.parts.length).toBeGreaterThan(1);
    for (const x of r.reports) expect([x.file, x.ok, x.a.ran, x.b.ran, x.c.ran]).toEqual([x.file, true, true, true, true]);
    // the same files validated afresh on this thread give the same verdicts and summaries
    const again = await validateFiles(
      r.reports.map((x) => x.path),
      { gib: gib(), layers: ['a', 'b', 'c'], requireSignature: true, threads: 1 },
    );
    for (const [i, x] of again.entries()) {
      const w = r.reports[i];
      expect([x.file, x.ok, x.a.count, x.b.count, x.c.count]).toEqual([w.file, w.ok, w.a.count, w.b.count, w.c.count]);
      expect(x.summary.lastEntry).toBe(w.summary.lastEntry);
    }
  }, 180_000);

  it('pipeline, one part: the part is named 000000 after the workers judged it as 000001, so b and c run again under the real name', async () => {
    const root = tmpDir('run-one');
    const csv = await monthCsv(tmpDir('csv'), { entries: 8, seed: 3 });
    const r = await runMonth({
      exportPath: csv,
      company: company(),
      outRoot: root,
      creationDate: '2026-11-20',
      signer: await testSigner(),
      gib: gib(),
      pipeline: true,
      finalLayers: ['a', 'b', 'c'],
    });
    expect(r.build.parts.map((p) => p.y.name)).toEqual(['6090408038-202601-Y-000000.xml']);
    for (const x of r.reports) expect([x.file, x.ok, x.c.ran, x.c.count]).toEqual([x.file, true, true, 0]);
    expect(r.files.map((f) => f.sha256)).toEqual(r.files.map((f) => createHash('sha256').update(fs.readFileSync(f.path)).digest('hex')));
  }, 120_000);

  it('on a month worker (runMonthOnThread): the same month, progress reaches this thread, signatures come back to its signer', async () => {
    const root = tmpDir('run-thread');
    const csv = await monthCsv(tmpDir('csv'), { entries: 30, seed: 9 });
    const signer = await testSigner();
    let signed = 0;
    const steps = new Set<string>();
    const r = await runMonthOnThread({
      exportPath: csv,
      company: company(),
      outRoot: root,
      creationDate: '2026-11-20',
      signer: {
        ...signer,
        sign: (b) => {
          signed++;
          return signer.sign(b);
        },
      },
      gib: gib(),
      maxPartBytes: 130_000,
      pipeline: true,
      finalLayers: ['a', 'b', 'c'],
      onProgress: (p) => steps.add(p.step),
    });
    expect(r.build.parts.length).toBeGreaterThan(1);
    expect(r.reports.every((x) => x.ok && x.c.ran)).toBe(true);
    expect(typeof r.build.totalDebit).toBe('bigint');
    // every Y, K, YB, KB and the DR was signed by this thread's signer (the part workers' requests hop through the month worker)
    expect(signed).toBe(r.files.length);
    expect([...steps]).toEqual(expect.arrayContaining(['build', 'sign', 'berat', 'dr', 'commit']));
    for (const f of r.files) expect(f.sha256).toBe(createHash('sha256').update(fs.readFileSync(f.path)).digest('hex'));
  }, 180_000);

  it('on a month worker: a failing signer is the same EdefterError here, and the month folder is untouched', async () => {
    const root = tmpDir('run-thread-fail');
    const csv = await monthCsv(tmpDir('csv'), { entries: 6 });
    const signer = await testSigner();
    const broken = { ...signer, sign: async () => Buffer.alloc(256, 1) };
    await expect(
      runMonthOnThread({ exportPath: csv, company: company(), outRoot: root, creationDate: '2026-11-20', signer: broken, gib: null, pipeline: true }),
    ).rejects.toMatchObject({ name: 'EdefterError', code: 'SIGNATURE_INVALID' });
    expect(fs.existsSync(path.join(root, '6090408038', '20260101-20261231'))).toBe(false);
  }, 60_000);

  it('a failing stage leaves the month folder untouched', async () => {
    const root = tmpDir('run-fail');
    const csv = await monthCsv(tmpDir('csv'), { entries: 6 });
    const signer = await testSigner();
    const broken = { ...signer, certificate: signer.certificate, keyType: signer.keyType, sign: async () => Buffer.alloc(256, 1) };
    await expect(
      runMonth({ exportPath: csv, company: company(), outRoot: root, creationDate: '2026-11-20', signer: broken, gib: null, pipeline: true }),
    ).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(fs.existsSync(path.join(root, '6090408038', '20260101-20261231'))).toBe(false);
  }, 60_000);
});
