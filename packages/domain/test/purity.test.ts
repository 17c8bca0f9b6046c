import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('@edefter/domain stays pure (the extension and protocol import it)', () => {
  it('imports only its own files: no node: modules, no packages', () => {
    const bad: string[] = [];
    for (const f of sources(path.join(root, 'src'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        if (!m[1].startsWith('./') && !m[1].startsWith('../')) bad.push(`${path.relative(root, f)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: object };
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
