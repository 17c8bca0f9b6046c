/**
 * Requests from the extension's own pages (popup, consent window). Accepted only from pages of
 * this extension; one small handler per message kind.
 */
import { TIMEOUTS, backupSettings, isAcceptableWebOrigin, serializeError, tokenList, fail, type TokenWithCertificates } from '@edefter/protocol';
import type { Runtime } from 'webextension-polyfill';
import browser from '../shared/browser.ts';
import { getSettings, setSettings } from '../shared/settings.ts';
import { UiMessage, type PopupState } from '../shared/ui-messages.ts';
import type { BridgeConnection } from './services/bridge-connection.ts';
import { decide, getConsentView, heartbeat } from './services/consent.ts';
import { listPending } from './services/pending.ts';
import { cancelMonthRunFromPopup } from './actions/month-run.ts';
import { changeBackupSettings, changeGibSettings, changeTsaSettings, readGibSettings, readTsaSettings } from './services/settings-consent.ts';

const EXTENSION_VERSION = import.meta.env.VITE_EXTENSION_VERSION ?? '0.0.0';

/** True when the message comes from one of this extension's own pages. */
export function isFromExtensionPage(sender: Runtime.MessageSender): boolean {
  const base = browser.runtime.getURL('');
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(base);
}

async function popupState(bridge: BridgeConnection): Promise<PopupState> {
  try {
    await bridge.connect();
  } catch {
    /* shown as state + error */
  }
  const settings = await getSettings();
  let tokens: TokenWithCertificates[] = [];
  if (bridge.state === 'connected') {
    try {
      tokens = (await bridge.call(tokenList, {}, { timeoutMs: TIMEOUTS.shortRequestMs })).tokens;
    } catch {
      tokens = [];
    }
  }
  let activeTabOrigin: string | undefined;
  try {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    const o = tab?.url ? new URL(tab.url).origin : undefined;
    activeTabOrigin = o && isAcceptableWebOrigin(o) ? o : undefined;
  } catch {
    activeTabOrigin = undefined;
  }
  return {
    extensionVersion: EXTENSION_VERSION,
    bridge: {
      state: bridge.state === 'disconnected' && bridge.lastError ? 'disconnected' : bridge.state,
      port: settings.bridgePort,
      version: bridge.hello?.bridge.version,
      protocol: bridge.hello?.protocol,
      tsaConfigured: bridge.hello?.tsaConfigured,
      testMode: bridge.hello?.testMode,
      requiresUpdate: bridge.requiresUpdate,
      error: bridge.lastError,
    },
    paired: Boolean(settings.pairingSecret),
    nativePairing: bridge.native,
    tokens: tokens.map((t) => ({ ...t, certificates: t.certificates.map((c) => ({ ...c, der: '' })) })),
    pending: listPending(),
    allowedOrigins: settings.allowedOrigins,
    language: settings.language,
    activeTabOrigin,
  };
}

async function changeAllowlist(bridge: BridgeConnection, origin: string, add: boolean): Promise<void> {
  if (!isAcceptableWebOrigin(origin)) throw fail('extension.siteInvalid', { origin });
  const { allowedOrigins } = await getSettings();
  const next = add ? [...new Set([...allowedOrigins, origin])] : allowedOrigins.filter((o) => o !== origin);
  await setSettings({ allowedOrigins: next });
  await bridge.pushAllowlist().catch(() => undefined);
}

/** Options page → bridge `backup-settings` (Yedekleme ayarları of one company; never on behalf of a page). */
async function backupSettingsRequest(bridge: BridgeConnection, vkn: string, set?: Record<string, unknown>) {
  await bridge.ready();
  return await bridge.call(backupSettings, { vkn, ...(set ? { set } : {}) }, { timeoutMs: TIMEOUTS.shortRequestMs });
}

type Handlers = { [K in UiMessage['kind']]: (m: Extract<UiMessage, { kind: K }>, bridge: BridgeConnection) => Promise<unknown> };

/** One handler per UI message kind. */
const UI_HANDLERS: Handlers = {
  'consent-get': async (m) => ({ ok: true, result: getConsentView(m.consentId) }),
  'consent-heartbeat': async (m) => ({ ok: heartbeat(m.consentId) }),
  'consent-decision': (m) => decide(m),
  'ui-month-run-cancel': async (m, b) => ({ ok: true, result: await cancelMonthRunFromPopup(b, m.requestId) }),
  'ui-get-state': async (_m, b) => ({ ok: true, result: await popupState(b) }),
  'ui-reconnect': async (_m, b) => {
    b.close();
    return { ok: true, result: await popupState(b) };
  },
  'ui-pair': async (_m, b) => {
    await b.pair();
    return { ok: true };
  },
  'ui-pair-code': async (m, b) => {
    await b.pairWithCode(m.code);
    return { ok: true };
  },
  'ui-forget-pairing': async (_m, b) => {
    await b.forgetPairing();
    return { ok: true };
  },
  'ui-allowlist-add': async (m, b) => {
    await changeAllowlist(b, m.origin, true);
    return { ok: true };
  },
  'ui-allowlist-remove': async (m, b) => {
    await changeAllowlist(b, m.origin, false);
    return { ok: true };
  },
  'ui-set-port': async (m, b) => {
    await setSettings({ bridgePort: m.port });
    b.close();
    return { ok: true };
  },
  'ui-set-language': async (m) => {
    await setSettings({ language: m.language });
    return { ok: true };
  },
  'ui-backup-settings-get': async (m, b) => ({ ok: true, result: await backupSettingsRequest(b, m.vkn) }),
  'ui-backup-settings-set': async ({ kind: _k, vkn, ...set }, b) => ({ ok: true, result: await changeBackupSettings(b, vkn, set) }),
  'ui-gib-settings-get': async (_m, b) => ({ ok: true, result: await readGibSettings(b) }),
  'ui-gib-settings-set': async ({ kind: _k, ...set }, b) => ({ ok: true, result: await changeGibSettings(b, set) }),
  'ui-tsa-settings-get': async (_m, b) => ({ ok: true, result: await readTsaSettings(b) }),
  'ui-tsa-settings-set': async ({ kind: _k, ...set }, b) => ({ ok: true, result: await changeTsaSettings(b, set) }),
};

/** Handles a message from an extension page; returns the reply (errors as `{ ok: false, error }`). */
export async function handleUiMessage(raw: unknown, bridge: BridgeConnection): Promise<unknown> {
  const parsed = UiMessage.safeParse(raw);
  if (!parsed.success) return { ok: false, error: fail('transport.malformedMessage').toJSON() };
  const m = parsed.data;
  try {
    const handler = UI_HANDLERS[m.kind] as (m: UiMessage, b: BridgeConnection) => Promise<unknown>;
    return await handler(m, bridge);
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
