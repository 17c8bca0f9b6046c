#!/usr/bin/env node
// Runs a project command with the project environment: SOFTHSM2_CONF pointing at the
// project-local demo token folder (never the system one) and node-gyp's offline nodedir.
// Usage: node scripts/run.mjs <edefter|vitest|tsx|tsc|node|...> [args...]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
env.SOFTHSM2_CONF ??= path.join(root, 'var', 'softhsm', 'softhsm2.conf');
env.npm_config_nodedir ??= '/usr';
env.EDEFTER_PROJECT_ROOT = root;

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) { console.error('usage: run.mjs <command> [args...]'); process.exit(2); }
let argv;
if (cmd === 'edefter') argv = ['node', [path.join(root, 'packages/bridge/bin/edefter.mjs'), ...args]];
else if (cmd === 'node') argv = ['node', args];
else argv = ['pnpm', ['exec', cmd, ...args]];
const r = spawnSync(argv[0], argv[1], { stdio: 'inherit', env, cwd: root });
process.exit(r.status ?? 1);
