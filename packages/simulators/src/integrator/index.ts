/**
 * Integrator backup simulator (test service): `startIntegratorSimulator(opts) → { url, close() }`.
 * Protocol: docs/integrator-backup-api.md. Standalone: `node scripts/run.mjs edefter-integrator-sim --help`.
 */
export { startIntegratorSimulator, type IntegratorSimOptions, type IntegratorSimulator, type IntegratorSimFaults } from './server.ts';
export type { SimPackage } from './store.ts';
