/**
 * `edefter-gib-sim` — runs the GİB simulator standalone until Ctrl+C.
 *
 *   edefter-gib-sim [--port 8089] [--state-dir DIR] [--delay-ms 1000] [--faults faults.json]
 *                   [--clock-offset-ms 0] [--trust ca.pem] [--quiet]
 *
 * Prints the endpoint URL and the seal certificate path. Faults can also be replaced at run time:
 * `curl -X POST --data @faults.json http://127.0.0.1:PORT/_sim/faults`; state: GET /_sim/state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startGibSimulator } from './index.ts';
import type { FaultRule } from './faults.ts';

/** Runs the CLI; resolves with the exit code when stopped. */
export async function runCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8089' },
      'state-dir': { type: 'string', default: path.resolve('var/gib-sim') },
      'delay-ms': { type: 'string', default: '1000' },
      faults: { type: 'string' },
      'clock-offset-ms': { type: 'string', default: '0' },
      trust: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'edefter-gib-sim [--port 8089] [--state-dir DIR] [--delay-ms 1000] [--faults faults.json] [--clock-offset-ms 0] [--trust ca.pem] [--quiet]\n',
    );
    return 0;
  }
  const faults = values.faults ? (JSON.parse(fs.readFileSync(values.faults, 'utf8')) as FaultRule[]) : [];
  const sim = await startGibSimulator({
    stateDir: path.resolve(values['state-dir']!),
    port: Number(values.port),
    delayMs: Number(values['delay-ms']),
    faults,
    clockOffsetMs: Number(values['clock-offset-ms']),
    trustPem: values.trust,
    log: values.quiet ? undefined : (l) => process.stderr.write(`[gib-sim] ${new Date().toISOString()} ${l}\n`),
  });
  process.stdout.write(
    `GİB simülatörü / GİB simulator: ${sim.url}\nGİB TEST mühür sertifikası / seal certificate: ${path.join(path.resolve(values['state-dir']!), 'seal', 'seal.pem')}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void sim.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
