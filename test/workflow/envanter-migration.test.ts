/**
 * Workflow migration 3 (Envanter): a database made by an earlier bridge (migrations 1–2) opens with
 * book `E` and package kind `EB` allowed, its rows, files and history intact, the schema sound; other
 * values stay refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../packages/bridge/src/workflow/migrations.ts';
import { WorkflowStore } from '../../packages/bridge/src/workflow/store.ts';
import { ensurePackage } from '../../packages/bridge/src/workflow/package-store.ts';

describe('workflow migration 3 (envanter)', () => {
  it('widens book and package kind on an existing file without touching its rows', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-mig-')), 'wf.sqlite');
    const actor = { origin: 'test' };
    const old = WorkflowStore.open({ file, migrations: MIGRATIONS.filter((m) => m.version <= 2) });
    const y = { vkn: '6090408038', period: '202412', part: '000000', branch: '', book: 'Y' as const };
    old.ensureLedger(y, { title: 'DEMO' });
    const yFile = path.join(path.dirname(file), 'y.xml');
    fs.writeFileSync(yFile, '<x/>');
    await old.recordFile(y, { role: 'defter', path: yFile }, actor);
    expect(() => old.ensureLedger({ ...y, book: 'E' as never })).toThrow();
    old.close();
    const store = WorkflowStore.open({ file });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(3);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      store.ensureLedger({ ...y, book: 'E' }, { title: 'DEMO', controlNumber: 'ENV202412000001' });
      ensurePackage(store, { name: '6090408038-202412-EB-000000', vkn: '6090408038', period: '202412', part: '000000', kind: 'EB' }, actor);
      expect(store.listLedgers({ vkn: '6090408038' }).map((l) => l.book)).toEqual(['Y', 'E']);
      expect((store.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n).toBe(1);
      expect(() =>
        store.db.prepare("INSERT INTO ledgers (vkn, period, part, book, created_at, updated_at) VALUES ('1','202412','000000','Q','t','t')").run(),
      ).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
