#!/usr/bin/env node
// Runs a project command with the project environment: SOFTHSM2_CONF pointing at the
// project-local demo token folder (never the system one) and node-gyp's offline nodedir.
// Usage: node scripts/run.mjs <edefter|edefter-dev|edefter-gib-sim|edefter-integrator-sim|edefter-test-tsa|vitest|tsx|tsc|node|...> [args...]
// edefter is the product CLI (packages/bridge); the others are developer tools (packages/dev, packages/simulators).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
env.SOFTHSM2_CONF ??= path.join(root, 'var', 'softhsm', 'softhsm2.conf');
env.npm_config_nodedir ??= '/usr';
env.EDEFTER_PROJECT_ROOT = root;

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: run.mjs <command> [args...]');
  process.exit(2);
}
/** The workspace's own bins, run from their files (no install step needed). */
const bins = {
  edefter: 'packages/bridge/bin/edefter.mjs',
  'edefter-dev': 'packages/dev/bin/edefter-dev.mjs',
  'edefter-gib-sim': 'packages/simulators/bin/gib-sim.mjs',
  'edefter-integrator-sim': 'packages/simulators/bin/integrator-sim.mjs',
  'edefter-test-tsa': 'packages/simulators/bin/test-tsa.mjs',
};
let argv;
if (Object.hasOwn(bins, cmd)) argv = ['node', [path.join(root, bins[cmd]), ...args]];
else if (cmd === 'node') argv = ['node', args];
else argv = ['pnpm', ['exec', cmd, ...args]];
const r = spawnSync(argv[0], argv[1], { stdio: 'inherit', env, cwd: root });
process.exit(r.status ?? 1);
