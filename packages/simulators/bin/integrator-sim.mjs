#!/usr/bin/env node
// Standalone integrator backup simulator (TEST ONLY). See src/integrator/cli.ts for the options.
import { register } from 'tsx/esm/api';

register();
await import('../src/integrator/cli.ts');
