/**
 * Entry script of the `edefter` single executable (Node 20 SEA, issue 15). packaging/sea/build.mjs
 * puts `const BUILD = {...}` in front of this file (version, content hash, the file list: path, offset
 * in the one asset `app.pack`, size, SHA-256) and makes it the SEA's main script; a SEA runs one
 * CommonJS script whose own `require` loads built-ins only.
 *
 * - `edefter --version` / `-V` answers from BUILD, before anything is extracted or compiled.
 * - Otherwise the assets (the CommonJS bundle `edefter.cjs`, `edefter-sign.cjs` and `edefter-bridge.cjs` for `edefter sign` and
 *   `edefter bridge` alone, `workers/*.cjs`, and the native addon
 *   packages under `node_modules/`: pkcs11js, better-sqlite3, @napi-rs/keyring) are extracted once to
 *   `$EDEFTER_CACHE_DIR` or `$XDG_CACHE_HOME/edefter/<version>-<hash>/` (`~/.cache/...`; folders 0700,
 *   files 0600), each checked against its SHA-256 from the build, and the folder renamed into place
 *   when complete. Every later start compares each file's stat stamp (inode, size, mtime and ctime in ns) with
 *   the ones recorded in `.complete` when its SHA-256 was last checked; any write, chmod or utimes changes the
 *   ctime, which no user can set back, so a changed stamp means every SHA-256 is checked again (and the files
 *   extracted again on a mismatch). Hashing every file at every start cost ~13 ms CPU (12 MB).
 * - The bundle is then compiled from that folder with a V8 code cache kept beside it
 *   (`edefter.cjs.<kind>.v8cache`, written after the first run of that kind of command: `bridge`, `sign`,
 *   `native-host` or `cli` for the others, so a command does not materialise the functions another one
 *   compiled; until it exists, `edefter.cjs.base.v8cache`, the top level alone, written by the first run
 *   that had to parse the whole bundle), and run as a CommonJS module of that folder: its `require` finds
 *   the addons in `node_modules/` by normal Node lookup, and workers/spawn.ts finds `workers/*.cjs` beside it.
 *
 * Errors: an unreadable/unwritable cache folder or a corrupt asset in the binary ends the process
 * with exit code 70 and a Turkish + English message on stderr.
 */
'use strict';
/* global BUILD */
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const crypto = require('node:crypto');
const vm = require('node:vm');
const Module = require('node:module');
const sea = require('node:sea');
const v8 = require('node:v8');

/** Marker written last into a complete cache folder. */
const COMPLETE = '.complete';

/** Exits with a bilingual message (Turkish, then English). */
function die(tr, en, detail) {
  process.stderr.write(`edefter: ${tr} / ${en}${detail ? `: ${detail}` : ''}\n`);
  process.exit(70);
}

/** The versioned cache folder of this build. */
function cacheDir() {
  const root = process.env.EDEFTER_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'edefter');
  return { root, dir: path.join(root, `${BUILD.version}-${BUILD.hash}`) };
}

/** SHA-256 (hex) of a buffer. */
function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

/** SHA-256 (hex) of a file, read in 1 MiB pieces into one buffer (no per-file allocation, so little memory stays behind). */
function fileSha256(file, size, piece) {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).size !== size) return '';
    const h = crypto.createHash('sha256');
    for (let n; (n = fs.readSync(fd, piece, 0, piece.length, null)) > 0; ) h.update(piece.subarray(0, n));
    return h.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

/** First line of `.complete`: the build it holds. */
const MARKER = `${BUILD.version} ${BUILD.hash}\n`;

/**
 * The `.complete` text for `dir`: the build line, then one stat stamp per asset file (inode, size, mtime, ctime in ns).
 * @throws when a file is missing
 */
function marker(dir) {
  const stamps = BUILD.files.map((f) => {
    const s = fs.statSync(path.join(dir, f.path), { bigint: true });
    return `${s.ino} ${s.size} ${s.mtimeNs} ${s.ctimeNs}`;
  });
  return `${MARKER}${stamps.join('\n')}\n`;
}

/** Writes `.complete` of `dir` atomically (private file). */
function writeMarker(dir) {
  const tmp = path.join(dir, `${COMPLETE}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, marker(dir), { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, COMPLETE));
}

/**
 * True when every asset file in `dir` is the one of this build: its stat stamps are those recorded in `.complete`
 * (nothing touched since its SHA-256 was checked), or else its size and SHA-256 are the build's (then the stamps
 * are recorded again).
 */
function intact(dir) {
  let recorded;
  try {
    recorded = fs.readFileSync(path.join(dir, COMPLETE), 'utf8');
    if (!recorded.startsWith(MARKER)) return false;
    if (recorded === marker(dir)) return true;
  } catch {
    return false;
  }
  const piece = Buffer.allocUnsafeSlow(1 << 20);
  for (const f of BUILD.files) {
    try {
      if (fileSha256(path.join(dir, f.path), f.size, piece) !== f.sha256) return false;
    } catch {
      return false;
    }
  }
  try {
    writeMarker(dir);
  } catch {
    /* a read-only cache only costs the check at the next start */
  }
  return true;
}

/** Extracts every file of the `app.pack` asset into a fresh folder beside `dir`, checks it, and renames it to `dir`. */
function extract(root, dir) {
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const tmp = fs.mkdtempSync(path.join(root, '.extract-'));
  try {
    // a view of the asset inside the mapped binary (no copy; only read)
    const pack = sea.getRawAsset('app.pack');
    for (const f of BUILD.files) {
      const buf = Buffer.from(pack, f.offset, f.size);
      if (sha256(buf) !== f.sha256) die('programın içindeki dosya bozuk', 'a file inside the program is corrupt', f.path);
      const out = path.join(tmp, f.path);
      fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
      fs.writeFileSync(out, buf, { mode: 0o600 });
    }
    writeMarker(tmp); // the files' stamps: renaming the folder changes neither their inodes nor their ctimes
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      // another edefter process finished the same extraction first: use its folder
      if (!intact(dir)) throw e;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Other builds' folders kept in the cache: the newest one, for a process (e.g. a bridge) still running it. */
const KEEP_OTHER_BUILDS = 1;
/** A `.extract-*` folder older than this (ms) was left by an extraction that crashed; one takes well under a second. */
const STALE_EXTRACT_MS = 3_600_000;

/**
 * After a new build was extracted: removes the folders of older builds (`<version>-<12 hex>`) but the
 * {@link KEEP_OTHER_BUILDS} most recently checked (their `.complete` mtime), and stale `.extract-*` folders, so
 * updates do not pile up ~15 MB each. Never fails: what cannot be removed stays for the next extraction.
 */
function pruneOldBuilds(root, dir) {
  let entries;
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  const builds = [];
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (!e.isDirectory() || p === dir) continue;
    try {
      if (e.name.startsWith('.extract-')) {
        if (Date.now() - fs.statSync(p).mtimeMs > STALE_EXTRACT_MS) fs.rmSync(p, { recursive: true, force: true });
      } else if (/^[0-9A-Za-z.+~-]+-[0-9a-f]{12}$/.test(e.name)) {
        let checked = 0;
        try {
          checked = fs.statSync(path.join(p, COMPLETE)).mtimeMs;
        } catch {
          /* an incomplete folder sorts last */
        }
        builds.push({ p, checked });
      }
    } catch {
      /* left for the next extraction */
    }
  }
  builds.sort((a, b) => b.checked - a.checked);
  for (const b of builds.slice(KEEP_OTHER_BUILDS)) {
    try {
      fs.rmSync(b.p, { recursive: true, force: true });
    } catch {
      /* left for the next extraction */
    }
  }
}

/**
 * Commands that run a bundle of their own instead of the whole CLI (edefter.cjs, 5.5 MB), and the function it exports:
 * `edefter sign` (edefter-sign.cjs, 0.25 MB: ~20 ms less CPU before the first byte is signed) and `edefter bridge`
 * (edefter-bridge.cjs, 3.2 MB: V8 keeps the whole source of a script in memory as long as it runs, issue 15 idle RSS).
 */
const OWN_BUNDLE = {
  sign: { file: 'edefter-sign.cjs', main: 'signMain' },
  bridge: { file: 'edefter-bridge.cjs', main: 'bridgeMain' },
};

/**
 * V8 flags for the bridge's start-up, set after the bundle is compiled (so its code cache, which V8 accepts only for
 * the flags it was made with, still fits) and set back after {@link BRIDGE_STARTED_MS} and before a code cache is
 * written: no optimising compiler (the few functions the start makes hot would map ~3.5 MiB of TurboFan's code into
 * the idle process) and a young generation that stays at its first size (~2.5 MiB less heap at rest after the start).
 * Pairs [start, back]; `back` is the default of the Node the binary carries (`node --v8-options`, Node 20.20). A
 * signature asked for in those first seconds runs unoptimised until they end.
 */
const BRIDGE_START_FLAGS = [
  ['--no-turbofan', '--turbofan'],
  ['--semi-space-growth-factor=1', '--semi-space-growth-factor=2'],
];
/** When the bridge counts as started (ms after its bundle runs). */
const BRIDGE_STARTED_MS = 10_000;

/** Commands with a code cache of their own (see runBundle); every other command shares the `cli` one. */
const OWN_CACHE = new Set(['bridge', 'sign', 'native-host']);

/**
 * Compiles and runs the extracted bundle as a CommonJS module of `dir`, with a V8 code cache: one per kind of
 * command, since V8 materialises every function in a cache it accepts (the whole CLI's module set for an idle bridge
 * after a `--help` run had written a shared one, ≈ 4 MiB of heap it never runs). The file holds the
 * bundle already wrapped as Node's CommonJS function (build.mjs), so its text is compiled as read: V8 keeps that one
 * string as the script's source, with no second, concatenated copy.
 */
function runBundle(dir, command) {
  const own = Object.hasOwn(OWN_BUNDLE, command) ? OWN_BUNDLE[command] : undefined;
  const file = path.join(dir, own ? own.file : 'edefter.cjs');
  const cacheFile = `${file}.${OWN_CACHE.has(command) ? command : 'cli'}.v8cache`;
  const baseFile = `${file}.base.v8cache`;
  const read = (f) => {
    try {
      return fs.readFileSync(f);
    } catch {
      return undefined;
    }
  };
  let cachedData = read(cacheFile);
  const ownCache = cachedData !== undefined;
  // no cache of this kind yet: start from the base cache (the bundle's top level only), so this run compiles only the
  // functions it calls instead of parsing the whole 4.5 MB bundle (tens of MiB of parser memory the process keeps)
  if (!ownCache) cachedData = read(baseFile);
  // ASCII (build.mjs checks it): latin1 is the same text without UTF-8 decoding (4.5 MB: ~2 ms instead of ~15)
  const script = new vm.Script(fs.readFileSync(file).toString('latin1'), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const rejected = cachedData === undefined || script.cachedDataRejected;
  cachedData = undefined; // the code cache (MiBs) is garbage once compiled, not kept alive while the bundle runs
  let restoreFlags = () => {};
  /** Writes `data()` to `target` atomically; a read-only cache only costs start time. */
  const save = (target, data) => {
    try {
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data(), { mode: 0o600 });
      fs.renameSync(tmp, target);
    } catch {
      /* ignored */
    }
  };
  // this compile parsed the whole bundle: keep its top level, before anything runs, as the base for other kinds
  if (rejected) save(baseFile, () => script.createCachedData());
  if (!ownCache || rejected) {
    // after this first run, keep the compiled code (including the functions the run needed); at exit, also for the
    // long-running bridge: serialising the cache mallocs megabytes that the C heap then keeps for the process's life
    process.once('exit', () => {
      restoreFlags();
      save(cacheFile, () => script.createCachedData());
    });
  }
  // (after the code caches are read and the base one written: both are only valid for the default flags)
  if (command === 'bridge') {
    for (const [set] of BRIDGE_START_FLAGS) v8.setFlagsFromString(set);
    restoreFlags = () => {
      restoreFlags = () => {};
      for (const [, back] of BRIDGE_START_FLAGS) v8.setFlagsFromString(back);
    };
    setTimeout(() => restoreFlags(), BRIDGE_STARTED_MS).unref();
  }
  const mod = new Module(file, null);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dir);
  const req = Module.createRequire(file);
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, file, dir);
  if (own) {
    mod.exports[own.main](process.argv.slice(2)).then((code) => {
      process.exitCode = code;
    });
  }
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${BUILD.version}\n`);
} else {
  const { root, dir } = cacheDir();
  try {
    if (!intact(dir)) {
      extract(root, dir);
      pruneOldBuilds(root, dir);
    }
  } catch (e) {
    die('önbellek klasörüne yazılamadı', 'cannot write the cache folder', `${dir}: ${e && e.message}`);
  }
  runBundle(dir, args[0]);
}
