/**
 * Settings of the GİB client: the `gib` section of config.json as in effect (settings/store.ts: the file
 * with this process's EDEFTER_SETTINGS overlay), with every default applied. Endpoints per spec §4
 * (GİB-WS v1.7). The mali mühür trust list is `signer.trustList` (or, in files of earlier versions,
 * `gib.signerTrustList`). GİB's package folder also comes from EDEFTER_GIB_PACKAGE (settings/env.ts).
 */
import { loadSection } from '../settings/store.ts';
import type { ClockSourceSetting, GibSettings } from '../settings/schema.ts';

export type { ClockSourceSetting, GibSettings } from '../settings/schema.ts';
export { loadTrustList } from '../settings/trust.ts';

/** GİB production endpoint (spec §4). */
export const GIB_PRODUCTION_ENDPOINT = 'https://edefter.gib.gov.tr/edefter/services/EDefterWsPort';
/** GİB test endpoint (spec §4: test WSDL at edeftertest.gib.gov.tr). */
export const GIB_TEST_ENDPOINT = 'https://edeftertest.gib.gov.tr/edefter/services/EDefterWsPort';

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

/** Reads the `gib` (and `signer`) sections in effect and applies the defaults. */
export async function loadGibSettings(): Promise<ResolvedGibSettings> {
  const g: GibSettings = (await loadSection('gib')) ?? {};
  const signer = await loadSection('signer');
  const environment = g.environment ?? 'test';
  const endpoint = environment === 'production' ? GIB_PRODUCTION_ENDPOINT : environment === 'custom' ? (g.endpoint ?? '') : GIB_TEST_ENDPOINT;
  return {
    endpoint,
    environment,
    clock: g.clock ?? { kind: 'http-date' },
    maxClockSkewMs: (g.maxClockSkewSec ?? 30) * 1000,
    timestampTtlMs: (g.timestampTtlSec ?? 60) * 1000,
    timeoutMs: g.timeoutMs ?? 120_000,
    retries: g.retries ?? 4,
    retryBaseMs: g.retryBaseMs ?? 2_000,
    pollIntervalMs: g.pollIntervalMs ?? 15_000,
    maxWaitMs: g.maxWaitMs ?? 30 * 60_000,
    trustList: g.trustList ?? [],
    signerTrustList: signer?.trustList ?? g.signerTrustList ?? [],
    gibPackage: process.env.EDEFTER_GIB_PACKAGE ?? g.gibPackage,
    sendEnvanter: g.sendEnvanter === true,
  };
}
