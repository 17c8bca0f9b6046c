#!/usr/bin/env node
// `edefter-dev` command-line entry (TEST ONLY: demo and portal). TypeScript run through tsx, like the other dev tools.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
