#!/usr/bin/env node
// Builds the PIN-pad simulator (test/pinpad/pinpad_shim.c) into var/pinpad/libpinpad.so when it
// is missing or older than its source. Called by scripts/setup.sh; tests call it too (idempotent).
// Needs gcc and libp11-kit-dev (PKCS#11 headers in /usr/include/p11-kit-1).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const src = path.join(here, 'pinpad_shim.c');
const outDir = path.join(root, 'var', 'pinpad');
const out = path.join(outDir, 'libpinpad.so');

/** Returns the path of the built shim, compiling it if needed. Throws when gcc fails. */
export function buildPinpadShim({ force = false, quiet = false } = {}) {
  const fresh =
    fs.existsSync(out) &&
    fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs &&
    fs.statSync(out).mtimeMs >= fs.statSync(fileURLToPath(import.meta.url)).mtimeMs;
  if (fresh && !force) return out;
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const args = ['-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-Wno-unused-parameter', '-I/usr/include/p11-kit-1', '-o', tmp, src, '-ldl', '-lpthread'];
  const r = spawnSync('gcc', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to remove */
    }
    throw new Error(`gcc failed building the PIN-pad shim:\n${r.stderr || r.error}`);
  }
  fs.renameSync(tmp, out);
  if (!quiet) console.log(`[pinpad] built ${path.relative(root, out)}`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildPinpadShim({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(String(e?.message ?? e));
    process.exit(1);
  }
}
