/**
 * The workspace packages' `exports` name files that exist (issue 11 item 8): every target of every export map exists,
 * the bridge lists its subpaths one by one (no `./*` wildcard), and every `@edefter/bridge/<path>` import in the
 * repository (the developer packages and simulators use a few bridge modules directly) is one of the listed subpaths.
 * When a developer package needs another bridge module, add its subpath to packages/bridge/package.json `exports`.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const PACKAGES = fs.readdirSync(path.join(root, 'packages')).filter((p) => fs.existsSync(path.join(root, 'packages', p, 'package.json')));
/** Folders whose source files may import `@edefter/bridge/…`. */
const SOURCE_DIRS = ['packages', 'test', 'bench', 'scripts', 'packaging'];
const SOURCE_FILE = /\.(ts|tsx|mts|mjs|cjs|js)$/;

/** The `exports` map of packages/<name>/package.json (subpath → target; absent → {}). */
function exportsOf(name: string): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')) as { exports?: Record<string, string> };
  return pkg.exports ?? {};
}

/** Every source file under `dir` (relative to the root), skipping node_modules and build output. */
function sourceFiles(dir: string, out: string[] = []): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return out;
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'dist-release' || e.name === 'fixtures') continue;
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(rel, out);
    else if (SOURCE_FILE.test(e.name)) out.push(rel);
  }
  return out;
}

describe('package exports', () => {
  it('every export target of every workspace package exists (wildcards: their folder exists)', () => {
    const missing: string[] = [];
    for (const p of PACKAGES) {
      for (const [sub, target] of Object.entries(exportsOf(p))) {
        const file = path.join(root, 'packages', p, target.replace(/\*$/, ''));
        if (!fs.existsSync(file)) missing.push(`@edefter/${p} ${sub} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the bridge names its subpaths one by one and every @edefter/bridge/<path> import is listed', () => {
    const listed = exportsOf('bridge');
    expect(Object.keys(listed).filter((k) => k.includes('*'))).toEqual([]);
    const unlisted: string[] = [];
    for (const f of SOURCE_DIRS.flatMap((d) => sourceFiles(d))) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      for (const m of text.matchAll(/['"]@edefter\/bridge(\/[^'"]+)?['"]/g)) {
        const sub = m[1] ? `.${m[1]}` : '.';
        if (!Object.hasOwn(listed, sub)) unlisted.push(`${f}: @edefter/bridge${m[1] ?? ''}`);
      }
    }
    expect(unlisted).toEqual([]);
  });
});
