/**
 * Standalone integrator backup simulator.
 *
 *   node scripts/run.mjs edefter-integrator-sim [--dir var/integrator-sim] [--port 8443] [--http]
 *     [--user demo:demo1234 ...] [--processing-delay 2000] [--store-delay 2000]
 *     [--http5xx N] [--timeout N] [--fail-processing N]
 *
 * HTTPS by default, with a server certificate from the TEST demo CA (trust var/demo-pki/ca.pem).
 * Prints the base URL, then one line per status change; Ctrl-C stops it (stored data stays).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startIntegratorSimulator } from './server.ts';
import { loadDemoCa } from '@edefter/dev/pki/demo-pki.ts';
import { demoIntegratorTls } from './tls.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: path.join(process.env.EDEFTER_PROJECT_ROOT ?? process.cwd(), 'var', 'integrator-sim') },
    port: { type: 'string', default: '0' },
    http: { type: 'boolean', default: false },
    user: { type: 'string', multiple: true },
    'processing-delay': { type: 'string', default: '1000' },
    'store-delay': { type: 'string', default: '1000' },
    http5xx: { type: 'string', default: '0' },
    timeout: { type: 'string', default: '0' },
    'fail-processing': { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'entegratör yedekleme simülatörü / integrator backup simulator\n' +
      '  --dir <klasör>  --port <n>  --http  --user ad:şifre  --processing-delay <ms>  --store-delay <ms>\n' +
      '  --http5xx <n>  --timeout <n>  --fail-processing <n>\n',
  );
  process.exit(0);
}

const users: Record<string, string> = {};
for (const u of values.user ?? ['demo:demo1234']) {
  const i = u.indexOf(':');
  if (i <= 0) throw new Error(`--user ad:şifre bekleniyor / expected name:password, got ${u}`);
  users[u.slice(0, i)] = u.slice(i + 1);
}
const tls = values.http ? undefined : await demoIntegratorTls();
const sim = await startIntegratorSimulator({
  dir: path.resolve(values.dir),
  port: Number(values.port),
  tls: tls && { key: tls.key, cert: tls.cert },
  trustedCerts: await loadDemoCa().then((ca) => (ca ? [ca.der] : undefined)),
  xmlsecTrustPem: await loadDemoCa().then((ca) => ca?.certPath),
  users,
  processingDelayMs: Number(values['processing-delay']),
  storeDelayMs: Number(values['store-delay']),
  faults: { http5xx: Number(values.http5xx), timeout: Number(values.timeout), failProcessing: Number(values['fail-processing']) },
  onEvent: (e) => process.stdout.write(`${new Date().toISOString()} ${e.id} ${e.status}${e.message ? ` ${e.message}` : ''}\n`),
});
process.stdout.write(
  `entegratör simülatörü / integrator simulator: ${sim.url} (kullanıcılar/users: ${Object.keys(users).join(', ')}; klasör/dir: ${sim.dir})\n`,
);
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
