/**
 * Process entry of the `edefter` command: runs {@link main} on the process arguments and sets the
 * exit code. The bundle's entry point (scripts/build.mjs → dist/edefter.mjs); the development
 * launcher bin/edefter.mjs imports the same file through tsx. `--version` / `-V` alone answers
 * before the commands are loaded (main.ts is imported lazily, so the bundle evaluates it only when
 * needed); `edefter sign …` loads only the sign command (sign-main.ts: the signer, not the whole CLI), `edefter
 * bridge …` only the bridge command (bridge-main.ts), `edefter validate …` only the validate command
 * (validate-main.ts).
 * No top-level await, so the same entry can also be bundled as CommonJS (a Node SEA's format).
 */
import { bridgeVersion } from '../version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${bridgeVersion()}\n`);
} else {
  const run =
    argv[0] === 'sign'
      ? import('./sign-main.ts').then(({ signMain }) => signMain(argv))
      : argv[0] === 'bridge'
        ? import('./bridge-main.ts').then(({ bridgeMain }) => bridgeMain(argv))
        : argv[0] === 'validate'
          ? import('./validate-main.ts').then(({ validateMain }) => validateMain(argv))
          : import('./main.ts').then(({ main }) => main(argv));
  void run.then((code) => {
    process.exitCode = code;
  });
}
