/**
 * vitest global setup (runs once, in the main vitest process, before any test file):
 * points SOFTHSM2_CONF at the project-local store when the caller did not (plain `vitest run`
 * without scripts/run.mjs), builds the PIN-pad simulator and makes sure the demo mali mühür token
 * exists — the same steps as scripts/setup.sh, so `vitest` alone also works. Both are fast no-ops
 * when already done. The token check runs in a child process: PKCS#11 state stays out of vitest.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  process.env.SOFTHSM2_CONF ??= path.join(root, 'var', 'softhsm', 'softhsm2.conf');
  process.env.EDEFTER_PROJECT_ROOT ??= root;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  for (const args of [[path.join(root, 'test/pinpad/build.mjs')], ['--import', tsx, path.join(root, 'packages/dev/src/pki/demo-token.ts'), 'ensure']]) {
    const r = spawnSync(process.execPath, args, { cwd: root, env: process.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`global setup failed: node ${args.join(' ')}\n${r.stderr}${r.stdout}`);
  }
}
