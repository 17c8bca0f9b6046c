/**
 * The single executable (issue 15 item 1): packaging/sea/build.mjs → dist-release/edefter runs without node_modules
 * or the checkout. --version answers before any extraction; the first real command extracts the assets into a
 * versioned 0700 cache folder; a changed cached file is noticed (SHA-256) and extracted again; token list, sign on
 * the demo token (PKCS#11 and hash workers from the cache), verify and a whole month (part and check workers) work
 * from the binary. Builds once (~30 s), so it runs only with EDEFTER_SEA_TEST=1 (or EDEFTER_INSTALL_TEST=1).
 */
import { spawnSync } from 'node:child_process';
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
});
