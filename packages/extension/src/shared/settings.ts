/**
 * Everything the extension keeps in `storage.local`, with defaults. The per-install pairing
 * secret lives here too (storage.local is readable only by this extension's own pages).
 */
import { DEFAULT_BRIDGE_PORT, isAcceptableWebOrigin, newRequestId } from '@edefter/protocol';
import browser from './browser.ts';

/** Stored settings. */
export interface Settings {
  /** port of the bridge on 127.0.0.1 */
  bridgePort: number;
  /** web origins that may ask for signatures (exact `scheme://host[:port]`) */
  allowedOrigins: string[];
  /** random id of this install, sent in `hello` (not secret) */
  installId: string;
  /** per-install secret from pairing, base64 (absent = not paired) */
  pairingSecret?: string;
  /**
   * A pairing ended (the user's "Eşleştirmeyi unut", or the bridge no longer knew this install):
   * do not pair through the native host by itself again; the user's "Eşleştir" clears it.
   */
  pairingForgotten?: boolean;
  /** last choice of "Zaman damgası ekle" for berats */
  timestampBerat: boolean;
  /** UI language */
  language: 'tr' | 'en';
  /**
   * Test-only hooks, honoured only while the bridge reports `testMode` (EDEFTER_BRIDGE_TEST_MODE=1,
   * demo token). `autoApprove` skips the consent window and logs in with `pin` (char codes).
   * Set explicitly by bench/roundtrip.ts; nothing in the UI sets it.
   */
  testHooks?: { autoApprove?: { pin: number[] } };
}

const DEFAULTS: Omit<Settings, 'installId'> = {
  bridgePort: DEFAULT_BRIDGE_PORT,
  allowedOrigins: [],
  timestampBerat: false,
  language: 'tr',
};

/** Reads all settings (creates the install id on first use). */
export async function getSettings(): Promise<Settings> {
  const raw = (await browser.storage.local.get(null)) as Partial<Settings>;
  const s: Settings = { ...DEFAULTS, ...raw, installId: raw.installId ?? '' };
  if (!/^[0-9a-f]{32}$/.test(s.installId)) {
    s.installId = newRequestId();
    await browser.storage.local.set({ installId: s.installId });
  }
  s.allowedOrigins = (s.allowedOrigins ?? []).filter(isAcceptableWebOrigin);
  return s;
}

/** Writes some settings. */
export async function setSettings(patch: Partial<Settings>): Promise<void> {
  await browser.storage.local.set(patch as Record<string, unknown>);
}

/** Removes stored keys (e.g. `pairingSecret` after the bridge forgot us). */
export async function clearSettings(keys: (keyof Settings)[]): Promise<void> {
  await browser.storage.local.remove(keys as string[]);
}
