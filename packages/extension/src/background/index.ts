/**
 * Service worker (Chrome) / background script (Firefox): the only place that talks to the
 * bridge. Routes content-script page requests and the extension pages' UI messages.
 */
import type { Runtime } from 'webextension-polyfill';
import browser from '../shared/browser.ts';
import { getSettings } from '../shared/settings.ts';
import { handlePageRequest } from './page-requests.ts';
import { BridgeConnection } from './services/bridge-connection.ts';
import { hasOpenConsent } from './services/consent.ts';
import { bridgeConsentAuditSink, setConsentAuditSink } from './services/consent-audit.ts';
import { hasPending } from './services/pending.ts';
import { recentTimings } from './actions/sign-documents.ts';
import { exposeForTests } from './test-hooks.ts';
import { handleUiMessage, isFromExtensionPage } from './ui-requests.ts';

const bridge = new BridgeConnection();
bridge.busy = () => hasPending() || hasOpenConsent();
setConsentAuditSink(bridgeConsentAuditSink(bridge));

browser.runtime.onInstalled.addListener(() => {
  void getSettings();
});

browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  const kind = (msg as { kind?: unknown } | null)?.kind;
  if (kind === 'page-request') return handlePageRequest(msg, sender, bridge);
  if (typeof kind === 'string' && isFromExtensionPage(sender)) return handleUiMessage(msg, bridge);
  return undefined;
});

// test hook for Playwright (compiled out of the release build): the live objects on the worker's global
exposeForTests({ bridge, recentTimings });
