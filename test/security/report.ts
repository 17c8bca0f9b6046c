/**
 * `pnpm security:report`: runs the attack suite (test/security) with recording on and prints, per
 * attack class, attempts / refused / served and the total. Exit code: vitest's (non-zero when any
 * attack was served, because every attack test asserts served = 0).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AttackRecord } from './kit.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-security-')), 'records.jsonl');
fs.writeFileSync(file, '');
const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run.mjs'), 'vitest', 'run', 'test/security'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, EDEFTER_SECURITY_RECORD: file },
});
const recs = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as AttackRecord);
const by = new Map<string, { attempts: number; refused: number; attacks: number }>();
for (const x of recs) {
  const row = by.get(x.cls) ?? { attempts: 0, refused: 0, attacks: 0 };
  row.attempts += x.attempts;
  row.refused += x.refused;
  row.attacks++;
  by.set(x.cls, row);
}
const rows = [...by.entries()].sort((a, b) => a[0].localeCompare(b[0]));
const total = rows.reduce((t, [, v]) => ({ attempts: t.attempts + v.attempts, refused: t.refused + v.refused, attacks: t.attacks + v.attacks }), {
  attempts: 0,
  refused: 0,
  attacks: 0,
});
const line = (c: string, v: { attempts: number; refused: number; attacks: number }): string =>
  `| ${c.padEnd(20)} | ${String(v.attacks).padStart(7)} | ${String(v.attempts).padStart(8)} | ${String(v.refused).padStart(7)} | ${String(v.attempts - v.refused).padStart(6)} |`;
console.log('\n| attack class         | attacks | attempts | refused | served |');
console.log('|----------------------|---------|----------|---------|--------|');
for (const [c, v] of rows) console.log(line(c, v));
console.log(line('TOTAL', total));
if (total.attempts - total.refused > 0)
  console.log(
    '\nSERVED ATTACKS:\n' +
      recs
        .filter((x) => x.attempts > x.refused)
        .map((x) => `  ${x.cls}: ${x.name} (${x.attempts - x.refused})`)
        .join('\n'),
  );
fs.rmSync(path.dirname(file), { recursive: true, force: true });
process.exit(r.status ?? 1);
