/**
 * Which TSA the bridge uses for "Zaman damgası ekle": the `tsa` section of config.json (set
 * with `edefter tsa …`, see packages/bridge/src/tsa), unless the server was started with an
 * explicit one. No TSA and a timestamp asked for → TSA_NOT_CONFIGURED, never a silent
 * XAdES-BES.
 */
import { fail } from '@edefter/protocol';
import { loadTsaConfig } from '../tsa/settings.ts';
import type { TsaConfig } from '../tsa/timestamper.ts';

/** Source of the TSA config: fixed (tests), `null` = none, undefined = read config.json each time. */
export type TsaSource = TsaConfig | null | undefined;

/** The configured TSA, if any. Errors reading the config count as "not configured" for status only. */
async function currentTsa(source: TsaSource): Promise<TsaConfig | undefined> {
  if (source === null) return undefined;
  if (source) return source;
  return loadTsaConfig();
}

/** True when a TSA is configured (for hello/status). */
export async function tsaConfigured(source: TsaSource): Promise<boolean> {
  try {
    return Boolean(await currentTsa(source));
  } catch {
    return false;
  }
}

/**
 * The XAdES `timestamp` callback for one signature.
 * @throws EdefterError TSA_NOT_CONFIGURED
 */
export async function timestamperFor(source: TsaSource): Promise<(data: Buffer) => Promise<Buffer>> {
  const cfg = await currentTsa(source);
  if (!cfg) throw fail('transport.tsaNotConfigured');
  // the RFC 3161 client (pkijs, ASN.1) is loaded at the first timestamp, not with the bridge (idle memory, issue 15)
  const { createTimestamper } = await import('../tsa/timestamper.ts');
  return createTimestamper(cfg);
}
