/**
 * Release builds of the extension (issue 15 item 3): `build.mjs --release` + packaging/extension/pack.mjs, run twice
 * (the second time under another time zone and umask), give byte-identical edefter-chromium-<v>.zip and
 * edefter-firefox-<v>.xpi; the Chrome manifest carries the pinned `key` (its id is the one the host manifests name),
 * the Firefox one the gecko id; no file of either names a test hook (the auto-approve PIN, the worker global for
 * Playwright), while the test build (dist/) keeps them; the zip entries have one mtime, mode 0644 and relative
 * names; the policy snippets name the artefacts; `web-ext lint` of the unpacked XPI reports no errors.
 * packaging/extension/pack-crx.mjs: refuses a key that is not the manifest's; with a test key (--any-id) its CRX3 is
 * byte-identical to what `chromium --pack-extension` makes of the same zip and key (when Chromium is installed).
 * Builds take ~25 s; web-ext comes through `pnpm dlx` (as `npm run lint:firefox`).
 */
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_EXTENSION_PUBLIC_KEY, GECKO_EXTENSION_ID } from '../../packages/protocol/src/extension-id.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const EXT = path.join(repo, 'packages/extension');
const VERSION = (JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8')) as { version: string }).version;
const ZIP = `edefter-chromium-${VERSION}.zip`;
const XPI = `edefter-firefox-${VERSION}.xpi`;
/** Names of the test hooks; none may appear in a release file. */
const HOOK_NAMES = ['autoApprove', 'testHooks', 'globalThis.edefter', 'exposeForTests', 'autoApproval', 'VITE_TEST_HOOKS'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-ext-release-'));

/** Runs a command (throws with its output when it fails). */
function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 300_000): string {
  const r = spawnSync(cmd, args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Release build + pack into `out` (under the extension build lock other engineers and tests use). */
function buildRelease(out: string, env: NodeJS.ProcessEnv = {}): void {
  sh('flock', ['/tmp/edefter-ext-build.lock', 'node', path.join(EXT, 'scripts/build.mjs'), '--release'], env);
  sh('sh', ['-c', `umask ${env.UMASK ?? '022'} && exec node packaging/extension/pack.mjs --out "$0/extension" --policies "$0/policies"`, out], env);
}

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A zip's central directory: name, DOS time/date, external attributes, and each entry's bytes (stored or deflated). */
function readZip(file: string): { name: string; time: number; date: number; mode: number; data: Buffer }[] {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const [time, date] = [buf.readUInt16LE(p + 12), buf.readUInt16LE(p + 14)];
    const csize = buf.readUInt32LE(p + 20);
    const [nlen, xlen, clen] = [buf.readUInt16LE(p + 28), buf.readUInt16LE(p + 30), buf.readUInt16LE(p + 32)];
    const mode = buf.readUInt32LE(p + 38) >>> 16;
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    out.push({ name, time, date, mode, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    expect(xlen, `${name}: no extra fields`).toBe(0);
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

const a = path.join(tmp, 'a');
const b = path.join(tmp, 'b');

describe('extension release builds', () => {
  beforeAll(() => {
    buildRelease(a);
    buildRelease(b, { TZ: 'Asia/Tokyo', UMASK: '077' });
  }, 600_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('are deterministic: two builds give the same bytes (SHA-256)', () => {
    for (const f of [ZIP, XPI]) {
      const [x, y] = [sha256(path.join(a, 'extension', f)), sha256(path.join(b, 'extension', f))];
      expect(y, f).toBe(x);
    }
    expect(fs.readFileSync(path.join(b, 'extension/SHA256SUMS'), 'utf8')).toBe(fs.readFileSync(path.join(a, 'extension/SHA256SUMS'), 'utf8'));
    expect(fs.statSync(path.join(b, 'extension', ZIP)).mode & 0o777).toBe(0o644);
  });

  it('zip entries: sorted relative names, one fixed mtime, mode 0644, no absolute paths', () => {
    for (const f of [ZIP, XPI]) {
      const entries = readZip(path.join(a, 'extension', f));
      const names = entries.map((e) => e.name);
      expect(names).toEqual([...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      expect(names).toContain('manifest.json');
      for (const e of entries) {
        expect(e.name, e.name).not.toMatch(/^\/|\.\.|\\/);
        expect([e.time, e.date], e.name).toEqual([0, 0x21]); // 1980-01-01 00:00:00
        expect(e.mode, e.name).toBe(0o100644);
        expect(e.data.toString('latin1'), e.name).not.toContain(repo);
      }
    }
  });

  it('Chrome: the manifest carries the pinned key, whose id the host manifests name; Firefox: the gecko id', () => {
    const chrome = JSON.parse(
      readZip(path.join(a, 'extension', ZIP))
        .find((e) => e.name === 'manifest.json')!
        .data.toString('utf8'),
    );
    expect(chrome.key).toBe(CHROME_EXTENSION_PUBLIC_KEY);
    const hex = createHash('sha256').update(Buffer.from(chrome.key, 'base64')).digest('hex').slice(0, 32);
    expect([...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('')).toBe(CHROME_EXTENSION_ID);
    expect(chrome.version).toBe(VERSION);
    const firefox = JSON.parse(
      readZip(path.join(a, 'extension', XPI))
        .find((e) => e.name === 'manifest.json')!
        .data.toString('utf8'),
    );
    expect(firefox.browser_specific_settings.gecko.id).toBe(GECKO_EXTENSION_ID);
    expect(firefox.key).toBeUndefined();
  });

  it('carry no test hook (the test build in dist/ keeps them)', () => {
    for (const f of [ZIP, XPI]) {
      for (const e of readZip(path.join(a, 'extension', f))) {
        const text = e.data.toString('latin1');
        for (const hook of HOOK_NAMES) expect(text.includes(hook), `${f}:${e.name} names ${hook}`).toBe(false);
      }
    }
    const testBuild = path.join(EXT, 'dist/chrome/assets');
    if (fs.existsSync(testBuild)) {
      const all = fs
        .readdirSync(testBuild)
        .map((n) => fs.readFileSync(path.join(testBuild, n), 'latin1'))
        .join('\n');
      expect(all).toContain('autoApprove');
      expect(all).toContain('globalThis.edefter=');
    }
  });

  it('policy snippets name the id, the gecko id and the versioned artefacts', () => {
    const chrome = JSON.parse(fs.readFileSync(path.join(a, 'policies/chromium-policy.json'), 'utf8'));
    expect(chrome.ExtensionInstallForcelist).toEqual([`${CHROME_EXTENSION_ID};file:///usr/share/edefter/policies/update.xml`]);
    const update = fs.readFileSync(path.join(a, 'policies/update.xml'), 'utf8');
    expect(update).toContain(`<app appid="${CHROME_EXTENSION_ID}">`);
    expect(update).toContain(`version="${VERSION}"`);
    const ff = JSON.parse(fs.readFileSync(path.join(a, 'policies/firefox-policies.json'), 'utf8'));
    expect(ff.policies.ExtensionSettings[GECKO_EXTENSION_ID]).toEqual({
      installation_mode: 'force_installed',
      install_url: `file:///usr/share/edefter/extension/${XPI}`,
    });
  });

  it('web-ext lint of the unpacked XPI: no errors', () => {
    const src = path.join(tmp, 'xpi');
    fs.mkdirSync(src);
    for (const e of readZip(path.join(a, 'extension', XPI))) {
      fs.mkdirSync(path.dirname(path.join(src, e.name)), { recursive: true });
      fs.writeFileSync(path.join(src, e.name), e.data);
    }
    const out = sh('pnpm', ['dlx', 'web-ext@10.7.0', 'lint', '--source-dir', src, '--no-input', '--output', 'json']);
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { summary: { errors: number; warnings: number }; errors: { code: string }[] };
    expect(report.errors.map((x) => x.code)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  }, 300_000);

  it("pack-crx: refuses a key other than the manifest's; its CRX3 equals chromium --pack-extension on the same zip and key", () => {
    const keyFile = path.join(tmp, 'test-key.pem');
    fs.writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const zip = path.join(a, 'extension', ZIP);
    const refused = spawnSync(process.execPath, ['packaging/extension/pack-crx.mjs', '--key', keyFile, '--zip', zip, '--out', path.join(tmp, 'x.crx')], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`the manifest's key gives ${CHROME_EXTENSION_ID}`);
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((f) => fs.existsSync(f));
    if (!chromium) return;
    // Chromium packs a folder: let it, then re-pack the zip it made with our packer and compare the bytes
    const src = path.join(tmp, 'crx-src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'crx test', version: '1.0.0' }));
    spawnSync(
      chromium,
      ['--headless=new', '--no-sandbox', `--user-data-dir=${path.join(tmp, 'crx-profile')}`, `--pack-extension=${src}`, `--pack-extension-key=${keyFile}`],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const theirs = fs.readFileSync(`${src}.crx`);
    const theirZip = path.join(tmp, 'their.zip');
    fs.writeFileSync(theirZip, theirs.subarray(12 + theirs.readUInt32LE(8)));
    const ours = path.join(tmp, 'ours.crx');
    sh(process.execPath, ['packaging/extension/pack-crx.mjs', '--key', keyFile, '--zip', theirZip, '--out', ours, '--any-id']);
    expect(createHash('sha256').update(fs.readFileSync(ours)).digest('hex')).toBe(createHash('sha256').update(theirs).digest('hex'));
  }, 180_000);
});
