/**
 * The full-size compliance plan on the demo identity (not part of `npm test`: minutes of CPU):
 * starts the RFC 3161 test TSA, then runs `edefter uyumluluk` without `--quick` on the demo company and
 * the demo token (SoftHSM2), printing the command's table and details as they come.
 *
 *   node scripts/run.mjs tsx test/compliance/full-plan.ts [--out DIR] [--only 1,4,E1]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoIdentity, repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';
import { startTestTsa } from '../../packages/simulators/src/tsa/index.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const out = arg('--out') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-uyumluluk-full-'));
const only = arg('--only');
const id = demoIdentity();
const tsa = await startTestTsa({ kind: 'rfc3161' });
const ca = path.join(out, 'tsa-ca.der');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(ca, tsa.caDer);
const t0 = Date.now();
const code = await new Promise<number | null>((resolve) => {
  const c = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'),
      'uyumluluk',
      '--company',
      path.join(repoRoot, 'test/fixtures/company.json'),
      '--out',
      path.join(out, 'plan'),
      '--token',
      id.tokenLabel,
      '--pin-stdin',
      '--tsa',
      tsa.url,
      '--tsa-trust',
      ca,
      ...(only ? ['--only', only] : []),
    ],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'inherit', 'inherit'],
      env: {
        ...process.env,
        SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'),
        EDEFTER_DATA_DIR: path.join(out, 'veri'),
      },
    },
  );
  c.stdin.end(`${id.pin}\n`);
  c.on('close', resolve);
});
await tsa.close();
process.stdout.write(`\nexit ${code}, ${((Date.now() - t0) / 1000).toFixed(0)} s, output under ${out}\n`);
process.exit(code ?? 1);
