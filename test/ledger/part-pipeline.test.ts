/**
 * flows/part-pipeline.ts: one worker signs and validates parts while the main thread builds; after
 * helpHere the main thread takes queued jobs too, with the same results (signed file, one-pass
 * validation with a, b and c, SHA-256 of the signed bytes).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PartPipeline } from '../../packages/bridge/src/flows/part-pipeline.ts';
import { buildSmall, gib, testSigner, tmpDir } from './helpers.ts';

describe('PartPipeline', () => {
  it('one worker, then the main thread helps: every part signed and validated (a, b, c) once, digests of the signed bytes', async () => {
    const b = await buildSmall(tmpDir('pipe'), { entries: 30, seed: 11 }, { maxPartBytes: 130_000 });
    const files = b.parts.flatMap((p) => [p.y, p.k]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const pipe = await PartPipeline.start(await testSigner(), { workers: 1, gib: gib() });
    try {
      const jobs = files.map((f) => pipe.process(f.path, f.name, false));
      pipe.helpHere();
      const results = await Promise.all(jobs);
      expect(pipe.jobsHere).toBeGreaterThan(0);
      expect(pipe.jobsHere).toBeLessThan(files.length);
      for (const [i, r] of results.entries()) {
        const f = files[i];
        expect([f.name, r.pass.a.ok, r.pass.b?.count, r.pass.c?.count, r.pass.a.summary.signature.present]).toEqual([f.name, true, 0, 0, true]);
        expect(r.pass.a.summary.file).toBe(f.name);
        expect(r.pass.sha256).toBe(createHash('sha256').update(fs.readFileSync(f.path)).digest('hex'));
        expect(r.sign.bytes).toBe(fs.statSync(f.path).size);
      }
    } finally {
      await pipe.close();
    }
  }, 120_000);
});
