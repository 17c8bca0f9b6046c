/**
 * One WebSocket client (the extension's service worker), as a state machine:
 *
 *   await-hello ──hello──▶ await-auth (install known: challenge sent) ──auth ok──▶ ready
 *        │                  unpaired (install unknown) ──pair-code (manual code, right)──▶ ready
 *        └─ timeouts: hello within 5 s, auth within 5 s, unpaired 10 s; a failed auth closes the socket.
 *   A socket of the unauthenticated pool (no valid upgrade token, see index.ts) is closed 10 s
 *   after it opened unless it reached `ready` by then. In `ready`, `unpair` forgets the install.
 *   Pairing normally happens outside this socket (native host → local channel); no reply here
 *   ever carries a pairing code.
 *
 * In `ready`, each `request` is acked, validated against its action's schema, checked for the
 * web origin (present where required, on the install's allowed sites — the bridge's own copy),
 * run, and answered with exactly one `reply`. The only binary frame accepted is a PIN for a
 * pending `session-open`; it is copied out and the received buffer is zeroed at once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebSocket, RawData } from 'ws';
import {
  AUTH_LABEL,
  BRIDGE_ACTIONS,
  ClientMessage,
  EdefterError,
  PROTOCOL_VERSION,
  TIMEOUTS,
  compareProtocol,
  decodePinFrame,
  isBridgeAction,
  parseActionParams,
  pickProgress,
  runActionHandler,
  serializeError,
  fail,
  type Progress,
  type ClientHello,
  type ClientPairCode,
  type ClientRequest,
  type ClientUnpair,
} from '@edefter/protocol';
import { tryAppendAudit } from '../audit/index.ts';
import { BRIDGE_HANDLERS, type ServerContext } from './actions/index.ts';
import { clientError, scrubPaths } from './client-error.ts';
import type { ExtensionClient } from './guards.ts';
import { removePairings, storeNewPairing } from './local-channel/handlers.ts';
import type { PairCodeBook } from './pair-code-book.ts';
import { SessionStore } from './sessions.ts';
import { tsaConfigured } from './timestamp.ts';

/** Connection states. */
export type ConnState = 'await-hello' | 'await-auth' | 'unpaired' | 'ready' | 'closed';

/** Which budget a socket was admitted under (see index.ts). */
export type ConnPool = 'paired' | 'unauth';

/** What a connection needs from the server beyond {@link ServerContext}. */
export interface ConnectionHooks {
  pool: ConnPool;
  /** install id proven by the upgrade token (paired pool): `hello` must name the same install */
  upgradeInstallId?: string;
  /** the manual pairing code (`pair-code`) */
  codes: PairCodeBook;
  /** Closes the live connections of these installs, except `keep`. @returns how many closed */
  disconnect(installIds: readonly string[] | 'all', keep?: ClientConnection): number;
  /** Called once when the socket reaches `ready` (it leaves the unauthenticated budget). */
  onAuthenticated(): void;
}

const HELLO_TIMEOUT_MS = 5_000;
/** An unauthenticated-pool socket must reach `ready` within this (ms) after it opened. */
const UNAUTH_DEADLINE_MS = 10_000;
/** Close code for a revoked pairing. */
export const CLOSE_REVOKED = 4005;

/** Serves one WebSocket. */
export class ClientConnection {
  state: ConnState = 'await-hello';
  installId?: string;
  readonly sessions: SessionStore;
  private challenge?: string;
  private deadline?: ReturnType<typeof setTimeout>;
  private pinWaiters = new Map<string, { resolve: (b: Buffer) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private earlyPins = new Map<string, { pin: Buffer; timer: ReturnType<typeof setTimeout> }>();
  private stateTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly ws: WebSocket,
    private readonly client: ExtensionClient,
    private readonly server: ServerContext,
    private readonly hooks: ConnectionHooks,
  ) {
    this.sessions = new SessionStore(TIMEOUTS.sessionIdleMs, () => this.server.log.info('Boşta kalan oturum kapandı / idle session closed'));
    this.armStateTimer(HELLO_TIMEOUT_MS, 'hello-timeout');
    if (hooks.pool === 'unauth') {
      this.deadline = setTimeout(() => {
        if (this.state !== 'ready') this.terminate(4000, 'unauthenticated-deadline');
      }, UNAUTH_DEADLINE_MS);
      this.deadline.unref?.();
    }
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void this.onMessage(data, isBinary);
    });
    ws.on('close', () => {
      void this.onClose();
    });
    // a protocol error (e.g. a frame over the pool's cap: close 1009) — the close frame is on its
    // way; do not keep reading (and decrypting) the rest of a huge frame while the peer dawdles
    ws.on('error', () => {
      const t = setTimeout(() => ws.terminate(), 250);
      t.unref?.();
    });
  }

  private armStateTimer(ms: number, reason: string): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => this.terminate(4000, reason), ms);
    this.stateTimer.unref?.();
  }

  /** Closes the socket (revocation, shutdown). */
  close(code: number, reason: string): void {
    this.terminate(code, reason);
  }

  private becomeReady(): void {
    this.state = 'ready';
    clearTimeout(this.stateTimer);
    clearTimeout(this.deadline);
    this.hooks.onAuthenticated();
  }

  /**
   * Closes the socket and stops serving it at once: from here on no message of this socket is
   * acted on (a peer that ignores the close frame — never reads it — could otherwise keep sending
   * requests for the whole close handshake, e.g. after its pairing was revoked), and its signing
   * sessions are logged out. The TCP connection is cut if the close handshake is not done in 1 s.
   */
  private terminate(code: number, reason: string): void {
    this.server.log.warn('Bağlantı kapatıldı / connection closed', { reason, client: this.client.origin });
    this.state = 'closed';
    clearTimeout(this.stateTimer);
    clearTimeout(this.deadline);
    for (const w of this.pinWaiters.values()) {
      clearTimeout(w.timer);
      w.reject(fail('server.pinNotReceived'));
    }
    this.pinWaiters.clear();
    void this.sessions.closeAll();
    try {
      this.ws.close(code, reason);
    } catch {
      /* already closed */
    }
    const cut = setTimeout(() => {
      try {
        this.ws.terminate();
      } catch {
        /* gone */
      }
    }, 1_000);
    cut.unref?.();
  }

  private async onClose(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.stateTimer);
    clearTimeout(this.deadline);
    for (const w of this.pinWaiters.values()) {
      clearTimeout(w.timer);
      w.reject(fail('server.pinNotReceived'));
    }
    this.pinWaiters.clear();
    for (const e of this.earlyPins.values()) {
      clearTimeout(e.timer);
      e.pin.fill(0);
    }
    this.earlyPins.clear();
    await this.sessions.closeAll();
  }

  private send(msg: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private reply(id: string, result: unknown): void {
    this.send({ t: 'reply', id, ok: true, result });
  }

  /** Last progress event sent per request (ms), to send at most ~10 per second of the same phase. */
  private progressSentAt = new Map<string, { at: number; phase: string }>();

  /**
   * Sends a progress event of the running request `id` (hops/bridge.ts BridgeProgressEvent).
   * Byte progress of one phase is thinned to one event per 100 ms (the first and the last always go).
   */
  private progress(id: string, p: Progress): void {
    const now = Date.now();
    const last = this.progressSentAt.get(id);
    const final = p.total > 0 && p.done >= p.total;
    if (p.unit === 'bytes' && last && last.phase === p.phase && !final && now - last.at < 100) return;
    this.progressSentAt.set(id, { at: now, phase: p.phase });
    if (this.progressSentAt.size > 64) this.progressSentAt.delete(this.progressSentAt.keys().next().value!);
    // labels may carry an error's text (gib/send.ts, download.ts): no paths to the page, as in replies
    this.send({ t: 'event', name: 'progress', id, ...pickProgress(p), ...(p.label ? { label: scrubPaths(p.label).slice(0, 300) } : {}) });
  }
  private replyError(id: string, e: unknown): void {
    this.send({ t: 'reply', id, ok: false, error: clientError(serializeError(e)) });
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (this.state === 'closed') {
      buf.fill(0);
      return;
    }
    if (isBinary) {
      this.onBinary(buf);
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(buf.toString('utf8'));
    } catch {
      raw = undefined;
    }
    const parsed = ClientMessage.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '0'.repeat(32);
    if (!parsed.success) {
      this.replyError(id, fail('transport.malformedMessage'));
      return;
    }
    const msg = parsed.data;
    try {
      if (msg.t === 'hello') await this.onHello(msg);
      else if (msg.t === 'auth') await this.onAuth(msg.id, msg.installId, msg.mac);
      else if (msg.t === 'pair-code') await this.onPairCode(msg);
      else if (msg.t === 'unpair') await this.onUnpair(msg);
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
        const timer = setTimeout(() => {
          this.earlyPins.get(frame.id)?.pin.fill(0);
          this.earlyPins.delete(frame.id);
        }, TIMEOUTS.bridgeAckMs);
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
      const timer = setTimeout(() => {
        this.pinWaiters.delete(id);
        reject(fail('server.pinNotReceived', { reason: 'pin-frame-missing' }));
      }, timeoutMs);
      this.pinWaiters.set(id, { resolve, reject, timer });
    });
  }

  private async onHello(m: ClientHello): Promise<void> {
    if (this.state !== 'await-hello') throw fail('transport.malformedMessage', { reason: 'unexpected-hello' });
    const cmp = compareProtocol(PROTOCOL_VERSION, m.protocol);
    if (!cmp.compatible) {
      const requiresUpdate = cmp.update === 'local' ? 'bridge' : 'extension';
      this.server.log.warn('Sürüm uyumsuz / version mismatch', { extension: m.protocol, bridge: PROTOCOL_VERSION, requiresUpdate });
      this.replyError(m.id, fail('transport.versionMismatch', { requiresUpdate, bridge: PROTOCOL_VERSION, extension: m.protocol }));
      this.terminate(4001, 'version-mismatch');
      return;
    }
    if (m.extension.browser !== this.client.browser) throw fail('transport.clientNotAllowed', { reason: 'browser-mismatch' });
    if (this.hooks.upgradeInstallId !== undefined && m.installId !== this.hooks.upgradeInstallId) {
      this.replyError(m.id, fail('transport.notPaired', { reason: 'install-mismatch' }));
      this.terminate(4003, 'install-mismatch');
      return;
    }
    this.installId = m.installId;
    const known = await this.server.store.get(m.installId);
    const paired = Boolean(known && known.extensionOrigin === this.client.origin);
    if (paired) {
      this.challenge = randomBytes(32).toString('base64');
      this.state = 'await-auth';
      this.armStateTimer(HELLO_TIMEOUT_MS, 'auth-timeout');
    } else {
      this.state = 'unpaired';
      this.armStateTimer(UNAUTH_DEADLINE_MS, 'pairing-timeout');
    }
    // the bridge's own facts (version, TSA, test mode) only to a socket that came in with a valid upgrade token:
    // an unauthenticated local process learns the protocol version and nothing else
    const proven = this.hooks.upgradeInstallId !== undefined;
    this.send({
      t: 'hello',
      id: m.id,
      protocol: PROTOCOL_VERSION,
      bridge: { version: proven ? this.server.version : '' },
      paired,
      ...(this.challenge ? { challenge: this.challenge } : {}),
      tsaConfigured: proven ? await tsaConfigured(this.server.tsa) : false,
      testMode: proven ? this.server.testMode : false,
    });
  }

  private async onAuth(id: string, installId: string, macB64: string): Promise<void> {
    if (this.state !== 'await-auth' || installId !== this.installId || !this.challenge) throw fail('transport.malformedMessage', { reason: 'unexpected-auth' });
    const rec = await this.server.store.get(installId);
    const expected = rec
      ? createHmac('sha256', Buffer.from(rec.secret, 'base64')).update(`${AUTH_LABEL}|${this.challenge}|${installId}`).digest()
      : randomBytes(32);
    const got = Buffer.from(macB64, 'base64');
    this.challenge = undefined;
    if (!rec || got.length !== expected.length || !timingSafeEqual(got, expected)) {
      this.server.log.warn('Kimlik doğrulama başarısız / authentication failed', { client: this.client.origin, install: installId.slice(0, 8) });
      this.replyError(id, fail('transport.notPaired', { reason: 'bad-mac' }));
      this.terminate(4003, 'auth-failed');
      return;
    }
    this.becomeReady();
    await this.server.store.update(installId, { lastSeenAt: new Date().toISOString() });
    this.server.log.info('Eklenti bağlandı / extension connected', { client: this.client.origin, install: installId.slice(0, 8) });
    this.reply(id, {});
  }

  /**
   * Manual pairing: the code `edefter pair` printed in the user's session, typed into the
   * extension. The code book delays wrong tries (growing) and kills the code after 5; the client
   * only ever learns "rejected".
   */
  private async onPairCode(m: ClientPairCode): Promise<void> {
    if (this.state !== 'unpaired' || m.installId !== this.installId) throw fail('transport.malformedMessage', { reason: 'unexpected-pair-code' });
    const outcome = await this.hooks.codes.attempt(m.code);
    if (this.state !== 'unpaired') return;
    if (!outcome.ok) {
      this.server.log.warn('Eşleştirme kodu reddedildi / pairing code refused', {
        reason: outcome.reason,
        wrongTries: outcome.wrongTries,
        client: this.client.origin,
      });
      if (outcome.reason !== 'no-code') {
        tryAppendAudit(
          'pairing-refused',
          {
            via: 'code',
            reason: outcome.reason,
            wrongTries: outcome.wrongTries,
            browser: this.client.browser,
            extensionOrigin: this.client.origin,
            installId: m.installId,
          },
          (e) => this.server.log.error('Denetim kaydı yazılamadı / audit write failed', { message: String(e) }),
        );
      }
      throw fail('server.pairCodeWrong', { reason: 'code' });
    }
    const secret = await storeNewPairing(
      { store: this.server.store, log: this.server.log, disconnect: (ids) => this.hooks.disconnect(ids, this) },
      m.installId,
      this.client.browser,
      this.client.origin,
      'code',
    );
    if (this.state !== 'unpaired') return;
    this.becomeReady();
    this.server.log.say('Eşleştirme tamamlandı. / Pairing complete.');
    this.reply(m.id, { secret });
  }

  /** The extension forgets its pairing ("Eşleştirmeyi unut"): remove it here, reply, close. */
  private async onUnpair(m: ClientUnpair): Promise<void> {
    if (this.state !== 'ready' || m.installId !== this.installId) throw fail('transport.notPaired', { reason: this.state });
    await removePairings({ store: this.server.store, log: this.server.log }, { installId: m.installId }, 'extension');
    this.reply(m.id, {});
    this.hooks.disconnect([m.installId]);
  }

  private async onRequest(m: ClientRequest): Promise<void> {
    if (this.state !== 'ready') throw fail('transport.notPaired', { reason: this.state });
    if (!isBridgeAction(m.action)) throw fail('transport.unknownAction', { action: m.action, requiresUpdate: 'bridge' });
    const entry = BRIDGE_ACTIONS[m.action];
    this.send({ t: 'ack', id: m.id });
    if (entry.origin === 'required' && !m.origin) throw fail('transport.originNotAllowed', { reason: 'origin-missing' });
    if (entry.origin === 'none' && m.origin) throw fail('transport.malformedMessage', { reason: 'unexpected-origin' });
    // the pairing must still exist when the request runs (revoked meanwhile: nothing runs)
    const rec = await this.server.store.get(this.installId!);
    if (this.state !== 'ready' || !rec || rec.extensionOrigin !== this.client.origin) throw fail('transport.notPaired', { reason: 'revoked' });
    if (m.origin) {
      if (!rec.allowedOrigins.includes(m.origin)) {
        this.server.log.warn('İzinsiz site reddedildi / origin refused', { origin: m.origin, action: m.action });
        throw fail('transport.originNotAllowed', { origin: m.origin });
      }
    }
    const parsed = parseActionParams(entry.def, m.params ?? {});
    if (!parsed.ok) throw fail('transport.badParams', { action: m.action, issues: parsed.issues });
    const t0 = performance.now();
    let code = 'OK';
    try {
      const result = await runActionHandler(
        BRIDGE_HANDLERS,
        m.action,
        {
          requestId: m.id,
          origin: m.origin,
          installId: this.installId!,
          sessions: this.sessions,
          server: this.server,
          takePin: (ms) => this.takePin(m.id, ms),
          progress: (p) => this.progress(m.id, p),
        },
        parsed.params,
      );
      this.reply(m.id, result);
    } catch (e) {
      code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'INTERNAL';
      if (!(e instanceof EdefterError) && !(typeof e === 'object' && e && 'code' in e))
        this.server.log.error('Beklenmeyen hata / unexpected error', { action: m.action, message: String((e as Error)?.message ?? e) });
      throw e;
    } finally {
      this.progressSentAt.delete(m.id);
      if (m.action !== 'status')
        this.server.log.info('İstek / request', { action: m.action, origin: m.origin, result: code, ms: Math.round((performance.now() - t0) * 10) / 10 });
    }
  }
}
