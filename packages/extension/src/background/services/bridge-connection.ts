/**
 * The one connection to the bridge: a secure WebSocket to wss://127.0.0.1:<port>, owned by the
 * service worker (pages and content scripts cannot reach loopback under Local Network Access).
 *
 * State machine (web-eid NativeAppService pattern):
 *   disconnected → connecting → (version-mismatch | not-paired ⇄ pairing | connected) → disconnected
 * A paired install opens the socket with the upgrade token in the URL (`?i=&t=&m=`, the
 * bridge's paired pool) and then answers the `hello` challenge; an unpaired one pairs through
 * the native-messaging host (automatically on the first connect, or from the popup) or with the
 * code `edefter pair` printed (`pair-code`). No bridge reply is ever shown as a code to compare.
 * Every wait has a timeout and a named error; every waiter removes itself when it settles.
 */
import {
  AUTH_LABEL,
  BridgeHello,
  BridgeMessage,
  EdefterError,
  ErrorCode,
  PROTOCOL_VERSION,
  PairCodeResult,
  PairCodeText,
  TIMEOUTS,
  base64ToBytes,
  bytesToBase64,
  compareProtocol,
  encodePinFrame,
  newRequestId,
  normalizePairCode,
  parseActionResult,
  upgradeQuery,
  fail,
  type ActionDef,
  type ParamsOf,
  type Progress,
  type ResultOf,
  type SerializedError,
} from '@edefter/protocol';
import { BROWSER } from '../../shared/browser.ts';
import { clearSettings, getSettings, setSettings } from '../../shared/settings.ts';
import { pairThroughNativeHost } from './native-pairing.ts';

/** Link states. */
export type LinkState = 'disconnected' | 'connecting' | 'version-mismatch' | 'not-paired' | 'pairing' | 'connected';

interface Waiter {
  resolve: (v: unknown) => void;
  reject: (e: EdefterError) => void;
  timer: ReturnType<typeof setTimeout>;
  timeoutMs: number;
  action: string;
  /** progress events of this request (bridge `event` name `progress`) */
  onProgress?: (p: Progress) => void;
}

/**
 * How pairing through the native host went last: `missing` = no host registered for this
 * browser (the popup offers the manual code), `failed` = the host or the bridge refused (`error`).
 */
export interface NativePairingInfo {
  state: 'untried' | 'working' | 'missing' | 'failed' | 'paired';
  error?: SerializedError;
}

/** Automatic pairing through the native host is tried at most this often (ms). */
const AUTO_PAIR_INTERVAL_MS = 60_000;

/** Options of one bridge request (see {@link BridgeConnection.call}). */
export interface RequestOptions {
  /** web origin the request acts for */
  origin?: string;
  /** wait this long for the reply after the ack (ms) */
  timeoutMs: number;
  /** PIN bytes sent right after the request as a binary frame; wiped here after sending */
  pin?: Uint8Array;
  /** called for each progress event of this request (phase, done/total, label) */
  onProgress?: (p: Progress) => void;
}

/** Options of {@link BridgeConnection.call}: those of a request, the timeout defaulting to the action's. */
export type CallOptions = Omit<RequestOptions, 'timeoutMs'> & { timeoutMs?: number };

const EXTENSION_VERSION = import.meta.env.VITE_EXTENSION_VERSION ?? '0.0.0';

/** Service that owns the WebSocket to the bridge. One instance per service worker. */
export class BridgeConnection {
  state: LinkState = 'disconnected';
  hello?: BridgeHello;
  lastError?: SerializedError;
  requiresUpdate?: 'extension' | 'bridge';
  private ws?: WebSocket;
  private connecting?: Promise<void>;
  private waiters = new Map<string, Waiter>();
  /** last native pairing attempt (popup) */
  native: NativePairingInfo = { state: 'untried' };
  private nativeRun?: Promise<void>;
  private autoRun?: Promise<void>;
  private lastAutoPair = 0;
  private keepalive?: ReturnType<typeof setInterval>;
  private lastUse = Date.now();
  /** called when the state changes (popup refresh) */
  onChange: () => void = () => {};
  /** true while work is pending that must keep the link (and the service worker) alive */
  busy: () => boolean = () => false;

  /**
   * Connects, says hello and authenticates with the stored secret. When the bridge does not
   * know this install, starts pairing through the native host by itself (see {@link autoPair};
   * not awaited here: the state is `pairing` meanwhile, and {@link ready} waits for it).
   * Resolves when connected, pairing or not-paired (then {@link pair} or {@link pairWithCode}).
   * @throws EdefterError BRIDGE_UNAVAILABLE, VERSION_MISMATCH, TIMEOUT
   */
  connect(): Promise<void> {
    if (this.state === 'connected' || this.state === 'not-paired' || this.state === 'pairing') return Promise.resolve();
    this.connecting ??= this.doConnect()
      .then(() => {
        this.autoRun ??= this.autoPair().finally(() => {
          this.autoRun = undefined;
        });
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  /**
   * Connects and insists on a paired, authenticated link.
   * @throws EdefterError NOT_PAIRED, BRIDGE_UNAVAILABLE, VERSION_MISMATCH
   */
  async ready(): Promise<void> {
    await this.connect();
    await this.pairingDone();
    if (this.state !== 'connected') throw fail('transport.notPaired');
  }

  /** Waits for a native pairing attempt in flight (automatic or the user's), if any. */
  private async pairingDone(): Promise<void> {
    if (this.autoRun) await this.autoRun;
    if (this.nativeRun) await this.nativeRun.catch(() => undefined);
  }

  private setState(s: LinkState): void {
    this.state = s;
    this.onChange();
  }

  private async doConnect(): Promise<void> {
    const settings = await getSettings();
    this.setState('connecting');
    this.lastError = undefined;
    try {
      const base = `wss://127.0.0.1:${settings.bridgePort}/`;
      // paired: a fresh upgrade token (one use, ±60 s) puts the socket in the bridge's paired pool
      const query = settings.pairingSecret ? `?${await upgradeQuery(base64ToBytes(settings.pairingSecret), settings.installId)}` : '';
      const ws = await this.open(base + query, base);
      this.ws = ws;
      const hello = BridgeHello.parse(
        await this.exchange(
          { t: 'hello', protocol: PROTOCOL_VERSION, extension: { version: EXTENSION_VERSION, browser: BROWSER }, installId: settings.installId },
          TIMEOUTS.bridgeConnectMs,
          'hello',
        ),
      );
      this.hello = hello;
      const cmp = compareProtocol(PROTOCOL_VERSION, hello.protocol);
      if (!cmp.compatible) {
        this.requiresUpdate = cmp.update === 'local' ? 'extension' : 'bridge';
        this.setState('version-mismatch');
        throw fail('transport.versionMismatch', { requiresUpdate: this.requiresUpdate, extension: PROTOCOL_VERSION, bridge: hello.protocol });
      }
      if (hello.paired && hello.challenge && settings.pairingSecret) {
        await this.authenticate(settings.installId, settings.pairingSecret, hello.challenge);
        this.setState('connected');
        await this.pushAllowlist();
      } else {
        if (!hello.paired && settings.pairingSecret) await setSettings({ pairingForgotten: true }).then(() => clearSettings(['pairingSecret']));
        this.setState('not-paired');
      }
      this.startKeepalive();
    } catch (e) {
      const err = e instanceof EdefterError ? e : fail('transport.bridgeUnavailable', { message: String(e) });
      this.lastError = err.toJSON();
      if (this.state !== 'version-mismatch') this.drop();
      throw err;
    }
  }

  /**
   * Opens the socket; rejects with BRIDGE_UNAVAILABLE (refused, TLS not trusted, timeout).
   * @param shown the URL named in errors (without the upgrade token)
   */
  private open(url: string, shown: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url);
      } catch (e) {
        reject(fail('transport.bridgeUnavailable', { message: String(e) }));
        return;
      }
      ws.binaryType = 'arraybuffer';
      const timer = setTimeout(() => {
        cleanup();
        ws.close();
        reject(fail('transport.bridgeUnavailable', { reason: 'timeout', url: shown }));
      }, TIMEOUTS.bridgeConnectMs);
      const onOpen = (): void => {
        cleanup();
        ws.addEventListener('message', (ev) => this.onMessage(ev));
        ws.addEventListener('close', () => this.onClose(ws));
        resolve(ws);
      };
      const onError = (): void => {
        cleanup();
        reject(fail('transport.bridgeUnavailable', { reason: 'connect-failed', url: shown }));
      };
      function cleanup(): void {
        clearTimeout(timer);
        ws.removeEventListener('open', onOpen);
        ws.removeEventListener('error', onError);
      }
      ws.addEventListener('open', onOpen);
      ws.addEventListener('error', onError);
    });
  }

  private onClose(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.drop();
  }

  /** Forgets the socket and fails every waiter with BRIDGE_UNAVAILABLE. */
  private drop(): void {
    const ws = this.ws;
    this.ws = undefined;
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = undefined;
    for (const [id, w] of this.waiters) {
      clearTimeout(w.timer);
      w.reject(fail('transport.bridgeUnavailable', { reason: 'closed', action: w.action }));
      this.waiters.delete(id);
    }
    try {
      ws?.close();
    } catch {
      /* already closed */
    }
    if (this.state !== 'version-mismatch') this.setState('disconnected');
  }

  /** Closes the link on purpose (settings changed, idle). */
  close(): void {
    this.drop();
  }

  private onMessage(ev: MessageEvent): void {
    this.lastUse = Date.now();
    if (typeof ev.data !== 'string') return;
    let msg: BridgeMessage;
    try {
      msg = BridgeMessage.parse(JSON.parse(ev.data));
    } catch {
      return;
    }
    if (msg.t === 'event') {
      if ('id' in msg && msg.name === 'progress') {
        const { phase, done, total, unit, label } = msg;
        try {
          this.waiters.get(msg.id)?.onProgress?.({ phase, done, total, unit, ...(label !== undefined ? { label } : {}) });
        } catch {
          /* a listener's problem */
        }
      } else if (msg.name === 'unpaired') void this.forgetLocally();
      return;
    }
    const w = this.waiters.get(msg.id);
    if (!w) return;
    if (msg.t === 'ack') {
      clearTimeout(w.timer);
      w.timer = setTimeout(() => this.fail(msg.id, fail('transport.timeout', { action: w.action, timeoutMs: w.timeoutMs })), w.timeoutMs);
      return;
    }
    clearTimeout(w.timer);
    this.waiters.delete(msg.id);
    if (msg.t === 'hello') w.resolve(msg);
    else if (msg.ok) w.resolve(msg.result);
    else w.reject(EdefterError.fromJSON(msg.error as SerializedError));
  }

  private fail(id: string, e: EdefterError): void {
    const w = this.waiters.get(id);
    if (!w) return;
    this.waiters.delete(id);
    w.reject(e);
  }

  /**
   * Sends one JSON message with a fresh id and waits for its reply.
   * @param firstWaitMs wait for the ack (requests) or the reply (others)
   */
  private exchange(
    msg: Record<string, unknown>,
    firstWaitMs: number,
    action: string,
    replyTimeoutMs = firstWaitMs,
    pin?: Uint8Array,
    onProgress?: (p: Progress) => void,
  ): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(fail('transport.bridgeUnavailable', { reason: 'not-open' }));
    const id = newRequestId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(id, fail('transport.timeout', { action, timeoutMs: firstWaitMs })), firstWaitMs);
      this.waiters.set(id, { resolve, reject, timer, timeoutMs: replyTimeoutMs, action, ...(onProgress ? { onProgress } : {}) });
      this.lastUse = Date.now();
      ws.send(JSON.stringify({ ...msg, id }));
      if (pin) {
        const frame = encodePinFrame(id, pin);
        ws.send(frame);
        frame.fill(0);
        pin.fill(0);
      }
    });
  }

  private async authenticate(installId: string, secretB64: string, challengeB64: string): Promise<void> {
    const secret = base64ToBytes(secretB64);
    const key = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    secret.fill(0);
    const data = new TextEncoder().encode(`${AUTH_LABEL}|${challengeB64}|${installId}`);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
    try {
      await this.exchange({ t: 'auth', installId, mac: bytesToBase64(mac) }, TIMEOUTS.bridgeConnectMs, 'auth');
    } catch (e) {
      if (e instanceof EdefterError && e.code === ErrorCode.NotPaired) {
        await setSettings({ pairingForgotten: true });
        await clearSettings(['pairingSecret']);
        this.setState('not-paired');
      }
      throw e;
    }
  }

  /**
   * Sends one request by wire name and waits for its raw reply (unchecked): {@link call} is the typed way in.
   * @throws EdefterError from the bridge, or TIMEOUT / BRIDGE_UNAVAILABLE / NOT_PAIRED
   */
  private async request(action: string, params: unknown, opts: RequestOptions): Promise<unknown> {
    await this.ready();
    return await this.exchange(
      { t: 'request', action, params, ...(opts.origin ? { origin: opts.origin } : {}) },
      TIMEOUTS.bridgeAckMs,
      action,
      opts.timeoutMs,
      opts.pin,
      opts.onProgress,
    );
  }

  /**
   * Runs a bridge action by its protocol definition: params typed by the definition's params schema
   * (zod input), the reply read with its result schema (typed zod output). `timeoutMs` defaults to
   * the definition's own.
   * @throws EdefterError from the bridge, TIMEOUT / BRIDGE_UNAVAILABLE / NOT_PAIRED, or a ZodError when
   *   the reply does not fit the result schema
   */
  async call<D extends ActionDef>(def: D, params: ParamsOf<D>, opts: CallOptions = {}): Promise<ResultOf<D>> {
    const reply = await this.request(def.name, params, { ...opts, timeoutMs: opts.timeoutMs ?? def.timeoutMs });
    return parseActionResult(def, reply);
  }

  /** Sends the user's allowed sites to the bridge's copy. */
  async pushAllowlist(): Promise<void> {
    if (this.state !== 'connected') return;
    const { allowedOrigins } = await getSettings();
    await this.exchange(
      { t: 'request', action: 'allowlist-set', params: { origins: allowedOrigins } },
      TIMEOUTS.bridgeAckMs,
      'allowlist-set',
      TIMEOUTS.shortRequestMs,
    );
  }

  /**
   * The user's "Eşleştir": pairs through the native-messaging host (see {@link pairNative}).
   * When the host is missing the popup offers the manual code instead ({@link pairWithCode}).
   * @throws EdefterError BRIDGE_UNAVAILABLE, VERSION_MISMATCH, or the host's / bridge's refusal
   */
  async pair(): Promise<void> {
    await clearSettings(['pairingForgotten']);
    await this.connect();
    await this.pairingDone();
    if (this.state === 'connected') return;
    if (this.state !== 'not-paired') throw this.lastError ? EdefterError.fromJSON(this.lastError) : fail('transport.bridgeUnavailable');
    await this.pairNative();
    if (this.native.state === 'failed' && this.native.error) throw EdefterError.fromJSON(this.native.error);
  }

  /**
   * One pairing attempt through the native host; shared by concurrent callers. On success the
   * secret is stored and the link reconnects as a paired install (upgrade token, then `auth`).
   * Failures are kept in {@link native} (the popup shows them and the manual fallback).
   */
  private pairNative(): Promise<void> {
    this.nativeRun ??= (async () => {
      const { installId } = await getSettings();
      this.native = { state: 'working' };
      this.setState('pairing');
      const out = await pairThroughNativeHost(installId);
      if (!out.ok) {
        this.native = { state: out.missing ? 'missing' : 'failed', error: out.error.toJSON() };
        if (this.state === 'pairing') this.setState(this.ws ? 'not-paired' : 'disconnected');
        return;
      }
      this.native = { state: 'paired' };
      await this.adoptSecret(out.secret);
    })().finally(() => {
      this.nativeRun = undefined;
    });
    return this.nativeRun;
  }

  /**
   * Manual fallback: the code `edefter pair` printed in the user's own session, sent over the
   * WebSocket right after `hello` (unpaired). The bridge answers with the per-install secret.
   * @param typed what the user typed (spaces, dashes and case do not matter)
   * @throws EdefterError BAD_INPUT (not 8 symbols of the code alphabet), PAIRING_REJECTED (wrong or expired code)
   */
  async pairWithCode(typed: string): Promise<void> {
    const code = normalizePairCode(typed);
    if (!PairCodeText.safeParse(code).success) throw fail('extension.pairCodeInvalid', { field: 'code' });
    await clearSettings(['pairingForgotten']);
    await this.connect();
    await this.pairingDone();
    // the bridge closes an unauthenticated socket after ~10 s: open a fresh one when it went
    if (this.state === 'not-paired' && (!this.ws || this.ws.readyState !== WebSocket.OPEN)) {
      this.drop();
      await this.connect();
      await this.pairingDone();
    }
    if (this.state === 'connected') return;
    if (this.state !== 'not-paired') throw this.lastError ? EdefterError.fromJSON(this.lastError) : fail('transport.bridgeUnavailable');
    const { installId } = await getSettings();
    this.setState('pairing');
    try {
      const res = PairCodeResult.parse(await this.exchange({ t: 'pair-code', installId, code }, TIMEOUTS.pairingMs, 'pair-code'));
      await this.adoptSecret(res.secret);
    } catch (e) {
      if ((this.state as LinkState) === 'pairing') this.setState(this.ws ? 'not-paired' : 'disconnected');
      throw e;
    }
  }

  /** Stores a fresh per-install secret and reconnects as a paired install (the unauthenticated socket goes). */
  private async adoptSecret(secret: string): Promise<void> {
    await setSettings({ pairingSecret: secret });
    await clearSettings(['pairingForgotten']);
    this.drop();
    await this.doConnect();
  }

  /**
   * "Eşleştirmeyi unut": asks the bridge to forget this install (WSS `unpair`, best effort),
   * then forgets the secret here. The extension does not pair again by itself afterwards; the
   * user's "Eşleştir" (or a code) does.
   */
  async forgetPairing(): Promise<void> {
    if (this.state === 'connected') {
      const { installId } = await getSettings();
      await this.exchange({ t: 'unpair', installId }, TIMEOUTS.bridgeAckMs, 'unpair').catch(() => undefined);
    }
    await this.forgetLocally();
  }

  /** The bridge no longer knows this install (revoked, or told us so): drop the secret, no automatic re-pairing. */
  private async forgetLocally(): Promise<void> {
    await setSettings({ pairingForgotten: true });
    await clearSettings(['pairingSecret']);
    this.native = { state: 'untried' };
    this.drop();
  }

  /**
   * Automatic pairing on connect: when the bridge does not know this install and the user has
   * not forgotten a pairing, try the native host once (at most once a minute). Errors stay in
   * {@link native}; nothing is thrown.
   */
  private async autoPair(): Promise<void> {
    if (this.state !== 'not-paired' || Date.now() - this.lastAutoPair < AUTO_PAIR_INTERVAL_MS) return;
    const { pairingForgotten } = await getSettings();
    if (pairingForgotten) return;
    this.lastAutoPair = Date.now();
    await this.pairNative().catch(() => undefined);
  }

  /**
   * While the link is open: ping every 20 s when busy (WebSocket traffic keeps an MV3 service
   * worker alive) and close after 60 s without work so the worker may sleep.
   */
  private startKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = setInterval(() => {
      if (this.busy() || this.state === 'pairing') {
        if (this.state === 'connected')
          void this.exchange({ t: 'request', action: 'status', params: {} }, TIMEOUTS.bridgeAckMs, 'status', TIMEOUTS.shortRequestMs).catch(() => undefined);
      } else if (Date.now() - this.lastUse > 60_000) {
        this.drop();
      }
    }, 20_000);
  }
}
