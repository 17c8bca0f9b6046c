/**
 * Issue 10 item 12: the company's books are private. After a real `edefter month` run (demo token,
 * PIN on stdin) every file under the output root — signed Y and K, berats, Defter Raporu — is 0600
 * and every folder 0700, and so are the data folder's files (workflow database, audit log). A
 * throwaway OS user (`useradd -M`) then tries to read each of them and to list each folder: all
 * refused. The temp parent is 0755, so the refusals come from our modes, not from mkdtemp's 0700.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_JSON, monthCsv, repoRoot } from '../ledger/helpers.ts';
import { attack } from './kit.ts';

const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const canUseUsers = process.platform === 'linux' && process.getuid?.() === 0 && fs.existsSync('/usr/sbin/useradd');
const user = `edefter-probe-${randomBytes(3).toString('hex')}`;
let parent: string;
let userMade = false;

function walk(dir: string, out: { files: string[]; dirs: string[] } = { files: [], dirs: [] }): { files: string[]; dirs: string[] } {
  out.dirs.push(dir);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.files.push(p);
  }
  return out;
}

beforeAll(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-private-'));
  fs.chmodSync(parent, 0o755);
  if (canUseUsers) {
    const r = spawnSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', user], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`useradd: ${r.stderr}`);
    userMade = true;
  }
});

afterAll(() => {
  if (userMade) spawnSync('userdel', [user], { encoding: 'utf8' });
  if (parent) fs.rmSync(parent, { recursive: true, force: true });
});

describe('private files', () => {
  it('edefter month writes the books 0600 in 0700 folders; another OS user reads none of them', async () => {
    const csvDir = path.join(parent, 'csv');
    fs.mkdirSync(csvDir);
    const csv = await monthCsv(csvDir, { entries: 6 });
    const out = path.join(parent, 'out');
    const data = path.join(parent, 'data');
    const old = process.umask(0o022); // a usual umask: our modes must not rely on a strict one
    let r: ReturnType<typeof spawnSync>;
    try {
      r = spawnSync(
        process.execPath,
        [CLI, 'month', csv, '--company', COMPANY_JSON, '--out', out, '--token', 'DEMO MALI MUHUR', '--pin-stdin', '--gib-package', GIB],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          input: '123456\n',
          timeout: 240_000,
          env: {
            ...process.env,
            SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'),
            EDEFTER_PROJECT_ROOT: repoRoot,
            EDEFTER_DATA_DIR: data,
          },
        },
      );
    } finally {
      process.umask(old);
    }
    expect(r.status, String(r.stderr) + String(r.stdout)).toBe(0);

    const books = walk(out);
    const state = fs.existsSync(data) ? walk(data) : { files: [], dirs: [] };
    const files = [...books.files, ...state.files];
    const dirs = [...books.dirs, ...state.dirs];
    const xml = books.files
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.basename(f))
      .sort();
    expect(xml).toEqual(['DR', 'K', 'KB', 'Y', 'YB'].map((k) => `6090408038-202601-${k}-000000.xml`));
    const badFiles = files.filter((f) => (fs.statSync(f).mode & 0o777) !== 0o600).map((f) => `${f} ${(fs.statSync(f).mode & 0o777).toString(8)}`);
    const badDirs = dirs.filter((d) => (fs.statSync(d).mode & 0o777) !== 0o700).map((d) => `${d} ${(fs.statSync(d).mode & 0o777).toString(8)}`);
    expect(badFiles).toEqual([]);
    expect(badDirs).toEqual([]);

    if (!canUseUsers) return;
    // the probe user can reach the parent (0755) but nothing of ours
    expect(spawnSync('runuser', ['-u', user, '--', 'ls', parent]).status).toBe(0);
    const res = await attack('files-and-leaks', 'another OS user reads the books and the data folder', [
      ...files.map((f) => async () => spawnSync('runuser', ['-u', user, '--', 'cat', f], { encoding: 'utf8' }).status !== 0),
      ...dirs.map((d) => async () => spawnSync('runuser', ['-u', user, '--', 'ls', d], { encoding: 'utf8' }).status !== 0),
    ]);
    expect(res.attempts).toBe(files.length + dirs.length);
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(res.served).toBe(0);
  }, 300_000);
});
