/**
 * `edefter trust` on Linux: certutil into $HOME/.pki/nssdb and every Firefox profile, status
 * that tells a current CA from an old one, and removal — in a temporary HOME.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalTls } from '../../packages/bridge/src/server/tls/local-ca.ts';
import { trustInstall, trustRemove, trustStatus } from '../../packages/bridge/src/server/trust/index.ts';
import { FIRST_START_MARKER, trustOnFirstStart } from '../../packages/bridge/src/server/trust/first-start.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-trust-'));
const home = path.join(dir, 'home');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('trust', () => {
  it('installs into ~/.pki/nssdb and a Firefox profile, reports status, replaces an old CA, removes', async () => {
    const profile = path.join(home, '.mozilla', 'firefox', 'abcd1234.default-release');
    fs.mkdirSync(profile, { recursive: true });
    fs.writeFileSync(path.join(profile, 'prefs.js'), '// test profile\n');
    const tls = await ensureLocalTls({ dir: path.join(dir, 'tls') });
    expect(trustStatus(tls.caPem, home).every((e) => !e.installed)).toBe(true);
    const res = trustInstall(tls.paths.ca, home);
    expect(res.map((r) => [r.db.kind, r.ok])).toEqual([
      ['chromium', true],
      ['firefox', true],
    ]);
    expect(fs.existsSync(path.join(home, '.pki', 'nssdb', 'cert9.db'))).toBe(true);
    expect(trustStatus(tls.caPem, home).map((e) => e.current)).toEqual([true, true]);

    const other = await ensureLocalTls({ dir: path.join(dir, 'tls2') });
    expect(trustStatus(other.caPem, home).map((e) => [e.installed, e.current])).toEqual([
      [true, false],
      [true, false],
    ]);
    trustInstall(other.paths.ca, home);
    expect(trustStatus(other.caPem, home).map((e) => e.current)).toEqual([true, true]);

    expect(trustRemove(home).map((r) => r.removed)).toEqual([1, 1]);
    expect(trustStatus(other.caPem, home).every((e) => !e.installed)).toBe(true);
  });

  it("first start (the packaged unit's --trust-on-first-start) installs once; after a removal it does not install again", async () => {
    const home2 = path.join(dir, 'home2');
    const tls = await ensureLocalTls({ dir: path.join(dir, 'tls3') });
    const first = trustOnFirstStart(tls.paths.ca, home2);
    expect(first.done && first.results.map((r) => r.ok)).toEqual([true]);
    expect(trustStatus(tls.caPem, home2).map((e) => e.current)).toEqual([true]);
    expect(fs.statSync(path.join(dir, 'tls3', FIRST_START_MARKER)).mode & 0o777).toBe(0o600);
    trustRemove(home2);
    expect(trustOnFirstStart(tls.paths.ca, home2)).toEqual({ done: false, why: 'already-done' });
    expect(trustStatus(tls.caPem, home2).every((e) => !e.installed)).toBe(true);
  });
});
