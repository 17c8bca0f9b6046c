/**
 * The one connection to the bridge: a secure WebSocket to wss://127.0.0.1:<port>, owned by the
 * service worker (pages and content scripts cannot reach loopback under Local Network Access).
 *
 * State machine (web-eid NativeAppService pattern):
 *   disconnected → connecting → (version-mismatch | not-paired ⇄ pairing | connected) → disconnected
 * Every wait has a timeout and a named error; every waiter removes itself when it settles.
 */
import {
  AUTH_LABEL, BridgeHello, BridgeMessage, EdefterError, ErrorCode, PROTOCOL_VERSION, PairBeginResult,
  PairConfirmResult, TIMEOUTS, base64ToBytes, bytesToBase64, compareProtocol, encodePinFrame,
  newRequestId, pairingCode, protocolError, type SerializedError,
} from '@edefter/protocol';
import { BROWSER } from '../../shared/browser.ts';
import { clearSettings, getSettings, setSettings } from '../../shared/settings.ts';

/** Link states. */
export type LinkState = 'disconnected' | 'connecting' | 'version-mismatch' | 'not-paired' | 'pairing' | 'connected';

interface Waiter {
  resolve: (v: unknown) => void;
  reject: (e: EdefterError) => void;
  timer: ReturnType<typeof setTimeout>;
  timeoutMs: number;
  action: string;
}

/** Options of {@link BridgeConnection.request}. */
export interface RequestOptions {
  /** web origin the request acts for */
  origin?: string;
  /** wait this long for the reply after the ack (ms) */
  timeoutMs: number;
  /** PIN bytes sent right after the request as a binary frame; wiped here after sending */
  pin?: Uint8Array;
}

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
  private pairing?: { nonce: Uint8Array; code: string };
  private keepalive?: ReturnType<typeof setInterval>;
  private lastUse = Date.now();
  /** called when the state changes (popup refresh) */
  onChange: () => void = () => {};
  /** true while work is pending that must keep the link (and the service worker) alive */
  busy: () => boolean = () => false;

  /**
   * Connects, says hello and authenticates with the stored secret.
   * Resolves when connected or not-paired (call {@link beginPairing} then).
   * @throws EdefterError BRIDGE_UNAVAILABLE, VERSION_MISMATCH, TIMEOUT
   */
  connect(): Promise<void> {
    if (this.state === 'connected' || this.state === 'not-paired' || this.state === 'pairing') return Promise.resolve();
    this.connecting ??= this.doConnect().finally(() => { this.connecting = undefined; });
    return this.connecting;
  }

  /**
   * Connects and insists on a paired, authenticated link.
   * @throws EdefterError NOT_PAIRED, BRIDGE_UNAVAILABLE, VERSION_MISMATCH
   */
  async ready(): Promise<void> {
    await this.connect();
    if (this.state !== 'connected') throw protocolError(ErrorCode.NotPaired);
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
      const ws = await this.open(`wss://127.0.0.1:${settings.bridgePort}/`);
      this.ws = ws;
      const hello = BridgeHello.parse(await this.exchange({ t: 'hello', protocol: PROTOCOL_VERSION, extension: { version: EXTENSION_VERSION, browser: BROWSER }, installId: settings.installId }, TIMEOUTS.bridgeConnectMs, 'hello'));
      this.hello = hello;
      const cmp = compareProtocol(PROTOCOL_VERSION, hello.protocol);
      if (!cmp.compatible) {
        this.requiresUpdate = cmp.update === 'local' ? 'extension' : 'bridge';
        this.setState('version-mismatch');
        throw protocolError(ErrorCode.VersionMismatch, { requiresUpdate: this.requiresUpdate, extension: PROTOCOL_VERSION, bridge: hello.protocol });
      }
      if (hello.paired && hello.challenge && settings.pairingSecret) {
        await this.authenticate(settings.installId, settings.pairingSecret, hello.challenge);
        this.setState('connected');
        await this.pushAllowlist();
      } else {
        if (!hello.paired && settings.pairingSecret) await clearSettings(['pairingSecret']);
        this.setState('not-paired');
      }
      this.startKeepalive();
    } catch (e) {
      const err = e instanceof EdefterError ? e : protocolError(ErrorCode.BridgeUnavailable, { message: String(e) });
      this.lastError = err.toJSON();
      if (this.state !== 'version-mismatch') this.drop();
      throw err;
    }
  }

  /** Opens the socket; rejects with BRIDGE_UNAVAILABLE (refused, TLS not trusted, timeout). */
  private open(url: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try { ws = new WebSocket(url); } catch (e) { reject(protocolError(ErrorCode.BridgeUnavailable, { message: String(e) })); return; }
      ws.binaryType = 'arraybuffer';
      const timer = setTimeout(() => { cleanup(); ws.close(); reject(protocolError(ErrorCode.BridgeUnavailable, { reason: 'timeout', url })); }, TIMEOUTS.bridgeConnectMs);
      const onOpen = (): void => { cleanup(); ws.addEventListener('message', (ev) => this.onMessage(ev)); ws.addEventListener('close', () => this.onClose(ws)); resolve(ws); };
      const onError = (): void => { cleanup(); reject(protocolError(ErrorCode.BridgeUnavailable, { reason: 'connect-failed', url })); };
      function cleanup(): void { clearTimeout(timer); ws.removeEventListener('open', onOpen); ws.removeEventListener('error', onError); }
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
    this.pairing = undefined;
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = undefined;
    for (const [id, w] of this.waiters) { clearTimeout(w.timer); w.reject(protocolError(ErrorCode.BridgeUnavailable, { reason: 'closed', action: w.action })); this.waiters.delete(id); }
    try { ws?.close(); } catch { /* already closed */ }
    if (this.state !== 'version-mismatch') this.setState('disconnected');
  }

  /** Closes the link on purpose (settings changed, idle). */
  close(): void { this.drop(); }

  private onMessage(ev: MessageEvent): void {
    this.lastUse = Date.now();
    if (typeof ev.data !== 'string') return;
    let msg: BridgeMessage;
    try { msg = BridgeMessage.parse(JSON.parse(ev.data)); } catch { return; }
    if (msg.t === 'event') { if (msg.name === 'unpaired') void this.forgetPairing(); return; }
    const w = this.waiters.get(msg.id);
    if (!w) return;
    if (msg.t === 'ack') {
      clearTimeout(w.timer);
      w.timer = setTimeout(() => this.fail(msg.id, protocolError(ErrorCode.Timeout, { action: w.action, timeoutMs: w.timeoutMs })), w.timeoutMs);
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
  private exchange(msg: Record<string, unknown>, firstWaitMs: number, action: string, replyTimeoutMs = firstWaitMs, pin?: Uint8Array): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(protocolError(ErrorCode.BridgeUnavailable, { reason: 'not-open' }));
    const id = newRequestId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(id, protocolError(ErrorCode.Timeout, { action, timeoutMs: firstWaitMs })), firstWaitMs);
      this.waiters.set(id, { resolve, reject, timer, timeoutMs: replyTimeoutMs, action });
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
      if (e instanceof EdefterError && e.code === ErrorCode.NotPaired) { await clearSettings(['pairingSecret']); this.setState('not-paired'); }
      throw e;
    }
  }

  /**
   * Runs a bridge action.
   * @throws EdefterError from the bridge, or TIMEOUT / BRIDGE_UNAVAILABLE / NOT_PAIRED
   */
  async request<T = unknown>(action: string, params: unknown, opts: RequestOptions): Promise<T> {
    await this.ready();
    return (await this.exchange({ t: 'request', action, params, ...(opts.origin ? { origin: opts.origin } : {}) }, TIMEOUTS.bridgeAckMs, action, opts.timeoutMs, opts.pin)) as T;
  }

  /** Sends the user's allowed sites to the bridge's copy. */
  async pushAllowlist(): Promise<void> {
    if (this.state !== 'connected') return;
    const { allowedOrigins } = await getSettings();
    await this.exchange({ t: 'request', action: 'allowlist-set', params: { origins: allowedOrigins } }, TIMEOUTS.bridgeAckMs, 'allowlist-set', TIMEOUTS.shortRequestMs);
  }

  /**
   * Starts pairing: sends a random nonce, gets the bridge's nonce and code, and checks that the
   * code the bridge computed equals ours (both derive it from both nonces).
   * @returns the 6-digit code to show; the bridge prints the same one
   */
  async beginPairing(): Promise<string> {
    await this.connect();
    if (this.state === 'connected') throw protocolError(ErrorCode.BadInput, { reason: 'already-paired' });
    const { installId } = await getSettings();
    const nonce = crypto.getRandomValues(new Uint8Array(32));
    const res = PairBeginResult.parse(await this.exchange({ t: 'pair-begin', installId, nonce: bytesToBase64(nonce) }, TIMEOUTS.bridgeConnectMs, 'pair-begin'));
    const code = await pairingCode(installId, base64ToBytes(res.bridgeNonce), nonce);
    if (code !== res.code) throw protocolError(ErrorCode.PairingRejected, { reason: 'code-mismatch' });
    this.pairing = { nonce, code };
    this.setState('pairing');
    return code;
  }

  /** The code being compared, while pairing. */
  get pairingCode(): string | undefined { return this.pairing?.code; }

  /** The user confirmed the code: finish pairing and store the per-install secret. */
  async confirmPairing(): Promise<void> {
    if (!this.pairing) throw protocolError(ErrorCode.PairingRejected, { reason: 'no-pairing' });
    const { installId } = await getSettings();
    const res = PairConfirmResult.parse(await this.exchange({ t: 'pair-confirm', installId, code: this.pairing.code }, TIMEOUTS.pairingMs, 'pair-confirm'));
    await setSettings({ pairingSecret: res.secret });
    this.pairing = undefined;
    this.setState('connected');
    await this.pushAllowlist();
  }

  /** The user refused the code: drop the link (the bridge forgets the attempt). */
  cancelPairing(): void {
    this.pairing = undefined;
    this.drop();
  }

  /** Forgets the stored secret (user action, or the bridge said it forgot us). */
  async forgetPairing(): Promise<void> {
    await clearSettings(['pairingSecret']);
    this.drop();
  }

  /**
   * While the link is open: ping every 20 s when busy (WebSocket traffic keeps an MV3 service
   * worker alive) and close after 60 s without work so the worker may sleep.
   */
  private startKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = setInterval(() => {
      if (this.busy() || this.state === 'pairing') {
        if (this.state === 'connected') void this.exchange({ t: 'request', action: 'status', params: {} }, TIMEOUTS.bridgeAckMs, 'status', TIMEOUTS.shortRequestMs).catch(() => undefined);
      } else if (Date.now() - this.lastUse > 60_000) {
        this.drop();
      }
    }, 20_000);
  }
}
