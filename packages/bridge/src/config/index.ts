/**
 * Former home of the settings file code; it lives in settings/ now (settings/store.ts reads and writes
 * config.json, settings/schema.ts is its zod schema, settings/env.ts the list of environment variables).
 * Kept as re-exports only, for modules not yet switched to the settings/ imports.
 */
export { configDir, configPath, loadConfig, loadEffectiveConfig, loadSection, updateConfig, writeFileAtomic } from '../settings/store.ts';
export type { BridgeConfig, TsaSettings } from '../settings/schema.ts';
