/**
 * Process entry of the `edefter` command: runs {@link main} on the process arguments and sets the
 * exit code. The bundle's entry point (scripts/build.mjs → dist/edefter.mjs); the development
 * launcher bin/edefter.mjs imports the same file through tsx.
 */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
