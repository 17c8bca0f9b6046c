/**
 * The bridge's data-flow rules (issue 11 item 3, .dependency-cruiser.cjs): ledger/ only writes,
 * validate/ never imports ledger/, gib/ and backup/ never import each other (the automatic backup
 * follows a workflow event), workflow/ imports no feature module, only entry points use flows/.
 * The real tree passes (boundaries.test.ts runs the whole config); here each rule is shown to bite:
 * a temporary file per module imports what it must not, and dependency-cruiser names the rule.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** One dependency-cruiser violation, as its JSON reporter writes it. */
interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs dependency-cruiser with the project config on `targets` (JSON reporter). */
function cruise(targets: string[]): Violation[] {
  const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, ...targets, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  expect(r.stdout, r.stderr).toMatch(/^\s*\{/);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A probe: the folder it is written in, the module it imports (relative), and the rule that must name it. */
const PROBES: { dir: string; imports: string; rule: string }[] = [
  { dir: 'gib', imports: '../backup/store.ts', rule: 'gib-not-backup' },
  { dir: 'backup', imports: '../gib/settings.ts', rule: 'backup-not-gib' },
  { dir: 'validate', imports: '../ledger/amount.ts', rule: 'validate-not-ledger' },
  { dir: 'ledger', imports: '../validate/findings.ts', rule: 'ledger-only-writes' },
  { dir: 'ledger', imports: '../xades/index.ts', rule: 'ledger-only-writes' },
  { dir: 'workflow', imports: '../backup/store.ts', rule: 'workflow-below-features' },
  { dir: 'gib', imports: '../flows/gib.ts', rule: 'only-entry-points-use-flows' },
];

describe('data-flow rules of the bridge', () => {
  it('each rule bites on a file that breaks it', () => {
    const files: string[] = [];
    try {
      for (const [i, p] of PROBES.entries()) {
        const rel = `packages/bridge/src/${p.dir}/flow-probe-${process.pid}-${i}.ts`;
        fs.writeFileSync(
          path.join(root, rel),
          [
            '// temporary file of test/architecture/flows.test.ts (deleted at once): a forbidden import',
            `import * as m from '${p.imports}';`,
            'export const probe: unknown = m;',
            '',
          ].join('\n'),
        );
        files.push(rel);
      }
      const v = cruise(files);
      for (const [i, p] of PROBES.entries()) {
        const to = path.posix.normalize(path.posix.join(`packages/bridge/src/${p.dir}`, p.imports));
        expect(
          v.filter((x) => x.from === files[i] && x.to === to).map((x) => x.rule.name),
          `${files[i]} → ${to}`,
        ).toContain(p.rule);
      }
    } finally {
      for (const f of files) fs.rmSync(path.join(root, f), { force: true });
    }
    for (const f of files) expect(fs.existsSync(path.join(root, f))).toBe(false);
  });
});
