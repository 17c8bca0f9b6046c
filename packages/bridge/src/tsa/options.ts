/**
 * One call for commands that sign (`edefter sign --timestamp [--timestamp-optional]`, month and
 * berat flows, the extension's "Zaman damgası ekle" box): configured TSA → readiness check before
 * the PIN is asked → the XAdES `timestamp` callback, or undefined only when the user explicitly
 * accepted signing without one.
 */
import { fail } from '@edefter/protocol';
import type { Notice } from '../config/secrets.ts';
import { loadTsaConfig } from './settings.ts';
import { prepareTimestamper, type TsaConfig } from './timestamper.ts';

/** Choices of {@link timestamperFromSettings}. */
export interface TimestampChoice {
  /** The user asked for a timestamp (XAdES-T). False → undefined, no TSA contact. */
  timestamp: boolean;
  /** The user accepted XAdES-BES when the TSA is down or slow (never for other failures). */
  timestampOptional?: boolean;
  /** Shown when the timestamp is skipped (default: stderr "UYARI / WARNING"). */
  onNotice?: (n: Notice) => void;
  /** TSA settings; default: config.json `tsa` section + credential store. */
  config?: TsaConfig;
}

/**
 * @returns the SignOptions `timestamp` callback, or undefined (no timestamp asked, or skipped by
 *   the explicit choice — the notice has then been shown)
 * @throws EdefterError TSA_NOT_CONFIGURED when a timestamp is asked but no TSA is set up; every
 *   error of prepareTimestamper (TSA_UNAVAILABLE / TSA_TIMEOUT name `--timestamp-optional`)
 */
export async function timestamperFromSettings(c: TimestampChoice): Promise<((data: Buffer) => Promise<Buffer>) | undefined> {
  if (!c.timestamp) return undefined;
  const cfg = c.config ?? (await loadTsaConfig());
  if (!cfg) {
    throw fail('tsa.notConfigured');
  }
  const p = await prepareTimestamper(cfg, { withoutTimestampIfUnavailable: c.timestampOptional });
  if (p.skipped) (c.onNotice ?? ((n: Notice) => process.stderr.write(`UYARI: ${n.tr}\nWARNING: ${n.en}\n`)))(p.skipped.notice);
  return p.timestamp;
}
