/**
 * The plain-Node bundle (issue 11 item 7): `pnpm build` output (packages/bridge/dist/edefter.mjs and
 * dist/workers/*.mjs) runs with `node` alone — no tsx anywhere — and does the product's work on the
 * SoftHSM2 demo token: --version, token list, sign + verify (our verifier and xmlsec1 trusting the
 * demo CA), a whole month (build → sign on the part workers → berats → DR), and the bridge answering
 * /status. Builds once in beforeAll.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoIdentity } from '../../packages/dev/src/pki/demo-identity.ts';
import { COMPANY_JSON, monthCsv, repoRoot, tmpDir } from '../ledger/helpers.ts';
import { CA_PEM, SAMPLE, xmlsecVerify } from '../xades/helpers.ts';
import { writeJournal } from '../../bench/journal-gen.ts';

const DIST = path.join(repoRoot, 'packages', 'bridge', 'dist');
const BUNDLE = path.join(DIST, 'edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const id = demoIdentity();
const dir = tmpDir('bundle');

/** The environment of a plain-Node run: no NODE_OPTIONS (so no loader can sneak in), the project's SoftHSM2 store. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  env.SOFTHSM2_CONF ??= path.join(repoRoot, 'var', 'softhsm', 'softhsm2.conf');
  return env;
}

/** `node dist/edefter.mjs <args>` from a folder outside the repository. */
function bundle(args: string[], o: { env?: Record<string, string>; input?: string; timeout?: number } = {}): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd: dir,
    env: plainEnv(o.env),
    input: o.input ?? '',
    encoding: 'utf8',
    timeout: o.timeout ?? 60_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'packages', 'bridge', 'scripts', 'build.mjs'), '--quiet'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
});

describe('plain-Node bundle', () => {
  it('has the CLI, the four workers and its run-time needs; no tsx and no demo, simulator or test code in it', () => {
    const files = ['edefter.mjs', ...['pkcs11', 'hash', 'part', 'check'].map((n) => `workers/${n}-worker.mjs`)];
    for (const f of files) {
      const text = fs.readFileSync(path.join(DIST, f), 'utf8');
      expect(text, f).not.toMatch(/tsx\/esm|from ?["']tsx["']/);
      expect(text, f).not.toMatch(/packages\/(dev|simulators)\/|test\/tsa|demo-pki/);
    }
    // nor does any product source load tsx (only bin/ and scripts/ts-worker.mjs, the development launchers, do)
    const product = ['bridge', 'protocol', 'domain', 'extension'].map((p) => path.join(repoRoot, 'packages', p, 'src'));
    const sources = product
      .flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true, encoding: 'utf8' }) : []).map((f) => path.join(d, f)))
      .filter((f) => /\.(ts|tsx|mts|mjs|js)$/.test(f));
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.filter((f) => /from ['"]tsx|tsx\/esm|import\(['"]tsx/.test(fs.readFileSync(f, 'utf8')))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(DIST, 'package.json'), 'utf8')) as { type: string; dependencies: Record<string, string> };
    expect(pkg.type).toBe('module');
    // the native addons only (saxon-js left the product, ntp-time and exceljs are bundled)
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@napi-rs/keyring', 'better-sqlite3', 'pkcs11js']);
  });

  it('--version prints the package version; token list finds the demo token', () => {
    const v = bundle(['--version']);
    expect(v.code, v.out).toBe(0);
    const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'packages', 'bridge', 'package.json'), 'utf8')) as { version: string }).version;
    expect(v.out.trim()).toBe(version);
    const t = bundle(['token', 'list']);
    expect(t.code, t.out).toBe(0);
    expect(t.out).toContain(id.tokenLabel);
  });

  it('sign on two threads (--threads 2): the built c14n worker takes blocks; xmlsec1 verifies; --threads 3 is refused', async () => {
    const input = path.join(dir, 'journal-10MB.xml');
    await writeJournal(input, 10e6);
    const out = path.join(dir, '6090408038-202612-Y-000000.xml');
    const s = bundle(['sign', input, '-o', out, '--token', id.tokenLabel, '--cert', 'rsa', '--json', '--threads', '2'], { env: { EDEFTER_PIN: id.pin } });
    expect(s.code, s.out).toBe(0);
    expect(JSON.parse(s.out.slice(s.out.indexOf('{'))).splitBlocks).toBeGreaterThan(0);
    const x = xmlsecVerify(out);
    expect(x.ok, x.out).toBe(true);
    const bad = bundle(['sign', input, '-o', out, '--threads', '3'], { env: { EDEFTER_PIN: id.pin } });
    expect(bad.code).not.toBe(0);
    expect(bad.out).toContain('--threads');
  });

  it('sign on the demo token, then verify (bundle and xmlsec1); a changed amount fails verify', () => {
    const out = path.join(dir, '6090408038-202610-Y-000000.xml');
    const s = bundle(['sign', SAMPLE, '-o', out, '--token', id.tokenLabel, '--cert', 'ec'], { env: { EDEFTER_PIN: id.pin } });
    expect(s.code, s.out).toBe(0);
    const v = bundle(['verify', out, '--trust', CA_PEM]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('6090408038');
    const x = xmlsecVerify(out);
    expect(x.ok, x.out).toBe(true);
    const bad = path.join(dir, 'changed-Y.xml');
    fs.writeFileSync(
      bad,
      fs.readFileSync(out, 'utf8').replace(/(<gl-cor:amount[^>]*>)(\d)/, (_m, a: string, d: string) => `${a}${(Number(d) + 1) % 10}`),
    );
    expect(bundle(['verify', bad, '--trust', CA_PEM]).code).not.toBe(0);
  });

  it('month: builds, signs (part workers), berats and DR on the demo token; the Y verifies with xmlsec1', async () => {
    const csv = await monthCsv(dir, { entries: 15 });
    const outRoot = path.join(dir, 'out');
    const r = bundle(['month', csv, '--company', COMPANY_JSON, '--out', outRoot, '--token', id.tokenLabel, '--pin-stdin', '--gib-package', GIB], {
      input: `${id.pin}\n`,
      timeout: 180_000,
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/borç = alacak ✔/);
    const monthDir = path.join(outRoot, '6090408038', '20260101-20261231', '01');
    const names = fs
      .readdirSync(monthDir)
      .filter((f) => f.endsWith('.xml'))
      .sort();
    expect(names).toEqual(['DR', 'K', 'KB', 'Y', 'YB'].map((k) => `6090408038-202601-${k}-000000.xml`));
    const x = xmlsecVerify(path.join(monthDir, '6090408038-202601-Y-000000.xml'));
    expect(x.ok, x.out).toBe(true);
  }, 240_000);

  it('bridge starts and answers /status with its version; stops on SIGTERM', async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home, { recursive: true });
    const env = plainEnv({
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
      EDEFTER_DATA_DIR: path.join(dir, 'data'),
    });
    const child = spawn(process.execPath, [BUNDLE, 'bridge', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 30_000);
        const onData = (b: Buffer): void => {
          out += b.toString('utf8');
          const m = /bridge running: https:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(Number(m[1]));
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then(() => {
          clearTimeout(t);
          reject(new Error(`bridge exited:\n${out}`));
        });
      });
      const status = await new Promise<{ name: string; version: string }>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/status', ca: fs.readFileSync(path.join(dir, 'config', 'tls', 'ca.pem')), servername: 'localhost' }, (res) => {
            let body = '';
            res
              .on('data', (c: Buffer) => {
                body += c.toString('utf8');
              })
              .on('end', () => resolve(JSON.parse(body) as { name: string; version: string }));
          })
          .on('error', reject);
      });
      expect(status.name).toBe('edefter-bridge');
      expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
      if (code === 'timeout') child.kill('SIGKILL');
      expect(code, out).toBe(0);
    }
  }, 60_000);
});

describe('CommonJS build (scripts/build.mjs --cjs: the format a Node 20 SEA runs, issue 15)', () => {
  const CJS = path.join(DIST, 'cjs', 'edefter.cjs');
  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'packages', 'bridge', 'scripts', 'build.mjs'), '--cjs', '--quiet'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('--version, then sign on the demo token (PKCS#11 and hash workers as .cjs) and verify', () => {
    const node = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [CJS, ...args], { cwd: dir, env: plainEnv(env), encoding: 'utf8', timeout: 60_000 });
    const v = node(['--version']);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const out = path.join(dir, '6090408038-202611-Y-000000.xml');
    const s = node(['sign', SAMPLE, '-o', out, '--token', id.tokenLabel, '--cert', 'rsa'], { EDEFTER_PIN: id.pin });
    expect(s.status, s.stdout + s.stderr).toBe(0);
    const r = node(['verify', out, '--trust', CA_PEM]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(xmlsecVerify(out).ok).toBe(true);
  });
});
