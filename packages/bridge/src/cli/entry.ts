/**
 * Process entry of the `edefter` command: runs {@link main} on the process arguments and sets the
 * exit code. The bundle's entry point (scripts/build.mjs → dist/edefter.mjs); the development
 * launcher bin/edefter.mjs imports the same file through tsx. `--version` / `-V` alone answers
 * before the commands are loaded (main.ts is imported lazily, so the bundle evaluates it only when needed).
 */
import { bridgeVersion } from '../version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${bridgeVersion()}\n`);
} else {
  const { main } = await import('./main.ts');
  process.exitCode = await main(argv);
}
