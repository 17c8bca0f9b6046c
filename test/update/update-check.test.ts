/**
 * `edefter update --check` (issue 15 item 6): a release manifest signed with a test key made here (Ed25519, and one
 * ECDSA P-256 case), read from a file and from http://127.0.0.1; tampered JSON, another key, no signature, older and
 * newer versions, semver order, an unreachable URL; and the CLI, whose compiled-in key is the placeholder, refusing a
 * manifest the test key signed (Turkish, then English), and a bundle built with EDEFTER_UPDATE_PUBLIC_KEY (the test
 * key's PEM) accepting it. Nothing is downloaded: the manifest's URL points nowhere.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEdefterError } from '../../packages/protocol/src/index.ts';
import { checkForUpdate, formatUpdateReport } from '../../packages/bridge/src/update/check.ts';
import { PLACEHOLDER_UPDATE_PUBLIC_KEY, releasePublicKey } from '../../packages/bridge/src/update/release-key.ts';
import { compareSemver, parseSemver } from '../../packages/bridge/src/update/semver.ts';
import { runCli } from '../gib/cli-helpers.ts';

const ed = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();

/** Manifest bytes for `version` (the URL is never fetched). */
function manifestBytes(version: string, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify(
      {
        name: 'edefter',
        version,
        url: `https://edefter.invalid/releases/edefter_${version}_amd64.deb`,
        sha256: 'ab'.repeat(32),
        notes: { tr: 'Deneme sürümü', en: 'Test release' },
        ...extra,
      },
      null,
      2,
    ),
  );
}

/** Ed25519 signature as base64 text (what a `.sig` file holds). */
const sigB64 = (bytes: Buffer, key: KeyObject = ed.privateKey): string => sign(null, bytes, key).toString('base64') + '\n';

let dir: string;
let server: http.Server;
let base: string;
const served = new Map<string, Buffer>();

/** Writes manifest + signature into `dir/name` and serves them at `/name`; returns the file path. */
function publish(name: string, bytes: Buffer, sig: string | Buffer | undefined): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  served.set(`/${name}`, bytes);
  if (sig !== undefined) {
    fs.writeFileSync(`${file}.sig`, sig);
    served.set(`/${name}.sig`, Buffer.from(sig));
  }
  return file;
}

/** The error `p` rejects with (fails the test when it resolves or throws something else). */
async function failure(p: Promise<unknown>): Promise<{ key?: string; code: string; tr: string; en: string }> {
  try {
    await p;
  } catch (e) {
    if (isEdefterError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-update-'));
  server = http.createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('semver', () => {
  it('orders versions as semver.org §11 does', () => {
    const order = [
      '0.9.0',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 0; i + 1 < order.length; i++) {
      expect(compareSemver(parseSemver(order[i])!, parseSemver(order[i + 1])!), `${order[i]} < ${order[i + 1]}`).toBe(-1);
      expect(compareSemver(parseSemver(order[i + 1])!, parseSemver(order[i])!)).toBe(1);
    }
    expect(compareSemver(parseSemver('1.0.0+build.5')!, parseSemver('1.0.0')!)).toBe(0);
    for (const bad of ['1.0', 'v1.0.0', '01.0.0', '1.0.0-', '1.0.0-01', '']) expect(parseSemver(bad), bad).toBeUndefined();
  });
});

describe('checkForUpdate with a test key', () => {
  it('a signed manifest with a newer version, from a file: reports it, with URL and SHA-256', async () => {
    const file = publish('newer.json', manifestBytes('0.2.0'), sigB64(manifestBytes('0.2.0')));
    const r = await checkForUpdate({ manifest: file, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' });
    expect(r).toMatchObject({ status: 'newer', current: '0.1.0', latest: '0.2.0', sha256: 'ab'.repeat(32) });
    expect(r.url).toBe('https://edefter.invalid/releases/edefter_0.2.0_amd64.deb');
    const text = formatUpdateReport(r);
    expect(text).toMatch(/^Yeni sürüm var: 0\.2\.0 \(kurulu: 0\.1\.0\)\nA newer version is available: 0\.2\.0/);
    expect(text).toContain('edefter does not download or run it');
  });

  it('the same manifest over http://127.0.0.1, signature as raw bytes and as a file:// URL', async () => {
    const bytes = manifestBytes('0.2.0');
    publish('raw.json', bytes, sign(null, bytes, ed.privateKey));
    const r = await checkForUpdate({ manifest: `${base}/raw.json`, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' });
    expect(r.status).toBe('newer');
    const r2 = await checkForUpdate({ manifest: `file://${path.join(dir, 'raw.json')}`, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' });
    expect(r2.status).toBe('newer');
  });

  it('same or older version: up to date', async () => {
    const same = publish('same.json', manifestBytes('0.1.0'), sigB64(manifestBytes('0.1.0')));
    expect((await checkForUpdate({ manifest: same, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' })).status).toBe('up-to-date');
    const older = publish('older.json', manifestBytes('0.1.0-rc.1'), sigB64(manifestBytes('0.1.0-rc.1')));
    const r = await checkForUpdate({ manifest: `${base}/older.json`, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' });
    expect(r.status).toBe('up-to-date');
    expect(formatUpdateReport(r)).toBe('güncel: 0.1.0 (yayındaki son sürüm 0.1.0-rc.1)\nup to date: 0.1.0 (latest published 0.1.0-rc.1)');
    expect(older).toBeTruthy();
  });

  it('a tampered manifest (one byte of the JSON changed after signing) is refused', async () => {
    const good = manifestBytes('0.2.0');
    const tampered = Buffer.from(good.toString().replace('ab'.repeat(32), 'cd'.repeat(32)));
    publish('tampered.json', tampered, sigB64(good));
    for (const manifest of [path.join(dir, 'tampered.json'), `${base}/tampered.json`]) {
      const e = await failure(checkForUpdate({ manifest, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' }));
      expect(e).toMatchObject({ key: 'update.signatureInvalid', code: 'SIGNATURE_INVALID' });
      expect(e.tr).toMatch(/imzası yayın anahtarıyla doğrulanamadı/);
      expect(e.en).toMatch(/does not verify with the release key/);
    }
  });

  it('a manifest signed with another key is refused', async () => {
    const file = publish('other-key.json', manifestBytes('0.2.0'), sigB64(manifestBytes('0.2.0'), other.privateKey));
    const e = await failure(checkForUpdate({ manifest: file, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' }));
    expect(e.key).toBe('update.signatureInvalid');
  });

  it('an unsigned manifest (no .sig), an empty or garbage signature are refused', async () => {
    publish('unsigned.json', manifestBytes('0.2.0'), undefined);
    for (const manifest of [path.join(dir, 'unsigned.json'), `${base}/unsigned.json`]) {
      const e = await failure(checkForUpdate({ manifest, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' }));
      expect(e).toMatchObject({ key: 'update.signatureMissing', code: 'SIGNATURE_INVALID' });
      expect(e.tr).toMatch(/imzası yok/);
    }
    for (const [name, sig] of [
      ['empty.json', ''],
      ['garbage.json', 'not a signature at all!'],
    ] as const) {
      const file = publish(name, manifestBytes('0.2.0'), sig);
      expect((await failure(checkForUpdate({ manifest: file, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' }))).key).toBe('update.signatureInvalid');
    }
  });

  it('ECDSA P-256 (DER) signatures verify too; an RSA key is not accepted', async () => {
    const bytes = manifestBytes('0.3.0');
    const file = publish('p256.json', bytes, sign('sha256', bytes, p256.privateKey).toString('base64'));
    expect((await checkForUpdate({ manifest: file, publicKey: pem(p256.publicKey), currentVersion: '0.2.9' })).status).toBe('newer');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await failure(checkForUpdate({ manifest: file, publicKey: pem(rsa.publicKey) }))).key).toBe('update.publicKeyInvalid');
  });

  it('a signed manifest that is not a release manifest (http URL, bad version) is refused after the signature', async () => {
    for (const [name, bytes, problem] of [
      ['http-url.json', manifestBytes('0.2.0', { url: 'http://edefter.invalid/x.deb' }), /url/],
      ['bad-version.json', manifestBytes('v0.2'), /version/],
      ['other-product.json', manifestBytes('0.2.0', { name: 'other' }), /name/],
    ] as const) {
      const file = publish(name, bytes, sigB64(bytes));
      const e = await failure(checkForUpdate({ manifest: file, publicKey: pem(ed.publicKey), currentVersion: '0.1.0' }));
      expect(e.key, name).toBe('update.manifestInvalid');
      expect(e.en, name).toMatch(problem);
    }
  });

  it('an unreachable URL, a missing file and an HTTP error are reported as unreachable (retriable)', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await failure(checkForUpdate({ manifest: `http://127.0.0.1:${port}/latest.json`, publicKey: pem(ed.publicKey) }));
    expect(e).toMatchObject({ key: 'update.unreachable', code: 'UPDATE_UNAVAILABLE' });
    expect(e.tr).toMatch(/^Sürüm bildirimi okunamadı .*ECONNREFUSED/);
    expect(e.en).toMatch(/^Could not read the release manifest .*ECONNREFUSED/);
    expect((await failure(checkForUpdate({ manifest: path.join(dir, 'nope.json'), publicKey: pem(ed.publicKey) }))).key).toBe('update.unreachable');
    expect((await failure(checkForUpdate({ manifest: `${base}/nope.json`, publicKey: pem(ed.publicKey) }))).key).toBe('update.unreachable');
  });
});

describe('edefter update --check (CLI, compiled-in key)', () => {
  it('the source build carries the placeholder key, so a manifest the test key signed is refused', async () => {
    expect(releasePublicKey()).toBe(PLACEHOLDER_UPDATE_PUBLIC_KEY);
    const file = publish('cli.json', manifestBytes('9.0.0'), sigB64(manifestBytes('9.0.0')));
    const run = await runCli(['update', '--check', '--manifest', file], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^HATA: Sürüm bildiriminin imzası yayın anahtarıyla doğrulanamadı .*\nERROR: The release manifest's signature does not verify/);
  });

  it('an unsigned manifest over http is refused with a Turkish, then English error', async () => {
    const run = await runCli(['update', '--check', '--manifest', `${base}/unsigned.json`], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^HATA: Sürüm bildiriminin imzası yok .*\nERROR: The release manifest has no signature/);
  });

  it('a bundle built with EDEFTER_UPDATE_PUBLIC_KEY carries that key and accepts what it signed', () => {
    const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
    const parent = path.join(repo, 'packages/bridge/dist-release');
    const out = path.join(parent, `update-key-test-${process.pid}`);
    const pub = path.join(dir, 'release-pub.pem');
    fs.writeFileSync(pub, pem(ed.publicKey));
    fs.mkdirSync(parent, { recursive: true });
    try {
      const b = spawnSync(process.execPath, [path.join(repo, 'packages/bridge/scripts/build.mjs'), '--outdir', out, '--quiet'], {
        env: { ...process.env, EDEFTER_UPDATE_PUBLIC_KEY: pub },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(b.status, b.stdout + b.stderr).toBe(0);
      const file = publish('bundle.json', manifestBytes('9.0.0'), sigB64(manifestBytes('9.0.0')));
      const r = spawnSync(process.execPath, [path.join(out, 'edefter.mjs'), 'update', '--check', '--manifest', file, '--json'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'newer', latest: '9.0.0' });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
