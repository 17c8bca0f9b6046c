#!/usr/bin/env node
// Line-length check (issue 11 item 8): no line of product code is longer than 160 characters (code points, not bytes:
// Turkish letters count once). Product code = the source files of packages/bridge, extension, protocol and domain
// (their test/ folders aside). Biome's formatter wraps code at 160 columns but never breaks strings or comments, so
// this check is separate and part of `npm run lint`.
//
// Ratchet: scripts/line-length-baseline.json lists, per file, how many long lines it had when the check came in; a file
// may have at most that many (new files: none). When you shorten lines, `node scripts/line-length.mjs --update` lowers
// the baseline (it never raises an entry, and drops files that are clean).
// Usage: node scripts/line-length.mjs [--update] [--list]   (exit 1 when a file has more long lines than allowed)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Longest line allowed, in code points. */
const MAX = 160;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baselineFile = path.join(root, 'scripts', 'line-length-baseline.json');
/** Product source files, as git knows them (tracked and new, not ignored). */
const PRODUCT = /^packages\/(bridge|extension|protocol|domain)\/(?!test\/).*\.(ts|tsx|mts|mjs|cjs|js)$/;

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => PRODUCT.test(f) && fs.existsSync(path.join(root, f)));

/** Long lines per file: file → [{ line (1-based), length }]. */
const long = new Map();
for (const f of files) {
  const lines = fs.readFileSync(path.join(root, f), 'utf8').split('\n');
  lines.forEach((l, i) => {
    const n = [...l].length;
    if (n > MAX) {
      if (!long.has(f)) long.set(f, []);
      long.get(f).push({ line: i + 1, length: n });
    }
  });
}

const baseline = fs.existsSync(baselineFile) ? JSON.parse(fs.readFileSync(baselineFile, 'utf8')) : {};
const total = [...long.values()].reduce((a, v) => a + v.length, 0);

if (process.argv.includes('--update')) {
  const next = {};
  for (const [f, v] of [...long].sort(([a], [b]) => a.localeCompare(b))) {
    next[f] = Object.hasOwn(baseline, f) || Object.keys(baseline).length === 0 ? Math.min(v.length, baseline[f] ?? v.length) : v.length;
  }
  fs.writeFileSync(baselineFile, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
  console.log(`line-length: baseline written, ${Object.keys(next).length} files, ${Object.values(next).reduce((a, b) => a + b, 0)} lines over ${MAX}`);
  process.exit(0);
}

const over = [];
for (const [f, v] of long) {
  const allowed = baseline[f] ?? 0;
  if (v.length > allowed) over.push({ f, v, allowed });
}
if (process.argv.includes('--list')) for (const [f, v] of long) for (const x of v) console.log(`${f}:${x.line}: ${x.length}`);
if (over.length) {
  for (const { f, v, allowed } of over) {
    console.error(`${f}: ${v.length} lines over ${MAX} characters (allowed ${allowed}): lines ${v.map((x) => `${x.line} (${x.length})`).join(', ')}`);
  }
  console.error(`line-length: ${over.length} file(s) gained lines over ${MAX} characters; wrap them (strings: split with +, comments: new line).`);
  process.exit(1);
}
console.log(`line-length: ${files.length} product files, ${total} lines over ${MAX} (baseline ${Object.values(baseline).reduce((a, b) => a + b, 0)})`);
