/**
 * Settings of the GİB client: the `gib` section of the bridge's config.json (config/index.ts),
 * with environment overrides for tests and the demo. Endpoints per spec §4 (GİB-WS v1.7).
 *
 * Environment: EDEFTER_GIB_ENDPOINT (custom endpoint, e.g. the simulator), EDEFTER_GIB_ENV
 * (`test` | `production`), EDEFTER_GIB_TRUST (path-delimited PEM/DER files trusted for GİB's seal),
 * EDEFTER_GIB_RETRY_BASE_MS, EDEFTER_GIB_RETRIES, EDEFTER_GIB_POLL_MS, EDEFTER_GIB_TIMEOUT_MS,
 * EDEFTER_GIB_CLOCK (`http-date` | `ntp` | `off`), EDEFTER_GIB_NTP (host[:port]),
 * EDEFTER_GIB_PACKAGE (folder of GİB's e-Defter package: xsd/ and sch/), EDEFTER_SIGNER_TRUST (path-delimited
 * PEM/DER files of CAs trusted for mali mühür certificates).
 */
import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { loadConfig } from '../config/index.ts';

/** GİB production endpoint (spec §4). */
export const GIB_PRODUCTION_ENDPOINT = 'https://edefter.gib.gov.tr/edefter/services/EDefterWsPort';
/** GİB test endpoint (spec §4: test WSDL at edeftertest.gib.gov.tr). */
export const GIB_TEST_ENDPOINT = 'https://edeftertest.gib.gov.tr/edefter/services/EDefterWsPort';

/** Where the clock is compared before a send. */
export type ClockSourceSetting =
  | { kind: 'http-date' }
  | { kind: 'ntp'; host: string; port?: number }
  | { kind: 'off' };

/** The `gib` section of config.json. */
export interface GibSettings {
  /** `test`, `production`, or `custom` (uses `endpoint`). Default `test`. */
  environment?: 'test' | 'production' | 'custom';
  /** Endpoint URL for `custom` (the simulator in the demo). */
  endpoint?: string;
  /** Clock source (default HTTP Date of the endpoint). */
  clock?: ClockSourceSetting;
  /** Largest allowed clock skew in s (default 30). */
  maxClockSkewSec?: number;
  /** WS-Security Timestamp lifetime in s (default 60). */
  timestampTtlSec?: number;
  /** Per-call timeout in ms (default 120 000). */
  timeoutMs?: number;
  /** Attempts per call for transient faults (default 4). */
  retries?: number;
  /** First backoff in ms (default 2 000). */
  retryBaseMs?: number;
  /** getBatchStatus poll interval in ms (default 15 000). */
  pollIntervalMs?: number;
  /** Longest wait for approval in `--wait` mode, ms (default 30 min). */
  maxWaitMs?: number;
  /** PEM/DER files trusted as issuers of GİB's seal on approved berats. */
  trustList?: string[];
  /** GİB's e-Defter package folder (xsd/, sch/) for validating approved berats. */
  gibPackage?: string;
  /** PEM/DER files of CAs trusted for mali mühür certificates (edefter doctor's trust check). */
  signerTrustList?: string[];
  /**
   * Send Envanter berat packages (`VKN-YYYYMM-EB-PPPPPP.zip` = E + EB) to GİB. Default false: GİB's web
   * service guide does not document the envanter upload, so it stays off until GİB's test endpoint
   * confirms the package shape. `EDEFTER_GIB_SEND_ENVANTER=1` turns it on for one run.
   */
  sendEnvanter?: boolean;
}

/** Settings with every default applied. */
export interface ResolvedGibSettings {
  endpoint: string;
  environment: 'test' | 'production' | 'custom';
  clock: ClockSourceSetting;
  maxClockSkewMs: number;
  timestampTtlMs: number;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  pollIntervalMs: number;
  maxWaitMs: number;
  trustList: string[];
  signerTrustList: string[];
  gibPackage?: string;
  /** See {@link GibSettings.sendEnvanter}. */
  sendEnvanter: boolean;
}

const num = (v: string | undefined): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** Parses `host[:port]`. */
function parseNtp(v: string): ClockSourceSetting {
  const [host, port] = v.split(':');
  return { kind: 'ntp', host, port: port ? Number(port) : undefined };
}

/** Reads config.json's `gib` section and applies the environment overrides and defaults. */
export async function loadGibSettings(): Promise<ResolvedGibSettings> {
  const cfg = await loadConfig();
  const g = (cfg.gib ?? {}) as GibSettings;
  const e = process.env;
  const envEndpoint = e.EDEFTER_GIB_ENDPOINT;
  const environment = envEndpoint ? 'custom' : ((e.EDEFTER_GIB_ENV as GibSettings['environment']) ?? g.environment ?? 'test');
  const endpoint = envEndpoint ?? (environment === 'production' ? GIB_PRODUCTION_ENDPOINT : environment === 'custom' ? g.endpoint ?? '' : GIB_TEST_ENDPOINT);
  let clock: ClockSourceSetting = g.clock ?? { kind: 'http-date' };
  if (e.EDEFTER_GIB_CLOCK === 'off') clock = { kind: 'off' };
  else if (e.EDEFTER_GIB_CLOCK === 'http-date') clock = { kind: 'http-date' };
  else if (e.EDEFTER_GIB_CLOCK === 'ntp' || e.EDEFTER_GIB_NTP) clock = parseNtp(e.EDEFTER_GIB_NTP ?? 'pool.ntp.org');
  return {
    endpoint, environment, clock,
    maxClockSkewMs: (g.maxClockSkewSec ?? 30) * 1000,
    timestampTtlMs: (g.timestampTtlSec ?? 60) * 1000,
    timeoutMs: num(e.EDEFTER_GIB_TIMEOUT_MS) ?? g.timeoutMs ?? 120_000,
    retries: num(e.EDEFTER_GIB_RETRIES) ?? g.retries ?? 4,
    retryBaseMs: num(e.EDEFTER_GIB_RETRY_BASE_MS) ?? g.retryBaseMs ?? 2_000,
    pollIntervalMs: num(e.EDEFTER_GIB_POLL_MS) ?? g.pollIntervalMs ?? 15_000,
    maxWaitMs: g.maxWaitMs ?? 30 * 60_000,
    trustList: e.EDEFTER_GIB_TRUST ? e.EDEFTER_GIB_TRUST.split(path.delimiter).filter(Boolean) : g.trustList ?? [],
    signerTrustList: e.EDEFTER_SIGNER_TRUST ? e.EDEFTER_SIGNER_TRUST.split(path.delimiter).filter(Boolean) : g.signerTrustList ?? [],
    gibPackage: e.EDEFTER_GIB_PACKAGE ?? g.gibPackage,
    sendEnvanter: e.EDEFTER_GIB_SEND_ENVANTER !== undefined ? e.EDEFTER_GIB_SEND_ENVANTER === '1' || e.EDEFTER_GIB_SEND_ENVANTER === 'true' : g.sendEnvanter === true,
  };
}

/**
 * Loads trust anchors (PEM with one or more certificates, or DER) from files.
 * @returns DER buffers
 * @throws Error naming the file that cannot be read or parsed
 */
export function loadTrustList(files: string[]): Buffer[] {
  const out: Buffer[] = [];
  for (const f of files) {
    const raw = fs.readFileSync(f);
    const text = raw.toString('latin1');
    if (text.includes('-----BEGIN CERTIFICATE-----')) {
      for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) {
        out.push(Buffer.from(new X509Certificate(m[0]).raw));
      }
    } else {
      out.push(Buffer.from(new X509Certificate(raw).raw));
    }
  }
  return out;
}
