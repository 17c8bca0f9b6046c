#!/usr/bin/env node
// `edefter` development launcher: runs the TypeScript sources through tsx (a dev dependency).
// The product is the plain-Node bundle (`pnpm build` → dist/edefter.mjs), which needs no tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/entry.ts');
