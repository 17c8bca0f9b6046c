/**
 * `edefter-dev portal` (`npm run portal`) starts the bridge, the demo portal and the three test services (GİB simulator,
 * Kamu SM test TSA, integrator simulator), prints each one's address — all on 127.0.0.1 — writes
 * them into the bridge's settings, prints commands that run as printed (`pnpm -C <repo> edefter …`),
 * and puts the settings back when stopped. Bounded: the start must print within 120 s.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cmd-'));
const env: NodeJS.ProcessEnv & { HOME: string; EDEFTER_CONFIG_DIR: string } = {
  ...process.env,
  HOME: path.join(dir, 'home'),
  XDG_CONFIG_HOME: path.join(dir, 'home', '.config'),
  EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
  EDEFTER_DATA_DIR: path.join(dir, 'data'),
  EDEFTER_PROJECT_ROOT: repoRoot,
  SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var', 'softhsm', 'softhsm2.conf'),
};
for (const k of ['EDEFTER_GIB_ENDPOINT', 'EDEFTER_GIB_ENV', 'EDEFTER_CREDENTIAL_STORE']) delete env[k];
fs.mkdirSync(env.HOME, { recursive: true });
const importDir = path.join(dir, 'import');
fs.mkdirSync(importDir);
fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', '6090408038-202601.csv'), path.join(importDir, '6090408038-202601.csv'));
let child: ChildProcess | undefined;

/** Runs `edefter-dev portal` until the guide is printed; returns the output so far. */
function startPortalCommand(): Promise<string> {
  child = spawn(
    process.execPath,
    [path.join(repoRoot, 'packages/dev/bin/edefter-dev.mjs'), 'portal', '--port', '0', '--portal-port', '0', '--import-dir', importDir],
    { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no guide within 120 s:\n${out}`)), 120_000);
    const on = (c: Buffer): void => {
      out += c.toString('utf8');
      if (/İzinli siteler/.test(out)) {
        clearTimeout(t);
        resolve(out);
      }
    };
    child!.stdout!.on('data', on);
    child!.stderr!.on('data', on);
    child!.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`edefter-dev portal exited (${code}):\n${out}`));
    });
  });
}

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('edefter-dev portal', () => {
  it('prints the three simulator addresses (loopback only), configures them, and restores the settings on stop', async () => {
    const out = await startPortalCommand();
    const line = (label: RegExp): string => out.split('\n').find((l) => label.test(l)) ?? '';
    const gib = /https?:\/\/[^\s]+/.exec(line(/^GİB simülatörü/))?.[0];
    const tsa = /https?:\/\/[^\s]+/.exec(line(/^Zaman damgası/))?.[0];
    const integ = /https?:\/\/[^\s]+/.exec(line(/^Entegratör simülatörü/))?.[0];
    expect(gib && tsa && integ, out).toBeTruthy();
    for (const u of out.match(/\b(?:https?|wss?):\/\/[^\s)]+/g) ?? []) expect(new URL(u).hostname, u).toBe('127.0.0.1');
    expect(out).toContain(`Dosya Sorgula klasörü / import folder:     ${importDir}`);
    // the printed commands run as printed
    const trust = /\S*pnpm -C \S+ edefter trust install/.exec(out)?.[0];
    expect(trust, out).toBeTruthy();
    for (const l of out.split('\n').filter((x) => /edefter (trust|pair|native-host)/.test(x)))
      expect(l, l).toMatch(/pnpm -C \S+ edefter (trust|pair|native-host)/);
    const status = spawnSync('sh', ['-c', `${line(/trust install/).match(/(\S+=\S+ )*pnpm -C \S+ edefter trust/)![0]} status`], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(status.status, status.stderr).not.toBe(127);
    expect(status.stdout).toContain('CA:');
    // settings written as the options page would
    const cfg = JSON.parse(fs.readFileSync(path.join(env.EDEFTER_CONFIG_DIR, 'config.json'), 'utf8'));
    expect(cfg.gib).toMatchObject({ environment: 'custom', endpoint: gib });
    expect(cfg.tsa).toMatchObject({ mode: 'kamusm', url: tsa, customerId: '123456' });
    expect(cfg.backup.companies['6090408038']).toMatchObject({ enabled: true, url: integ });
    expect(JSON.stringify(cfg)).not.toMatch(/test-parola|demo1234/);
    // the services answer
    expect((await fetch(tsa!, { method: 'GET' }).catch(() => undefined)) !== undefined).toBe(true);
    const portal = /Demo portal: (\S+)\//.exec(out)![1];
    const files = (await (await fetch(`${portal}/api/dosya-sorgula`)).json()) as { files: { name: string; status: string }[] };
    expect(files.files).toEqual([expect.objectContaining({ name: '6090408038-202601.csv', status: 'Aktarılabilir' })]);
    // stop: the settings go back (there were none)
    child!.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    expect(fs.existsSync(path.join(env.EDEFTER_CONFIG_DIR, 'config.json'))).toBe(false);
  }, 200_000);
});
