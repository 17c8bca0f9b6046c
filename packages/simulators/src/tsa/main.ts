/**
 * Runs a test TSA in the foreground (demo, manual checks):
 *   node scripts/run.mjs edefter-test-tsa [--kind rfc3161|kamusm] [--port 8318] [--fault none|slow|...]
 * Prints the URL, the trust anchor path and (kamusm) the test customers; Ctrl-C stops it.
 */
import { startTestTsa, type TsaFault } from './server.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const tsa = await startTestTsa({
  kind: (opt('kind') as 'rfc3161' | 'kamusm') ?? 'rfc3161',
  port: opt('port') ? Number(opt('port')) : 0,
  fault: (opt('fault') as TsaFault) ?? 'none',
});
process.stdout.write(`${tsa.kind} test TSA: ${tsa.url}\ntrust anchor: ${tsa.caPath}\n`);
if (tsa.kind === 'kamusm') for (const [id, c] of Object.entries(tsa.customers)) process.stdout.write(`customer ${id} / ${c.password} (${c.credit} kontör)\n`);
const stop = () => void tsa.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
