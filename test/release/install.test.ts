/**
 * The install test on a clean Debian root (issue 15 item 4): runs packaging/test/install-test.sh, which builds the
 * SEA and the .deb, debootstraps a minimal bookworm into var/clean-root, installs the .deb there with apt and checks
 * version, doctor, a SoftHSM token made there, sign + verify, the bridge's /status, first-start trust, the native host,
 * apt remove (no bridge left) and apt purge (no manifests). Needs root and the Debian mirror; takes minutes, so it runs
 * only with EDEFTER_INSTALL_TEST=1.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../ledger/helpers.ts';

describe.skipIf(process.env.EDEFTER_INSTALL_TEST !== '1')('install test on a clean Debian root', () => {
  it('installs the .deb with apt and every check inside passes', () => {
    const r = spawnSync('bash', [path.join(repoRoot, 'packaging', 'test', 'install-test.sh')], { cwd: repoRoot, encoding: 'utf8', timeout: 1_200_000 });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/== SUMMARY: \d+ passed, 0 failed — PASS/);
    expect(out).not.toMatch(/^FAIL /m);
    expect(r.status, out.slice(-4000)).toBe(0);
  }, 1_260_000);
});
