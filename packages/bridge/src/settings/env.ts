/**
 * The ONE list of environment variables the product (bridge) reads. Everything else that can be set is a
 * config.json key (settings/schema.ts). docs/settings.md prints the same table; test/settings/env.test.ts
 * checks that no product file reads an `EDEFTER_*` variable missing from {@link ENV_VARS}.
 *
 * Tests, the demo and one-off runs change config.json keys for one process with `EDEFTER_SETTINGS`, a JSON
 * object laid over the file's sections (deep merge; never written back). It replaces the thirteen
 * variables of earlier versions (EDEFTER_GIB_ENDPOINT, …_ENV, …_TRUST, …_RETRIES, …_RETRY_BASE_MS, …_POLL_MS,
 * …_TIMEOUT_MS, …_CLOCK, …_NTP, …_SEND_ENVANTER, EDEFTER_SIGNER_TRUST, EDEFTER_INTEGRATOR_URL,
 * EDEFTER_BACKUP_POLL_MS); those names are still understood for one release ({@link LEGACY_ENV}) and
 * translated into the same overlay, so a script of the previous version keeps working.
 */
import path from 'node:path';
import { fail } from '@edefter/protocol';

/** One environment variable: what it means, its default, who reads it. */
export interface EnvVar {
  name: string;
  /** What it sets (English). */
  meaning: string;
  /** Value when unset. */
  default: string;
  /** Module(s) that read it. */
  usedBy: string;
}

/** Every `EDEFTER_*` variable the bridge reads (dev and test kit variables are listed in docs/settings.md). */
export const ENV_VARS: readonly EnvVar[] = [
  {
    name: 'EDEFTER_CONFIG_DIR',
    meaning: 'folder of config.json, the file secret store, pairings, the local CA',
    default: 'OS config folder/edefter-bridge',
    usedBy: 'settings/store.ts',
  },
  {
    name: 'EDEFTER_DATA_DIR',
    meaning: 'folder of the workflow data (months, packages, audit)',
    default: 'OS data folder/edefter-bridge',
    usedBy: 'workflow/paths.ts',
  },
  {
    name: 'EDEFTER_SETTINGS',
    meaning: 'JSON object laid over config.json sections for this process (never written)',
    default: 'none',
    usedBy: 'settings/store.ts',
  },
  { name: 'EDEFTER_CREDENTIAL_STORE', meaning: 'secret store: auto | keychain | file', default: 'auto', usedBy: 'config/secrets.ts' },
  { name: 'EDEFTER_SOCKET', meaning: 'path of the local channel socket', default: '<configDir>/run/bridge.sock', usedBy: 'server/local-channel/paths.ts' },
  {
    name: 'EDEFTER_PKCS11_MODULE',
    meaning: 'PKCS#11 module of the token',
    default: 'every known installed module',
    usedBy: 'token/modules.ts, token/index.ts',
  },
  { name: 'EDEFTER_TOKEN_LABEL', meaning: 'token label to use', default: 'the only token present', usedBy: 'token/index.ts, cli' },
  { name: 'EDEFTER_CERT_ID', meaning: 'certificate to sign with: CKA_ID hex, or rsa / ec', default: 'the only signing certificate', usedBy: 'token/index.ts' },
  { name: 'EDEFTER_PIN', meaning: 'token PIN for the CLI when no terminal and no --pin-stdin (demo, CI)', default: 'none', usedBy: 'cli/pin-input.ts' },
  {
    name: 'EDEFTER_GIB_PACKAGE',
    meaning: "folder of GİB's e-Defter package (xsd/, sch/)",
    default: 'gib.gibPackage, else <repo>/../shared/gib',
    usedBy: 'validate/gib-package.ts, gib/settings.ts',
  },
  {
    name: 'EDEFTER_BRIDGE_TEST_MODE',
    meaning: '1: test hooks of the extension are honoured (demo token only)',
    default: 'off',
    usedBy: 'cli/commands/bridge.ts',
  },
  {
    name: 'EDEFTER_PROJECT_ROOT',
    meaning: 'repository root (set by scripts/run.mjs; development only)',
    default: 'derived from the module path',
    usedBy: 'validate/gib-package.ts, cli/invocation.ts',
  },
];

/** Earlier variables still read, each translated into a path of the {@link settingsOverlay} (one release of grace). */
export const LEGACY_ENV: Readonly<Record<string, (v: string) => Record<string, unknown>>> = {
  EDEFTER_GIB_ENDPOINT: (v) => ({ gib: { environment: 'custom', endpoint: v } }),
  EDEFTER_GIB_ENV: (v) => ({ gib: { environment: v } }),
  EDEFTER_GIB_TRUST: (v) => ({ gib: { trustList: splitPaths(v) } }),
  EDEFTER_GIB_RETRIES: (v) => ({ gib: { retries: int(v) } }),
  EDEFTER_GIB_RETRY_BASE_MS: (v) => ({ gib: { retryBaseMs: int(v) } }),
  EDEFTER_GIB_POLL_MS: (v) => ({ gib: { pollIntervalMs: int(v) } }),
  EDEFTER_GIB_TIMEOUT_MS: (v) => ({ gib: { timeoutMs: int(v) } }),
  EDEFTER_GIB_CLOCK: (v) => ({ gib: { clock: v === 'ntp' ? { kind: 'ntp', host: 'pool.ntp.org' } : { kind: v } } }),
  EDEFTER_GIB_NTP: (v) => ({ gib: { clock: { kind: 'ntp', host: v.split(':')[0], ...(v.includes(':') ? { port: int(v.split(':')[1]) } : {}) } } }),
  EDEFTER_GIB_SEND_ENVANTER: (v) => ({ gib: { sendEnvanter: v === '1' || v === 'true' } }),
  EDEFTER_SIGNER_TRUST: (v) => ({ signer: { trustList: splitPaths(v) } }),
  EDEFTER_INTEGRATOR_URL: (v) => ({ backup: { url: v } }),
  EDEFTER_BACKUP_POLL_MS: (v) => ({ backup: { pollIntervalMs: int(v) } }),
};

function splitPaths(v: string): string[] {
  return v.split(path.delimiter).filter(Boolean);
}

function int(v: string): number | undefined {
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

/** True for plain JSON objects (not arrays, not null). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep merge for settings: objects merge key by key, anything else (arrays, scalars, and objects with a `kind`
 * such as `gib.clock`) in `over` replaces; `undefined` in `over` keeps the base value.
 */
export function mergeSettings<T extends Record<string, unknown>>(base: T, over: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    // a clock source ({ kind, … }) is one value: replaced whole, never merged key by key
    const merge = isPlainObject(v) && isPlainObject(out[k]) && !('kind' in v);
    out[k] = merge ? mergeSettings(out[k] as Record<string, unknown>, v) : v;
  }
  return out as T;
}

/**
 * The overlay of this process: the legacy variables (in the order of {@link LEGACY_ENV}; EDEFTER_GIB_ENDPOINT
 * wins over EDEFTER_GIB_ENV as before), then `EDEFTER_SETTINGS` over them.
 * @param env environment (default `process.env`)
 * @throws EdefterError BAD_INPUT (config.settingsEnvInvalid) when EDEFTER_SETTINGS is not a JSON object
 */
export function settingsOverlay(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const [name, translate] of Object.entries(LEGACY_ENV)) {
    const v = env[name];
    if (v) out = mergeSettings(out, translate(v));
  }
  if (env.EDEFTER_GIB_ENDPOINT) out = mergeSettings(out, { gib: { environment: 'custom' } });
  if (env.EDEFTER_GIB_CLOCK === 'off' || env.EDEFTER_GIB_CLOCK === 'http-date') (out.gib as Record<string, unknown>).clock = { kind: env.EDEFTER_GIB_CLOCK };
  const raw = env.EDEFTER_SETTINGS;
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw fail('config.settingsEnvInvalid', { name: 'EDEFTER_SETTINGS', problems: 'not valid JSON' });
    }
    if (!isPlainObject(parsed)) throw fail('config.settingsEnvInvalid', { name: 'EDEFTER_SETTINGS', problems: 'not a JSON object' });
    out = mergeSettings(out, parsed);
  }
  return out;
}

/**
 * True when this process's environment sets the GİB endpoint or environment (the options page says the
 * stored choice is not in use).
 */
export function gibEndpointFromEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  const g = settingsOverlay(env).gib;
  return isPlainObject(g) && (g.endpoint !== undefined || g.environment !== undefined);
}
