#!/usr/bin/env node
// Builds dist-release/edefter: the bridge and CLI as one Node 20 single executable (SEA, issue 15), linux x64.
//   1. the CommonJS bundle (packages/bridge/scripts/build.mjs --cjs) into dist-release/.sea/app/
//   2. the native addon packages it loads at run time, only their run-time files, into app/node_modules/
//   3. every app/ file goes into one SEA asset (app.pack); its offset, size and SHA-256 go into the BUILD header of
//      main.cjs, with the version (packages/bridge/package.json) and a content hash (the cache folder's name)
//   4. node --experimental-sea-config → blob; a copy of this Node (symbols stripped) gets the blob
//      injected with postject (pinned in the root package.json)
// The binary extracts the assets on first use (see main.cjs). Deterministic for the same inputs.
// Usage: node packaging/sea/build.mjs [--out dist-release/edefter] [--quiet]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const out = path.resolve(root, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'dist-release/edefter');
const quiet = args.includes('--quiet');
const stage = path.join(path.dirname(out), '.sea');
const app = path.join(stage, 'app');
const bridgeDir = path.join(root, 'packages', 'bridge');
const say = (s) => {
  if (!quiet) process.stdout.write(`[sea] ${s}\n`);
};

/**
 * Run-time files of the native addon packages (and their run-time dependencies), relative to each package;
 * `dir/**` copies a folder, `*.node` the addons at the package root. Build-only dependencies
 * (prebuild-install, node-gyp sources, object files) stay out.
 */
const NATIVE = [
  { name: 'pkcs11js', from: bridgeDir, files: ['package.json', 'index.js', 'LICENSE', 'build/Release/pkcs11.node'] },
  { name: 'better-sqlite3', from: bridgeDir, files: ['package.json', 'LICENSE', 'lib/**', 'build/Release/better_sqlite3.node'] },
  { name: 'bindings', from: 'better-sqlite3', files: ['package.json', 'bindings.js', 'LICENSE.md'] },
  { name: 'file-uri-to-path', from: 'bindings', files: ['package.json', 'index.js', 'LICENSE'] },
  { name: '@napi-rs/keyring', from: bridgeDir, files: ['package.json', 'index.js', 'LICENSE'] },
  { name: '@napi-rs/keyring-linux-x64-gnu', from: '@napi-rs/keyring', files: ['package.json', '*.node'] },
];

/** Runs a command; throws with its output when it fails. */
function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.stdout;
}

/** Folder of package `name` as Node would find it from `fromDir` (walks up node_modules; pnpm's links resolved). */
function findPackage(name, fromDir) {
  for (let d = fs.realpathSync(fromDir); ; d = path.dirname(d)) {
    const p = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(p, 'package.json'))) return fs.realpathSync(p);
    if (path.dirname(d) === d) throw new Error(`package ${name} not found from ${fromDir}`);
  }
}

/** Files (relative) matched by one NATIVE pattern inside `dir`. */
function expand(dir, pattern) {
  if (pattern.endsWith('/**')) {
    const base = pattern.slice(0, -3);
    return fs
      .readdirSync(path.join(dir, base), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
  }
  if (pattern.startsWith('*.')) return fs.readdirSync(dir).filter((f) => f.endsWith(pattern.slice(1)));
  if (!fs.existsSync(path.join(dir, pattern))) throw new Error(`${dir}: missing ${pattern}`);
  return [pattern];
}

/** Every file under `dir` (relative, '/' separated, sorted). */
function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) =>
      path
        .relative(dir, path.join(e.parentPath ?? e.path, e.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

const started = Date.now();
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

// 1. the CommonJS bundle, stored already wrapped as a CommonJS function (Node's Module.wrap text): main.cjs compiles the
// file's text as it is, so V8 keeps one copy of the 5.8 MB source instead of a second, concatenated one until a full GC
run(process.execPath, [path.join(bridgeDir, 'scripts', 'build.mjs'), '--cjs', '--outdir', app, '--quiet']);
for (const f of ['README.md', 'package.json']) fs.rmSync(path.join(app, f), { force: true });
// (and edefter-sign.cjs and edefter-bridge.cjs, `edefter sign` and `edefter bridge` alone, the same way)
for (const name of ['edefter.cjs', 'edefter-sign.cjs', 'edefter-bridge.cjs']) {
  const bundleFile = path.join(app, name);
  const bundleText = fs.readFileSync(bundleFile, 'utf8');
  // ASCII only (esbuild escapes non-ASCII in strings, not in regular expression literals): main.cjs reads it as latin1,
  // the same text without UTF-8 decoding (4.5 MB in ~2 ms instead of ~15), which a UTF-8 sequence would garble
  const nonAscii = /[^\x00-\x7f]/.exec(bundleText);
  if (nonAscii) {
    const at = nonAscii.index;
    throw new Error(`${name} is not ASCII at ${at}: …${bundleText.slice(Math.max(0, at - 60), at + 20)}… (write the character as \\u escape)`);
  }
  fs.writeFileSync(bundleFile, `(function (exports, require, module, __filename, __dirname) { ${bundleText}\n});`);
}

// 2. native addon packages
const found = new Map();
for (const n of NATIVE) {
  const dir = findPackage(n.name, found.get(n.from) ?? n.from);
  found.set(n.name, dir);
  for (const pat of n.files) {
    for (const rel of expand(dir, pat)) {
      const dest = path.join(app, 'node_modules', n.name, rel);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(path.join(dir, rel), dest);
    }
  }
}
for (const f of listFiles(app).filter((x) => x.endsWith('.node'))) run('strip', ['--strip-debug', path.join(app, f)]);

// 3. one asset (app.pack: every app/ file, 8-byte aligned), the manifest and the main script. One asset, not one per
// file: Node reads every asset's header in the blob at start, and each header read maps 64 KiB of the binary
const version = JSON.parse(fs.readFileSync(path.join(bridgeDir, 'package.json'), 'utf8')).version;
const pieces = [];
let packSize = 0;
const files = listFiles(app).map((p) => {
  const buf = fs.readFileSync(path.join(app, p));
  const offset = packSize;
  const pad = (8 - (buf.length % 8)) % 8;
  pieces.push(buf, Buffer.alloc(pad));
  packSize += buf.length + pad;
  return { path: p, offset, size: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex') };
});
fs.writeFileSync(path.join(stage, 'app.pack'), Buffer.concat(pieces, packSize));
const hash = crypto.createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12);
const build = { version, hash, files };
const main = path.join(stage, 'main.cjs');
fs.writeFileSync(main, `const BUILD = ${JSON.stringify(build)};\n${fs.readFileSync(path.join(root, 'packaging', 'sea', 'main.cjs'), 'utf8')}`);
// paths relative to the stage folder (the blob records the main script's path): the same inputs give the same bytes
// wherever the output goes
const config = {
  main: 'main.cjs',
  output: 'sea-prep.blob',
  disableExperimentalSEAWarning: true,
  useSnapshot: false,
  useCodeCache: false,
  assets: { 'app.pack': 'app.pack' },
};
fs.writeFileSync(path.join(stage, 'sea-config.json'), `${JSON.stringify(config, null, 2)}\n`);
run(process.execPath, ['--experimental-sea-config', 'sea-config.json'], { cwd: stage });

// 4. the executable
const tmpOut = path.join(stage, 'edefter');
fs.copyFileSync(process.execPath, tmpOut);
fs.chmodSync(tmpOut, 0o755);
run('strip', ['--strip-all', tmpOut]); // .dynsym stays: the addons link against Node's N-API
run(process.execPath, [
  path.join(root, 'node_modules', 'postject', 'dist', 'cli.js'),
  tmpOut,
  'NODE_SEA_BLOB',
  path.join(stage, config.output),
  '--sentinel-fuse',
  'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.renameSync(tmpOut, out);
const v = run(out, ['--version']).trim();
if (v !== version) throw new Error(`built binary says ${v}, expected ${version}`);
const size = fs.statSync(out).size;
say(`${path.relative(root, out)} ${version} (${hash}), ${(size / 1048576).toFixed(1)} MiB, ${files.length} files in one asset, in ${Date.now() - started} ms`);
