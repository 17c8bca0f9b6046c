/**
 * Identity of the one browser extension the bridge talks to.
 *
 * Chrome derives an extension's id from the public key in its manifest (`key`): the first
 * 128 bits of SHA-256(SubjectPublicKeyInfo DER), each hex digit mapped 0-f → a-p. We generated
 * that RSA-2048 key pair once, committed only the public half (below) and threw the private
 * half away: nobody needs it for unpacked/self-hosted builds, and the Chrome Web Store signs
 * packages with its own key (publishing there means replacing this key and id together).
 *
 * Firefox gives every install a random `moz-extension://<uuid>` origin, so the gecko id
 * below cannot be pinned in the Origin header; the bridge accepts a `moz-extension:` origin
 * only through pairing (see docs/bridge.md).
 */

/** Base64 DER SubjectPublicKeyInfo put into the Chrome manifest as `key`. */
export const CHROME_EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApCJxTV44Crazzkbdyfbj9EQwadKBpmkp3O5xzT8FSPw+XkETtm57dhbeyLut/luttqdjifcEQJSiplzItKtIwdrDpimN5860cASszUhCq22tIKhQBnGUwIdBOK2Fzh1RGAGni+6rNYsKxH1BKPxzgZ/rB7g66WMjTE4g4/tNt7l8jjzzkvnMm2pd3jN3niLFJawwYvhDlVV2HpSOyzxmHQmLZW2S9FCmTD49hf9VdlXBWC5Y25WaFwPNmr6ay2/KgdU27yhPOmnP/QXO/oIMUTs8raO2C36y+dG15jrr6A2gX29ageBfUc8eDaziVr54umV8v3En/nwL4IfInyHzIQIDAQAB';

/** Chrome/Chromium extension id that follows from {@link CHROME_EXTENSION_PUBLIC_KEY}. */
export const CHROME_EXTENSION_ID = 'gkoelngkgfgdhbllmnfnphadnnmicfdj';

/** Firefox add-on id (`browser_specific_settings.gecko.id`). */
export const GECKO_EXTENSION_ID = 'edefter-bridge@edefter.local';

/** Origin of the Chrome extension's pages and service worker. */
export const CHROME_EXTENSION_ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}`;
