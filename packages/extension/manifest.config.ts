/**
 * The extension manifest, generated per browser (pattern from autogram-extension): Chrome MV3
 * with a service worker and the pinned `key`; Firefox MV3 with background scripts and the
 * gecko id. The service worker is the only context that connects to 127.0.0.1.
 */
// relative import: vite bundles the config and would leave a workspace package external (raw .ts)
import { CHROME_EXTENSION_PUBLIC_KEY, GECKO_EXTENSION_ID } from '../protocol/src/extension-id.ts';
import pkg from './package.json' with { type: 'json' };

/** Pages the content script runs on: any https site, plus http on loopback (local demo portal). */
export const CONTENT_MATCHES = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

/** Builds the manifest for `browser`. */
export function buildManifest(browser: 'chrome' | 'firefox') {
  const common = {
    manifest_version: 3 as const,
    name: '__MSG_extName__',
    short_name: 'e-Defter İmza',
    description: '__MSG_extDescription__',
    version: pkg.version,
    default_locale: 'tr',
    // nativeMessaging: pairing through the host tr.edefter.bridge (Chrome ≥ 29, Firefox ≥ 50; MV3 in both)
    permissions: ['storage', 'activeTab', 'nativeMessaging'],
    host_permissions: ['https://127.0.0.1/*', 'wss://127.0.0.1/*'],
    content_scripts: [{ matches: CONTENT_MATCHES, js: ['src/content/index.ts'], run_at: 'document_start' as const, all_frames: false }],
    action: { default_popup: 'src/popup/index.html', default_title: '__MSG_extName__' },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    icons: { '16': 'icons/icon-16.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' },
  };
  if (browser === 'firefox') {
    return {
      ...common,
      background: { scripts: ['src/background/index.ts'], type: 'module' as const },
      // `data_collection_permissions` is known from Firefox 140 (desktop; ESR 140 and later) and Firefox for
      // Android 142: web-ext lint warns when strict_min_version is below either (Android has no native
      // messaging, so pairing needs the manual code there)
      browser_specific_settings: {
        gecko: { id: GECKO_EXTENSION_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
        gecko_android: { strict_min_version: '142.0' },
      },
    };
  }
  return {
    ...common,
    key: CHROME_EXTENSION_PUBLIC_KEY,
    minimum_chrome_version: '120',
    background: { service_worker: 'src/background/index.ts', type: 'module' as const },
  };
}
