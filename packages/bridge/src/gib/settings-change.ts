/**
 * The GİB endpoint as the extension's options page reads and changes it (bridge action
 * `gib-settings`): config.json › gib `environment` (`test` | `production` | `custom`) and the custom
 * `endpoint`. Other `gib` keys are kept as they are. The audit record of a change is written by the
 * caller ({@link gibSettingsFacts}).
 */
import { fail, type GibSettingsView } from '@edefter/protocol';
import { gibEndpointFromEnvironment } from '../settings/env.ts';
import { loadConfig, updateConfig } from '../settings/store.ts';
import { loadGibSettings, type GibSettings } from './settings.ts';

/** What the options page may change. */
export interface GibSettingsPatch {
  environment?: 'test' | 'production' | 'custom';
  endpoint?: string;
}

/** The GİB settings as the options page sees them (effective endpoint, stored custom URL, env overrides). */
export async function gibSettingsView(): Promise<GibSettingsView> {
  const stored: GibSettings = (await loadConfig()).gib ?? {};
  const eff = await loadGibSettings();
  return {
    environment: eff.environment,
    endpoint: eff.endpoint,
    ...(stored.endpoint ? { customEndpoint: stored.endpoint } : {}),
    overriddenByEnvironment: gibEndpointFromEnvironment(),
  };
}

/**
 * Checks a custom endpoint: `https://…`, or `http://` only on the loopback (the simulator).
 * @throws EdefterError BAD_INPUT
 */
export function checkGibEndpoint(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw fail('gib.addressInvalid', { url });
  }
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw fail('gib.addressNotHttps', { url });
  }
}

/**
 * Changes the stored GİB environment / custom endpoint.
 * @returns the views before and after
 * @throws EdefterError BAD_INPUT (bad URL, `custom` without any URL)
 */
export async function setGibSettings(patch: GibSettingsPatch): Promise<{ before: GibSettingsView; after: GibSettingsView }> {
  const before = await gibSettingsView();
  if (patch.endpoint) checkGibEndpoint(patch.endpoint);
  await updateConfig((cfg) => {
    const g: GibSettings = { ...((cfg.gib as GibSettings | undefined) ?? {}) };
    if (patch.endpoint !== undefined) {
      if (patch.endpoint) g.endpoint = patch.endpoint;
      else delete g.endpoint;
    }
    if (patch.environment) g.environment = patch.environment;
    if (g.environment === 'custom' && !g.endpoint) {
      throw fail('gib.customAddressRequired');
    }
    return { ...cfg, gib: g };
  });
  return { before, after: await gibSettingsView() };
}

/** Audit facts of a GİB settings change (`settings` record, area `gib`). */
export function gibSettingsFacts(before: GibSettingsView, after: GibSettingsView, by: string): Record<string, string | string[] | boolean> {
  const facts: Record<string, string | string[] | boolean> = { by, area: 'gib' };
  const changed: string[] = [];
  if (before.environment !== after.environment) {
    changed.push('environment');
    facts.environment = `${before.environment} → ${after.environment}`;
  }
  if (before.endpoint !== after.endpoint) {
    changed.push('endpoint');
    facts.endpoint = `${before.endpoint || '-'} → ${after.endpoint || '-'}`;
  }
  if ((before.customEndpoint ?? '') !== (after.customEndpoint ?? '')) {
    changed.push('customEndpoint');
    facts.customEndpoint = `${before.customEndpoint || '-'} → ${after.customEndpoint || '-'}`;
  }
  facts.changed = changed;
  return facts;
}
