/**
 * Runs the demo portal alone in the foreground:
 *   node scripts/run.mjs tsx packages/dev/src/portal/main.ts [--port 8080] [--import-dir <folder>]
 * (`edefter-dev portal` starts it together with the bridge.)
 */
import { startPortal } from './server.ts';

const i = process.argv.indexOf('--port');
const d = process.argv.indexOf('--import-dir');
const portal = await startPortal({ port: i > 0 ? Number(process.argv[i + 1]) : 0, ...(d > 0 ? { importDir: process.argv[d + 1] } : {}) });
process.stdout.write(`Demo portal: ${portal.origin}/\n`);
const stop = (): void => {
  void portal.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
