/**
 * `edefter tsa config | credit | test` end to end (Kamu SM-compatible test TSA, config in a temp
 * EDEFTER_CONFIG_DIR, file credential store): the password lands only in the 0600 secrets file,
 * never in config.json or any output; a wrong password gives a clear error. The password is
 * entered through a real CLI process (stdin); the other commands run through main() in-process
 * to keep the test fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestTsa, type TestTsa } from '../../packages/simulators/src/tsa/index.ts';
import { repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';
import { main } from '../../packages/bridge/src/cli/main.ts';

const PASSWORD = 'Cok-Gizli-Parola-987';
let tsa: TestTsa;
let dir: string;

function edefter(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'), ...args], {
      env: { ...process.env, EDEFTER_CONFIG_DIR: dir, EDEFTER_CREDENTIAL_STORE: 'file' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    p.stdin.end(stdin);
  });
}

/** Runs the CLI in this process, capturing its output. */
async function edefterInProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => {
    out += String(c);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => {
    err += String(c);
    return true;
  }) as typeof process.stderr.write;
  const env = { dir: process.env.EDEFTER_CONFIG_DIR, store: process.env.EDEFTER_CREDENTIAL_STORE };
  process.env.EDEFTER_CONFIG_DIR = dir;
  process.env.EDEFTER_CREDENTIAL_STORE = 'file';
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
    process.exitCode = undefined;
    for (const [k, v] of [
      ['EDEFTER_CONFIG_DIR', env.dir],
      ['EDEFTER_CREDENTIAL_STORE', env.store],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  tsa = await startTestTsa({ kind: 'kamusm', customers: { '123456': { password: PASSWORD, credit: 10 } } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-tsa-cli-'));
});
afterAll(async () => {
  await tsa?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('edefter tsa', () => {
  it('configures Kamu SM with the password in a 0600 store, then queries credit and tests', async () => {
    const cfg = await edefter(
      ['tsa', 'config', '--url', tsa.url, '--mode', 'kamusm', '--customer', '123456', '--password-stdin', '--trust', tsa.caPath],
      `${PASSWORD}\n`,
    );
    expect(cfg.err + cfg.out).not.toContain(PASSWORD);
    expect(cfg.code).toBe(0);
    expect(cfg.out).toMatch(/Kaydedildi \/ Saved/);
    expect(cfg.err).toMatch(/0600/); // file-store warning shown to the user

    const configJson = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(configJson).not.toContain(PASSWORD);
    expect(JSON.parse(configJson).tsa).toMatchObject({ mode: 'kamusm', customerId: '123456', credentialRef: 'file:tsa.kamusm.123456' });
    const secrets = path.join(dir, 'secrets.json');
    expect(fs.statSync(secrets).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600);

    const credit = await edefterInProcess(['tsa', 'credit']);
    expect(credit.err).toBe('');
    expect(credit.code).toBe(0);
    expect(credit.out).toMatch(/Kalan kontör \/ Remaining credit: 10/);

    const test = await edefterInProcess(['tsa', 'test', '--json']);
    expect(test.code).toBe(0);
    expect(JSON.parse(test.out)).toMatchObject({ ok: true, mode: 'kamusm', credit: 10 });

    const show = await edefterInProcess(['tsa', 'config']);
    expect(show.out).toMatch(/kayıtlı \(file\)/);
    expect(show.out + show.err).not.toContain(PASSWORD);
  });

  it('reports a wrong password clearly (exit 1)', async () => {
    const set = await edefter(['tsa', 'config', '--password-stdin'], 'yanlis-parola\n');
    expect(set.code).toBe(0);
    const r = await edefterInProcess(['tsa', 'credit']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HATA: Kamu SM zaman damgası parolası yanlış/);
    expect(r.err).toMatch(/ERROR: Wrong Kamu SM timestamp password/);
    expect(r.err).not.toContain('yanlis-parola');
  });

  it('refuses a world-readable secrets file', async () => {
    fs.chmodSync(path.join(dir, 'secrets.json'), 0o644);
    const r = await edefterInProcess(['tsa', 'credit']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/chmod 600/);
    fs.chmodSync(path.join(dir, 'secrets.json'), 0o600);
  });
});
