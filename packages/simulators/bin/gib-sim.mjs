#!/usr/bin/env node
// Standalone GİB e-Defter web service simulator (TEST ONLY). See src/cli.ts for the options.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/gib/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
