import { describe, expect, it } from 'vitest';
import {
  BridgeHello,
  ClientMessage,
  EdefterError,
  PROTOCOL_VERSION,
  PageRequest,
  WebOrigin,
  compareProtocol,
  decodePinFrame,
  encodePinFrame,
  isAcceptableWebOrigin,
  newRequestId,
  upgradeToken,
  upgradeQuery,
  normalizePairCode,
  PairCodeText,
  fail,
  requiresUpdate,
  serializeError,
  signDocuments,
  base64ToBytes,
  bytesToBase64,
  PAGE_ACTIONS,
  BRIDGE_ACTIONS,
  CHROME_EXTENSION_ID,
  CHROME_EXTENSION_PUBLIC_KEY,
} from '@edefter/protocol';
import { createHash, createHmac } from 'node:crypto';

describe('version handshake', () => {
  it('same major is compatible, otherwise the lower major must update', () => {
    expect(compareProtocol('1.0.0', '1.7.3')).toEqual({ compatible: true });
    expect(compareProtocol('1.2.0', '2.0.0')).toEqual({ compatible: false, update: 'local' });
    expect(compareProtocol('3.0.0', '2.9.9')).toEqual({ compatible: false, update: 'remote' });
    expect(requiresUpdate({ component: 'extension', protocol: '1.0.0' }, { component: 'bridge', protocol: '2.0.0' })).toBe('extension');
    expect(requiresUpdate({ component: 'library', protocol: '2.1.0' }, { component: 'extension', protocol: '1.0.0' })).toBe('extension');
    expect(requiresUpdate({ component: 'library', protocol: PROTOCOL_VERSION }, { component: 'bridge', protocol: PROTOCOL_VERSION })).toBeUndefined();
  });
});

describe('origins', () => {
  it('accepts https origins and loopback http only', () => {
    for (const o of ['https://portal.example.com', 'https://a.b:8443', 'http://127.0.0.1:8080', 'http://localhost:3000'])
      expect(isAcceptableWebOrigin(o), o).toBe(true);
    for (const o of [
      'http://portal.example.com',
      'https://a.b/',
      'https://a.b/path',
      'file:///x',
      'null',
      'chrome-extension://abc',
      'https://user@a.b',
      'javascript:alert(1)',
    ])
      expect(isAcceptableWebOrigin(o), o).toBe(false);
    expect(WebOrigin.safeParse('https://x.com').success).toBe(true);
  });
});

describe('upgrade token', () => {
  it('is base64url HMAC-SHA256(secret, "edefter-upgrade|<installId>|<t>") and the query carries i, t, m', async () => {
    const secret = new Uint8Array(32).fill(7);
    const id = 'a'.repeat(32);
    const m = await upgradeToken(secret, id, 1_700_000_000_000);
    const expected = createHmac('sha256', Buffer.from(secret)).update(`edefter-upgrade|${id}|1700000000000`).digest('base64url');
    expect(m).toBe(expected);
    expect(await upgradeQuery(secret, id, 1_700_000_000_000.7)).toBe(`i=${id}&t=1700000000000&m=${expected}`);
  });
});

describe('manual pairing code', () => {
  it('normalises typing and accepts only the unambiguous alphabet', () => {
    expect(normalizePairCode('abcd-ef23 ')).toBe('ABCDEF23');
    expect(PairCodeText.safeParse('ABCDEF23').success).toBe(true);
    for (const bad of ['ABCDEF2', 'ABCDEFI3', 'ABCDEFO3', 'ABCDEF13', 'abcdef23']) expect(PairCodeText.safeParse(bad).success, bad).toBe(false);
  });
});

describe('PIN frame', () => {
  it('round-trips and rejects garbage', () => {
    const id = newRequestId();
    const pin = new TextEncoder().encode('123456');
    const f = encodePinFrame(id, pin);
    const d = decodePinFrame(f)!;
    expect(d.id).toBe(id);
    expect(new TextDecoder().decode(d.pin)).toBe('123456');
    expect(decodePinFrame(new Uint8Array([0x50, 1, 2]))).toBeUndefined();
    expect(decodePinFrame(new Uint8Array(40))).toBeUndefined();
  });
});

describe('messages', () => {
  it('validates the page request and the sign-documents parameters', () => {
    const ok = {
      channel: 'edefter-bridge',
      direction: 'to-extension',
      type: 'request',
      id: newRequestId(),
      action: 'status',
      params: {},
      library: { version: '0.1.0', protocol: PROTOCOL_VERSION },
    };
    expect(PageRequest.safeParse(ok).success).toBe(true);
    expect(PageRequest.safeParse({ ...ok, id: 'x' }).success).toBe(false);
    const doc = { name: '6090408038-202610-Y-000000.xml', kind: 'yevmiye', bytes: bytesToBase64(new TextEncoder().encode('<a/>')) };
    expect(signDocuments.params.safeParse({ documents: [doc] }).success).toBe(true);
    expect(signDocuments.params.safeParse({ documents: [{ ...doc, name: '../etc/passwd' }] }).success).toBe(false);
    expect(signDocuments.params.safeParse({ documents: [{ ...doc, kind: 'fatura' }] }).success).toBe(false);
    expect(signDocuments.params.safeParse({ documents: [] }).success).toBe(false);
    expect(signDocuments.params.safeParse({ documents: [doc], options: { timestamp: true, pin: '1234' } }).success).toBe(false);
  });
  it('bridge messages: hello and requests', () => {
    expect(
      ClientMessage.safeParse({
        t: 'hello',
        id: newRequestId(),
        protocol: '1.0.0',
        extension: { version: '0.1.0', browser: 'chrome' },
        installId: newRequestId(),
      }).success,
    ).toBe(true);
    expect(ClientMessage.safeParse({ t: 'request', id: newRequestId(), action: 'token-list', origin: 'https://evil.example/', params: {} }).success).toBe(
      false,
    );
    expect(
      BridgeHello.safeParse({
        t: 'hello',
        id: newRequestId(),
        protocol: '1.0.0',
        bridge: { version: '0.1.0' },
        paired: false,
        tsaConfigured: false,
        testMode: false,
      }).success,
    ).toBe(true);
  });
  it('every action is registered under its own name', () => {
    for (const [k, v] of Object.entries(PAGE_ACTIONS)) expect(v.name).toBe(k);
    for (const [k, v] of Object.entries(BRIDGE_ACTIONS)) expect(v.def.name).toBe(k);
  });
});

describe('errors across hops', () => {
  it('keep code and texts; foreign errors become INTERNAL without stack', () => {
    const e = fail('transport.originNotAllowed', { origin: 'https://x.com' });
    const back = EdefterError.fromJSON(JSON.parse(JSON.stringify(serializeError(e))));
    expect(back.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(back.tr).toMatch(/site/);
    expect(back.details).toEqual({ origin: 'https://x.com' });
    const s = serializeError(new TypeError('boom'));
    expect(s.code).toBe('INTERNAL');
    expect(JSON.stringify(s)).not.toMatch(/at .*\.ts/);
  });
});

describe('bytes and ids', () => {
  it('base64 round trip (large) and 128-bit ids', () => {
    const b = new Uint8Array(200_000).map((_, i) => (i * 31) & 255);
    expect(Buffer.from(base64ToBytes(bytesToBase64(b))).equals(Buffer.from(b))).toBe(true);
    expect(bytesToBase64(b)).toBe(Buffer.from(b).toString('base64'));
    const ids = new Set(Array.from({ length: 1000 }, newRequestId));
    expect(ids.size).toBe(1000);
  });
  it('pinned Chrome id follows from the manifest key', () => {
    const h = createHash('sha256').update(Buffer.from(CHROME_EXTENSION_PUBLIC_KEY, 'base64')).digest('hex').slice(0, 32);
    expect([...h].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('')).toBe(CHROME_EXTENSION_ID);
  });
});
