#!/usr/bin/env node
// Packs the extension's release build (packages/extension/dist-release/<browser>, made by `build.mjs --release`) into
//   <out>/edefter-chromium-<version>.zip  (the Chrome/Chromium build; its manifest carries the fixed `key`)
//   <out>/edefter-firefox-<version>.xpi   (the Firefox build; gecko id as in packages/protocol/src/extension-id.ts)
// and fills the policy snippets of packaging/policies/*.in into <policies> (version, ids, install paths).
// Deterministic (issue 15 item 3): entries sorted by path (byte order), one fixed mtime (SOURCE_DATE_EPOCH, else
// 1980-01-01 00:00:00 UTC, the first DOS time), mode 0644, no directory entries, no extra timestamp fields, relative names.
// Usage: node packaging/extension/pack.mjs [--out DIR] [--policies DIR] [--prefix /usr/share/edefter]
//   defaults: --out dist-release/extension, --policies dist-release/policies (what packaging/deb/build-deb.sh ships).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, mkdirSync, writeFileSync, renameSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.TZ = 'UTC'; // zip (DOS) times are local times: pin the zone before any Date is made
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXT = join(ROOT, 'packages/extension');
const require = createRequire(join(EXT, 'package.json'));
const yazl = require('yazl');

/** Reads `--name value` from argv, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : fallback;
}
const OUT = arg('--out', join(ROOT, 'dist-release/extension'));
const POLICIES = arg('--policies', join(ROOT, 'dist-release/policies'));
const PREFIX = (() => {
  const i = process.argv.indexOf('--prefix');
  return i >= 0 ? process.argv[i + 1] : '/usr/share/edefter';
})();
const EPOCH = Number(process.env.SOURCE_DATE_EPOCH ?? 315532800);
if (!Number.isInteger(EPOCH) || EPOCH < 315532800) throw new Error(`SOURCE_DATE_EPOCH must be an integer ≥ 315532800 (1980), got ${EPOCH}`);
const MTIME = new Date(EPOCH * 1000);

/** Every file under `dir`, as '/'-separated relative paths in byte order. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
      else throw new Error(`pack: not a regular file: ${p}`);
    }
  };
  walk(dir);
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Zips `dir` deterministically into `file` (written beside, then renamed); resolves to the SHA-256 hex of the bytes. */
function zipDir(dir, file) {
  return new Promise((done, failed) => {
    const zip = new yazl.ZipFile();
    for (const name of listFiles(dir)) {
      zip.addBuffer(readFileSync(join(dir, name)), name, { mtime: MTIME, mode: 0o100644, compress: true, forceDosTimestamp: true });
    }
    zip.end({ forceZip64Format: false });
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('error', failed);
    zip.outputStream.on('end', () => {
      const bytes = Buffer.concat(chunks);
      writeFileSync(`${file}.tmp`, bytes, { mode: 0o644 });
      chmodSync(`${file}.tmp`, 0o644);
      renameSync(`${file}.tmp`, file);
      done(createHash('sha256').update(bytes).digest('hex'));
    });
  });
}

const chrome = JSON.parse(readFileSync(join(EXT, 'dist-release/chrome/manifest.json'), 'utf8'));
const firefox = JSON.parse(readFileSync(join(EXT, 'dist-release/firefox/manifest.json'), 'utf8'));
if (chrome.version !== firefox.version) throw new Error(`pack: versions differ (chrome ${chrome.version}, firefox ${firefox.version})`);
if (!chrome.key) throw new Error('pack: the Chrome manifest has no `key` (the extension id would not be the pinned one)');
const geckoId = firefox.browser_specific_settings?.gecko?.id;
if (!geckoId) throw new Error('pack: the Firefox manifest has no gecko id');
const version = chrome.version;
const chromeId = extensionIdFromKey(chrome.key);

mkdirSync(OUT, { recursive: true });
const zipName = `edefter-chromium-${version}.zip`;
const xpiName = `edefter-firefox-${version}.xpi`;
const zipSha = await zipDir(join(EXT, 'dist-release/chrome'), join(OUT, zipName));
const xpiSha = await zipDir(join(EXT, 'dist-release/firefox'), join(OUT, xpiName));
writeFileSync(join(OUT, 'SHA256SUMS'), `${zipSha}  ${zipName}\n${xpiSha}  ${xpiName}\n`, { mode: 0o644 });

// policy snippets: @VERSION@, @CHROME_ID@, @GECKO_ID@, @PREFIX@ filled in
const tplDir = join(ROOT, 'packaging/policies');
mkdirSync(POLICIES, { recursive: true });
const filled = [];
for (const tpl of readdirSync(tplDir)
  .filter((n) => n.endsWith('.in'))
  .sort()) {
  const text = readFileSync(join(tplDir, tpl), 'utf8')
    .replaceAll('@VERSION@', version)
    .replaceAll('@CHROME_ID@', chromeId)
    .replaceAll('@GECKO_ID@', geckoId)
    .replaceAll('@PREFIX@', PREFIX);
  writeFileSync(join(POLICIES, tpl.slice(0, -3)), text, { mode: 0o644 });
  filled.push(tpl.slice(0, -3));
}
console.log(`[extension] ${relative(ROOT, join(OUT, zipName))} ${zipSha}`);
console.log(`[extension] ${relative(ROOT, join(OUT, xpiName))} ${xpiSha}`);
console.log(`[extension] policies (${filled.join(', ')}) in ${relative(ROOT, POLICIES) || POLICIES}`);

/** Chrome's extension id for a base64 SubjectPublicKeyInfo: first 16 bytes of its SHA-256, hex digits 0-f as a-p. */
function extensionIdFromKey(b64) {
  const hex = createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}
