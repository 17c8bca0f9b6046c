/**
 * The product apart from demo, simulator and test code (issue 11 item 2, Done-when): the product packages (bridge,
 * extension, protocol, domain) never import packages/dev, packages/simulators, test/, bench/ or certs/.
 *
 * - the boundary rule (.dependency-cruiser.cjs, `npm run lint:boundaries`) finds 0 violations on the real tree;
 * - it bites: a temporary product file in packages/bridge/src that imports the demo identity (by path) and the GİB
 *   simulator (by package name) is named in two violations; the file is deleted in `finally`;
 * - an independent grep of every product file's import specifiers finds none of those paths;
 * - dynamic imports whose argument is not a literal (which no static tool can follow) are listed; each must be known.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const PRODUCT_DIRS = ['bridge', 'extension', 'protocol', 'domain'].map((p) => path.join('packages', p));
/** Paths (relative to the repository root) and package names the product must never import. */
const NOT_PRODUCT = /^(packages\/(dev|simulators)\/|test\/|bench\/|certs\/|@edefter\/(dev|simulators)(\/|$))/;
/** Product files whose non-literal dynamic import is known and harmless, with the reason. */
const KNOWN_DYNAMIC_IMPORTS: Record<string, string> = {
  'packages/bridge/scripts/ts-worker.mjs': 'development bootstrap of a worker thread: imports the worker .ts entry it is given (never in the bundle)',
};

/** One dependency-cruiser violation, as its JSON reporter writes it. */
interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Runs dependency-cruiser with the project config on `targets`; returns its summary (JSON reporter). */
function cruise(targets: string[]): { violations: Violation[]; totalCruised: number } {
  const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'); // root devDependency
  const r = spawnSync(process.execPath, [bin, ...targets, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  expect(r.stdout, r.stderr).toMatch(/^\s*\{/);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[]; totalCruised: number } }).summary;
}

/** Every product source file (relative paths), without node_modules, build output and the packages' own tests. */
function productFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', 'dist', 'test', '.vite'].includes(e.name)) walk(p);
      } else if (/\.(ts|tsx|mts|mjs|js|cjs)$/.test(e.name)) out.push(p);
    }
  };
  for (const d of PRODUCT_DIRS) if (fs.existsSync(path.join(root, d))) walk(d);
  return out;
}

/** Source text without comments (rough: block comments and `//` comments not preceded by `:` or a quote). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The module specifiers of a source text: `from '…'`, `import '…'`, `import('…')`, `require('…')`, `export … from`. */
function specifiers(src: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])([^'"`$]+)\1/g;
  return [...stripComments(src).matchAll(re)].map((m) => m[2]);
}

/** Where a specifier of `file` points, relative to the root for relative ones, else the bare name. */
function target(file: string, spec: string): string {
  return spec.startsWith('.')
    ? path
        .relative(root, path.resolve(root, path.dirname(file), spec))
        .split(path.sep)
        .join('/')
    : spec;
}

describe('product boundaries (issue 11 item 2)', () => {
  it('the boundary rule finds no violation in the real tree (npm run lint:boundaries)', () => {
    const { violations: v, totalCruised } = cruise(['packages']);
    expect(totalCruised).toBeGreaterThan(300); // bridge, extension, protocol, domain, dev, simulators
    expect(v.map((x) => `${x.rule.name}: ${x.from} → ${x.to}`)).toEqual([]);
  });

  it('the rule bites: a product file importing the demo identity and the GİB simulator is named', () => {
    const rel = `packages/bridge/src/boundary-probe-${process.pid}.ts`;
    const probe = path.join(root, rel);
    try {
      fs.writeFileSync(
        probe,
        [
          '// temporary file of test/architecture/boundaries.test.ts (deleted at once): a forbidden product import',
          "import { demoIdentity } from '../../dev/src/pki/demo-identity.ts';",
          "import type { GibSimulator } from '@edefter/simulators/gib/index.ts';",
          'export const probe = (s?: GibSimulator): unknown => [demoIdentity, s];',
          '',
        ].join('\n'),
      );
      const v = cruise([rel]).violations.filter((x) => x.from === rel);
      expect(v.map((x) => x.rule.name)).toEqual(['product-imports-dev-or-test', 'product-imports-dev-or-test']);
      expect(v.map((x) => x.to).sort()).toEqual(['@edefter/simulators/gib/index.ts', 'packages/dev/src/pki/demo-identity.ts']);
      // the grep below catches the same file
      const found = specifiers(fs.readFileSync(probe, 'utf8'))
        .map((s) => target(rel, s))
        .filter((t) => NOT_PRODUCT.test(t));
      expect(found.sort()).toEqual(['@edefter/simulators/gib/index.ts', 'packages/dev/src/pki/demo-identity.ts']);
    } finally {
      fs.rmSync(probe, { force: true });
    }
    expect(fs.existsSync(probe)).toBe(false);
  });

  it('grep: no product file imports dev, simulator, test, bench or certs code', () => {
    const files = productFiles();
    expect(files.length).toBeGreaterThan(100);
    const bad = files.flatMap((f) =>
      specifiers(fs.readFileSync(path.join(root, f), 'utf8'))
        .map((s) => target(f, s))
        .filter((t) => NOT_PRODUCT.test(t))
        .map((t) => `${f} → ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it('grep: dynamic imports with a non-literal argument in product code are listed and known', () => {
    const dynamic = productFiles().flatMap((f) => {
      const lines = stripComments(fs.readFileSync(path.join(root, f), 'utf8')).split('\n');
      return lines.flatMap((l, i) => (/(?<!typeof\s)\bimport\(\s*(?!['"]|`[^`$]*`)/.test(l) ? [`${f}:${i + 1}: ${l.trim()}`] : []));
    });
    console.log(`non-literal dynamic imports in product code (${dynamic.length}):\n${dynamic.join('\n')}`);
    for (const d of dynamic) expect(Object.keys(KNOWN_DYNAMIC_IMPORTS), d).toContain(d.split(':')[0]);
  });
});
