/**
 * One WebSocket client (the extension's service worker), as a state machine:
 *
 *   await-hello ──hello──▶ await-auth (install known: challenge sent) ──auth ok──▶ ready
 *        │                  unpaired (install unknown) ──pair-begin──▶ pairing ──pair-confirm──▶ ready
 *        └─ timeouts: hello within 5 s, auth within 5 s; a failed auth closes the socket.
 *
 * In `ready`, each `request` is acked, validated against its action's schema, checked for the
 * web origin (present where required, on the install's allowed sites — the bridge's own copy),
 * run, and answered with exactly one `reply`. The only binary frame accepted is a PIN for a
 * pending `session-open`; it is copied out and the received buffer is zeroed at once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebSocket, RawData } from 'ws';
import {
  AUTH_LABEL, BRIDGE_ACTIONS, ClientMessage, EdefterError, ErrorCode, PROTOCOL_VERSION, TIMEOUTS,
  compareProtocol, decodePinFrame, isBridgeAction, pairingCode, protocolError, serializeError,
  type ClientHello, type ClientRequest, type PairBegin, type PairConfirm,
} from '@edefter/protocol';
import { BRIDGE_HANDLERS, type ServerContext } from './actions/index.ts';
import { clientError } from './client-error.ts';
import type { ExtensionClient } from './guards.ts';
import { SessionStore } from './sessions.ts';
import { tsaConfigured } from './timestamp.ts';

/** Connection states. */
export type ConnState = 'await-hello' | 'await-auth' | 'unpaired' | 'pairing' | 'ready' | 'closed';

/** How pairing is confirmed on the bridge side (see docs/bridge.md). */
export interface PairingPolicy {
  /**
   * Resolves true when the bridge side accepts the pairing code (console prompt), or at once
   * when the extension's confirmation is enough for this client.
   */
  confirm(code: string, client: ExtensionClient): Promise<boolean>;
}

const HELLO_TIMEOUT_MS = 5_000;

/** Serves one WebSocket. */
export class ClientConnection {
  state: ConnState = 'await-hello';
  installId?: string;
  readonly sessions: SessionStore;
  private challenge?: string;
  private pairing?: { code: string; expires: number };
  private pinWaiters = new Map<string, { resolve: (b: Buffer) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private earlyPins = new Map<string, { pin: Buffer; timer: ReturnType<typeof setTimeout> }>();
  private stateTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly ws: WebSocket,
    private readonly client: ExtensionClient,
    private readonly server: ServerContext,
    private readonly pairingPolicy: PairingPolicy,
  ) {
    this.sessions = new SessionStore(TIMEOUTS.sessionIdleMs, () => this.server.log.info('Boşta kalan oturum kapandı / idle session closed'));
    this.armStateTimer(HELLO_TIMEOUT_MS, 'hello-timeout');
    ws.on('message', (data: RawData, isBinary: boolean) => { void this.onMessage(data, isBinary); });
    ws.on('close', () => { void this.onClose(); });
    ws.on('error', () => { /* close follows */ });
  }

  private armStateTimer(ms: number, reason: string): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => this.terminate(4000, reason), ms);
    this.stateTimer.unref?.();
  }

  private terminate(code: number, reason: string): void {
    this.server.log.warn('Bağlantı kapatıldı / connection closed', { reason, client: this.client.origin });
    try { this.ws.close(code, reason); } catch { /* already closed */ }
  }

  private async onClose(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.stateTimer);
    for (const w of this.pinWaiters.values()) { clearTimeout(w.timer); w.reject(protocolError(ErrorCode.PinRequired)); }
    this.pinWaiters.clear();
    for (const e of this.earlyPins.values()) { clearTimeout(e.timer); e.pin.fill(0); }
    this.earlyPins.clear();
    await this.sessions.closeAll();
  }

  private send(msg: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private reply(id: string, result: unknown): void { this.send({ t: 'reply', id, ok: true, result }); }
  private replyError(id: string, e: unknown): void { this.send({ t: 'reply', id, ok: false, error: clientError(serializeError(e)) }); }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) { this.onBinary(buf); return; }
    let raw: unknown;
    try { raw = JSON.parse(buf.toString('utf8')); } catch { raw = undefined; }
    const parsed = ClientMessage.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '0'.repeat(32);
    if (!parsed.success) { this.replyError(id, protocolError(ErrorCode.ProtocolError)); return; }
    const msg = parsed.data;
    try {
      if (msg.t === 'hello') await this.onHello(msg);
      else if (msg.t === 'auth') await this.onAuth(msg.id, msg.installId, msg.mac);
      else if (msg.t === 'pair-begin') await this.onPairBegin(msg);
      else if (msg.t === 'pair-confirm') await this.onPairConfirm(msg);
      else await this.onRequest(msg);
    } catch (e) {
      this.replyError(msg.id, e);
    }
  }

  /**
   * PIN frame: copy the PIN to a fresh Buffer for its waiter (or park it briefly when it
   * overtakes its request's handler), and zero the received bytes.
   */
  private onBinary(buf: Buffer): void {
    const frame = this.state === 'ready' ? decodePinFrame(buf) : undefined;
    if (frame) {
      const pin = Buffer.alloc(frame.pin.length);
      pin.set(frame.pin);
      const waiter = this.pinWaiters.get(frame.id);
      if (waiter) {
        this.pinWaiters.delete(frame.id);
        clearTimeout(waiter.timer);
        waiter.resolve(pin);
      } else if (this.earlyPins.size < 4) {
        const timer = setTimeout(() => { this.earlyPins.get(frame.id)?.pin.fill(0); this.earlyPins.delete(frame.id); }, TIMEOUTS.bridgeAckMs);
        timer.unref?.();
        this.earlyPins.set(frame.id, { pin, timer });
      } else {
        pin.fill(0);
      }
    }
    buf.fill(0);
  }

  private takePin(id: string, timeoutMs: number): Promise<Buffer> {
    const early = this.earlyPins.get(id);
    if (early) {
      this.earlyPins.delete(id);
      clearTimeout(early.timer);
      return Promise.resolve(early.pin);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pinWaiters.delete(id); reject(protocolError(ErrorCode.PinRequired, { reason: 'pin-frame-missing' })); }, timeoutMs);
      this.pinWaiters.set(id, { resolve, reject, timer });
    });
  }

  private async onHello(m: ClientHello): Promise<void> {
    if (this.state !== 'await-hello') throw protocolError(ErrorCode.ProtocolError, { reason: 'unexpected-hello' });
    const cmp = compareProtocol(PROTOCOL_VERSION, m.protocol);
    if (!cmp.compatible) {
      const requiresUpdate = cmp.update === 'local' ? 'bridge' : 'extension';
      this.server.log.warn('Sürüm uyumsuz / version mismatch', { extension: m.protocol, bridge: PROTOCOL_VERSION, requiresUpdate });
      this.replyError(m.id, protocolError(ErrorCode.VersionMismatch, { requiresUpdate, bridge: PROTOCOL_VERSION, extension: m.protocol }));
      this.terminate(4001, 'version-mismatch');
      return;
    }
    if (m.extension.browser !== this.client.browser) throw protocolError(ErrorCode.ClientNotAllowed, { reason: 'browser-mismatch' });
    this.installId = m.installId;
    const known = await this.server.store.get(m.installId);
    const paired = Boolean(known && known.extensionOrigin === this.client.origin);
    if (paired) {
      this.challenge = randomBytes(32).toString('base64');
      this.state = 'await-auth';
      this.armStateTimer(HELLO_TIMEOUT_MS, 'auth-timeout');
    } else {
      this.state = 'unpaired';
      this.armStateTimer(TIMEOUTS.pairingMs, 'pairing-timeout');
    }
    this.send({
      t: 'hello', id: m.id, protocol: PROTOCOL_VERSION, bridge: { version: this.server.version }, paired,
      ...(this.challenge ? { challenge: this.challenge } : {}),
      tsaConfigured: await tsaConfigured(this.server.tsa), testMode: this.server.testMode,
    });
  }

  private async onAuth(id: string, installId: string, macB64: string): Promise<void> {
    if (this.state !== 'await-auth' || installId !== this.installId || !this.challenge) throw protocolError(ErrorCode.ProtocolError, { reason: 'unexpected-auth' });
    const rec = await this.server.store.get(installId);
    const expected = rec ? createHmac('sha256', Buffer.from(rec.secret, 'base64')).update(`${AUTH_LABEL}|${this.challenge}|${installId}`).digest() : randomBytes(32);
    const got = Buffer.from(macB64, 'base64');
    this.challenge = undefined;
    if (!rec || got.length !== expected.length || !timingSafeEqual(got, expected)) {
      this.server.log.warn('Kimlik doğrulama başarısız / authentication failed', { client: this.client.origin, install: installId.slice(0, 8) });
      this.replyError(id, protocolError(ErrorCode.NotPaired, { reason: 'bad-mac' }));
      this.terminate(4003, 'auth-failed');
      return;
    }
    this.state = 'ready';
    clearTimeout(this.stateTimer);
    await this.server.store.update(installId, { lastSeenAt: new Date().toISOString() });
    this.server.log.info('Eklenti bağlandı / extension connected', { client: this.client.origin, install: installId.slice(0, 8) });
    this.reply(id, {});
  }

  private async onPairBegin(m: PairBegin): Promise<void> {
    if (this.state !== 'unpaired' || m.installId !== this.installId) throw protocolError(ErrorCode.ProtocolError, { reason: 'unexpected-pair-begin' });
    const clientNonce = Buffer.from(m.nonce, 'base64');
    if (clientNonce.length !== 32) throw protocolError(ErrorCode.BadInput, { reason: 'nonce-length' });
    const bridgeNonce = randomBytes(32);
    const code = await pairingCode(m.installId, bridgeNonce, clientNonce);
    this.pairing = { code, expires: Date.now() + TIMEOUTS.pairingMs };
    this.state = 'pairing';
    this.armStateTimer(TIMEOUTS.pairingMs, 'pairing-timeout');
    this.server.log.say(`\nEşleştirme isteği (${this.client.browser}): kod ${code.slice(0, 3)} ${code.slice(3)} — eklentide aynı kod görünüyorsa eklentide onaylayın.\nPairing request (${this.client.browser}): code ${code.slice(0, 3)} ${code.slice(3)} — if the extension shows the same code, confirm it there.\n`);
    this.server.log.info('Eşleştirme başladı / pairing started', { client: this.client.origin, install: m.installId.slice(0, 8) });
    this.reply(m.id, { code, bridgeNonce: bridgeNonce.toString('base64'), expiresInMs: TIMEOUTS.pairingMs });
  }

  private async onPairConfirm(m: PairConfirm): Promise<void> {
    const p = this.pairing;
    if (this.state !== 'pairing' || !p || m.installId !== this.installId) throw protocolError(ErrorCode.ProtocolError, { reason: 'unexpected-pair-confirm' });
    if (Date.now() > p.expires || m.code !== p.code) {
      this.pairing = undefined;
      this.replyError(m.id, protocolError(ErrorCode.PairingRejected, { reason: Date.now() > p.expires ? 'expired' : 'code-mismatch' }));
      this.terminate(4004, 'pairing-rejected');
      return;
    }
    const ok = await this.pairingPolicy.confirm(p.code, this.client);
    if (!ok || this.state !== 'pairing') {
      this.pairing = undefined;
      this.replyError(m.id, protocolError(ErrorCode.PairingRejected, { reason: 'bridge-refused' }));
      this.terminate(4004, 'pairing-rejected');
      return;
    }
    const secret = randomBytes(32);
    const prev = await this.server.store.get(m.installId);
    await this.server.store.put(m.installId, {
      secret: secret.toString('base64'), extensionOrigin: this.client.origin, browser: this.client.browser,
      pairedAt: new Date().toISOString(), allowedOrigins: prev?.extensionOrigin === this.client.origin ? prev.allowedOrigins : [],
    });
    this.pairing = undefined;
    this.state = 'ready';
    clearTimeout(this.stateTimer);
    this.server.log.say('Eşleştirme tamamlandı. / Pairing complete.');
    this.server.log.info('Eşleştirildi / paired', { client: this.client.origin, install: m.installId.slice(0, 8) });
    this.reply(m.id, { secret: secret.toString('base64') });
    secret.fill(0);
  }

  private async onRequest(m: ClientRequest): Promise<void> {
    if (this.state !== 'ready') throw protocolError(ErrorCode.NotPaired, { reason: this.state });
    if (!isBridgeAction(m.action)) throw protocolError(ErrorCode.UnknownAction, { action: m.action, requiresUpdate: 'bridge' });
    const entry = BRIDGE_ACTIONS[m.action];
    this.send({ t: 'ack', id: m.id });
    if (entry.origin === 'required' && !m.origin) throw protocolError(ErrorCode.OriginNotAllowed, { reason: 'origin-missing' });
    if (entry.origin === 'none' && m.origin) throw protocolError(ErrorCode.ProtocolError, { reason: 'unexpected-origin' });
    if (m.origin) {
      const rec = await this.server.store.get(this.installId!);
      if (!rec?.allowedOrigins.includes(m.origin)) {
        this.server.log.warn('İzinsiz site reddedildi / origin refused', { origin: m.origin, action: m.action });
        throw protocolError(ErrorCode.OriginNotAllowed, { origin: m.origin });
      }
    }
    const params = entry.def.params.safeParse(m.params ?? {});
    if (!params.success) throw protocolError(ErrorCode.BadInput, { action: m.action, issues: params.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
    const handler = BRIDGE_HANDLERS[m.action];
    const t0 = performance.now();
    let code = 'OK';
    try {
      const result = await handler({
        requestId: m.id, origin: m.origin, installId: this.installId!, sessions: this.sessions, server: this.server,
        takePin: (ms) => this.takePin(m.id, ms),
      }, params.data as never);
      this.reply(m.id, result);
    } catch (e) {
      code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'INTERNAL';
      if (!(e instanceof EdefterError) && !(typeof e === 'object' && e && 'code' in e)) this.server.log.error('Beklenmeyen hata / unexpected error', { action: m.action, message: String((e as Error)?.message ?? e) });
      throw e;
    } finally {
      if (m.action !== 'status') this.server.log.info('İstek / request', { action: m.action, origin: m.origin, result: code, ms: Math.round((performance.now() - t0) * 10) / 10 });
    }
  }
}
