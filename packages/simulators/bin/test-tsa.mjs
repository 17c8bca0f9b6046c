#!/usr/bin/env node
// Test TSA in the foreground, RFC 3161 or Kamu SM (TEST ONLY). See src/tsa/main.ts for the options.
import { register } from 'tsx/esm/api';

register();
await import('../src/tsa/main.ts');
