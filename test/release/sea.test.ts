/**
 * The single executable (issue 15 item 1): packaging/sea/build.mjs → dist-release/edefter runs without node_modules
 * or the checkout. --version answers before any extraction; the first real command extracts the assets into a
 * versioned 0700 cache folder; a changed cached file is noticed (SHA-256) and extracted again; token list, sign on
 * the demo token (PKCS#11 and hash workers from the cache), verify and a whole month (part and check workers) work
 * from the binary. Builds once (~30 s), so it runs only with EDEFTER_SEA_TEST=1 (or EDEFTER_INSTALL_TEST=1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoIdentity } from '../../packages/dev/src/pki/demo-identity.ts';
import { COMPANY_JSON, monthCsv, repoRoot, tmpDir } from '../ledger/helpers.ts';
import { CA_PEM, SAMPLE, xmlsecVerify } from '../xades/helpers.ts';

const enabled = process.env.EDEFTER_SEA_TEST === '1' || process.env.EDEFTER_INSTALL_TEST === '1';
const dir = tmpDir('sea');
const BIN = path.join(dir, 'edefter');
const cache = path.join(dir, 'cache');
const id = demoIdentity();

/** Runs the binary from a folder outside the checkout, with no NODE_OPTIONS and the demo SoftHSM store. */
function run(args: string[], extra: Record<string, string> = {}, input = ''): { code: number | null; out: string; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, EDEFTER_CACHE_DIR: cache, ...extra };
  delete env.NODE_OPTIONS;
  env.SOFTHSM2_CONF ??= path.join(repoRoot, 'var', 'softhsm', 'softhsm2.conf');
  const r = spawnSync(BIN, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000, input });
  return { code: r.status, out: r.stdout + r.stderr, stdout: r.stdout };
}

describe.skipIf(!enabled)('single executable (SEA)', () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'packaging', 'sea', 'build.mjs'), '--out', BIN, '--quiet'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 300_000);

  it('--version answers from the binary before anything is extracted', () => {
    const v = run(['--version']);
    expect(v.code, v.out).toBe(0);
    const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'packages', 'bridge', 'package.json'), 'utf8')) as { version: string }).version;
    expect(v.stdout.trim()).toBe(version);
    expect(fs.existsSync(cache)).toBe(false);
  });

  it('token list extracts into <version>-<hash>/ (0700, files 0600), a changed cached file is extracted again', () => {
    const t = run(['token', 'list']);
    expect(t.code, t.out).toBe(0);
    expect(t.out).toContain(id.tokenLabel);
    const [folder] = fs.readdirSync(cache).filter((f) => !f.startsWith('.'));
    expect(folder).toMatch(/^\d+\.\d+\.\d+[^-]*-[0-9a-f]{12}$/);
    const base = path.join(cache, folder);
    expect(fs.statSync(base).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(base, 'edefter.cjs')).mode & 0o777).toBe(0o600);
    const addon = path.join(base, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node');
    expect(fs.existsSync(addon)).toBe(true);
    const worker = path.join(base, 'workers', 'hash-worker.cjs');
    const good = fs.readFileSync(worker);
    fs.writeFileSync(worker, Buffer.concat([good, Buffer.from('\n// changed\n')]));
    expect(run(['token', 'list']).code).toBe(0);
    expect(fs.readFileSync(worker).equals(good)).toBe(true);
  });

  it('sign on the demo token (PKCS#11 + hash workers from the cache) and verify (binary and xmlsec1)', () => {
    const out = path.join(dir, '6090408038-202610-Y-000000.xml');
    const s = run(['sign', SAMPLE, '-o', out, '--token', id.tokenLabel, '--cert', 'ec'], { EDEFTER_PIN: id.pin });
    expect(s.code, s.out).toBe(0);
    const v = run(['verify', out, '--trust', CA_PEM]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('SIGNATURE VALID');
    const x = xmlsecVerify(out);
    expect(x.ok, x.out).toBe(true);
  });

  it('month: build, sign on the part workers, berats and DR from the binary; the Y verifies with xmlsec1', async () => {
    const csv = await monthCsv(dir, { entries: 15 });
    const outRoot = path.join(dir, 'out');
    const gib = path.resolve(repoRoot, '..', 'shared', 'gib');
    const r = run(
      ['month', csv, '--company', COMPANY_JSON, '--out', outRoot, '--token', id.tokenLabel, '--pin-stdin', '--gib-package', gib],
      {},
      `${id.pin}\n`,
    );
    expect(r.code, r.out).toBe(0);
    const monthDir = path.join(outRoot, '6090408038', '20260101-20261231', '01');
    expect(
      fs
        .readdirSync(monthDir)
        .filter((f) => f.endsWith('.xml'))
        .sort(),
    ).toEqual(['DR', 'K', 'KB', 'Y', 'YB'].map((k) => `6090408038-202601-${k}-000000.xml`));
    const x = xmlsecVerify(path.join(monthDir, '6090408038-202601-Y-000000.xml'));
    expect(x.ok, x.out).toBe(true);
  }, 300_000);

  it('a new build prunes the cache: older builds but the newest other one, and crashed extractions, go; other files stay', () => {
    const other = path.join(dir, 'cache-prune');
    const old = (name: string, hoursAgo: number, complete = true) => {
      const p = path.join(other, name);
      fs.mkdirSync(p, { recursive: true });
      const when = new Date(Date.now() - hoursAgo * 3_600_000);
      if (complete) {
        fs.writeFileSync(path.join(p, '.complete'), 'x');
        fs.utimesSync(path.join(p, '.complete'), when, when);
      }
      fs.utimesSync(p, when, when);
      return p;
    };
    const oldest = old('0.0.1-aaaaaaaaaaaa', 48);
    const previous = old('0.0.2-bbbbbbbbbbbb', 24);
    const broken = old('0.0.3-cccccccccccc', 1, false);
    const crashed = old('.extract-AbCdEf', 2);
    const running = old('.extract-GhIjKl', 0);
    const foreign = old('notes', 72);
    const r = run(['token', 'list'], { EDEFTER_CACHE_DIR: other });
    expect(r.code, r.out).toBe(0);
    expect([oldest, broken, crashed].filter((p) => fs.existsSync(p))).toEqual([]);
    expect([previous, running, foreign].filter((p) => fs.existsSync(p))).toEqual([previous, running, foreign]);
  });
  it('bridge (its own bundle): the first start makes the CA and server certificate, a later one (code cache of the first) reuses both', async () => {
    const home = path.join(dir, 'bridge-home');
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
    const starts: string[] = [];
    for (let i = 0; i < 2; i++) starts.push(await bridgeStart(env));
    expect(starts[0]).toContain('server certificate issued');
    const caches = fs.readdirSync(cache).flatMap((f) => (f.startsWith('.') ? [] : fs.readdirSync(path.join(cache, f)).filter((n) => n.endsWith('.v8cache'))));
    expect(caches, starts[0]).toContain('edefter-bridge.cjs.bridge.v8cache');
    // functions from a V8 code cache of an earlier run could not run import() (keyring, node:crypto): the certificate
    // check failed and every start issued a new server certificate
    expect(starts[1]).toContain('bridge running:');
    expect(starts[1]).not.toContain('server certificate issued');
  }, 120_000);
});

/** Starts `edefter bridge --port 0` with `extra` environment, stops it (SIGTERM) once it runs. @returns its output */
async function bridgeStart(extra: Record<string, string>): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, EDEFTER_CACHE_DIR: cache, ...extra };
  delete env.NODE_OPTIONS;
  const child = spawn(BIN, ['bridge', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve) => {
    const on = (b: Buffer): void => {
      out += b.toString('utf8');
      if (out.includes('Ctrl-C to stop')) resolve(); // printed after the bridge is up, just before it handles SIGTERM
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    void exited.then(() => resolve());
  });
  await new Promise((r) => setTimeout(r, 500)); // its SIGTERM handler is installed right after that line
  child.kill('SIGTERM');
  await exited;
  return out;
}
