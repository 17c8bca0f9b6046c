/**
 * The bridge server: HTTPS (express) and a secure WebSocket (ws) on one port, bound to
 * 127.0.0.1 only, with TLS from the per-install local CA (certs/local-ca.ts).
 *
 * Every WebSocket upgrade must pass, before the socket exists:
 *   Host = `127.0.0.1:<port>` | `localhost:<port>` (DNS rebinding) → else 421;
 *   Origin = our extension (`chrome-extension://<pinned id>` or `moz-extension://<uuid>`) → else 403.
 * Then the connection state machine (connection.ts) asks for pairing or the per-install secret.
 */
import https from 'node:https';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';
import { CHROME_EXTENSION_ID, DEFAULT_BRIDGE_PORT, ErrorCode, LIMITS, protocolError } from '@edefter/protocol';
import { ensureLocalTls, type LocalTls } from '../../../../certs/local-ca.ts';
import { configDir } from '../config/index.ts';
import type { ServerContext } from './actions/index.ts';
import { ClientConnection } from './connection.ts';
import { classifyOrigin, isAllowedHost } from './guards.ts';
import { createHttpApp } from './http-app.ts';
import { createLog, type BridgeLog } from './log.ts';
import { PairingStore } from './pairing-store.ts';
import { createPairingPolicy, type PairConfirmMode } from './pairing-policy.ts';
import type { TsaSource } from './timestamp.ts';
import { startBackupFollowUp } from '../backup/follow-up.ts';

export { isAllowedHost, classifyOrigin } from './guards.ts';
export { createLog, formatFacts, type BridgeLog } from './log.ts';
export { PairingStore } from './pairing-store.ts';
export type { PairConfirmMode } from './pairing-policy.ts';

/** Most WebSocket clients served at once (one extension needs one). */
export const MAX_CONNECTIONS = 8;

/** How often a running bridge checks whether its TLS certificate needs renewing (ms). */
export const RENEW_CHECK_MS = 12 * 3_600_000;

/** Options of {@link startBridgeServer}. */
export interface BridgeServerOptions {
  /** TCP port on 127.0.0.1 (default {@link DEFAULT_BRIDGE_PORT}; 0 = any free port) */
  port?: number;
  /** config folder (default: config/index.ts configDir()) */
  configDir?: string;
  /** EDEFTER_BRIDGE_TEST_MODE: lets a test-only extension hook skip consent (demo token only) */
  testMode?: boolean;
  /** who confirms pairing on the bridge side (default `auto`) */
  pairConfirm?: PairConfirmMode;
  /** TSA: fixed config, `null` = none, undefined = config.json */
  tsa?: TsaSource;
  /** PKCS#11 module path override */
  module?: string;
  /** extra allowed Chrome extension ids (development builds); the pinned id is always allowed */
  extraChromeIds?: string[];
  log?: BridgeLog;
}

/** A running bridge. */
export interface BridgeServer {
  port: number;
  /** `https://127.0.0.1:<port>/` */
  url: string;
  tls: LocalTls;
  /** `connection-refused` ({ reason, origin, host }) events for diagnostics and tests */
  events: EventEmitter;
  /** the live pairing store (CLI `pairing list|revoke` through the local channel; tests) */
  pairings: PairingStore;
  /** Stops listening, closes every connection and session. */
  close(): Promise<void>;
}

/** Version of the bridge package. */
export function bridgeVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/**
 * Starts the bridge.
 * @throws EdefterError BUSY when the port is taken (another bridge runs), or the listen error
 */
export async function startBridgeServer(opts: BridgeServerOptions = {}): Promise<BridgeServer> {
  const dir = opts.configDir ?? configDir();
  const log = opts.log ?? createLog();
  const tls = await ensureLocalTls({ dir: path.join(dir, 'tls') });
  if (tls.caCreated) log.say(`Yeni yerel CA oluşturuldu: ${tls.paths.ca}\nTarayıcıların güvenmesi için bir kez çalıştırın / To make browsers trust it, run once:  edefter trust install`);
  if (tls.leafIssued) log.info('Sunucu sertifikası yenilendi / server certificate issued', { notAfter: tls.leafNotAfter });
  const chromeIds = [CHROME_EXTENSION_ID, ...(opts.extraChromeIds ?? [])];
  const version = bridgeVersion();
  const events = new EventEmitter();
  const ctx: ServerContext = {
    version, testMode: Boolean(opts.testMode), tsa: opts.tsa, log,
    store: PairingStore.inDir(dir), module: opts.module,
  };
  const policy = createPairingPolicy(opts.pairConfirm ?? 'auto', log);
  let port = opts.port ?? DEFAULT_BRIDGE_PORT;
  const app = createHttpApp({ port: () => port, version, chromeIds, log });
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' }, app);
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxWsMessageBytes, perMessageDeflate: false, clientTracking: true });
  const conns = new Set<ClientConnection>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origin = req.headers.origin;
    const host = req.headers.host;
    let reason: string | undefined;
    let status = 403;
    if (!isAllowedHost(host, port)) { reason = 'host'; status = 421; }
    const client = reason ? undefined : classifyOrigin(origin, chromeIds);
    if (!reason && !client) reason = 'origin';
    if (!reason && wss.clients.size >= MAX_CONNECTIONS) { reason = 'too-many'; status = 503; }
    if (reason || !client) {
      log.warn('WebSocket reddedildi / WebSocket refused', { reason, origin: origin ?? '(none)', host: host ?? '(none)' });
      events.emit('connection-refused', { reason, origin, host });
      refuse(socket, status, reason === 'host' ? protocolError(ErrorCode.HostNotAllowed).en : protocolError(ErrorCode.ClientNotAllowed).en);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new ClientConnection(ws, client, ctx, policy);
      conns.add(conn);
      ws.once('close', () => conns.delete(conn));
      log.info('Eklenti bağlantısı / extension connection', { client: client.origin });
    });
  });
  server.on('tlsClientError', () => { /* untrusted certificate on the client side: nothing to log per attempt */ });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      if (e.code === 'EADDRINUSE') reject(protocolError(ErrorCode.Busy, { port }, { tr: `Port ${port} kullanımda: köprü zaten çalışıyor olabilir.`, en: `Port ${port} is in use: the bridge may already be running.` }));
      else reject(e);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => { server.off('error', onError); resolve(); });
  });
  port = (server.address() as { port: number }).port;
  // a bridge that runs for months renews its server certificate in place (30 days before expiry)
  const renewTimer = setInterval(() => {
    void ensureLocalTls({ dir: path.join(dir, 'tls') }).then((t) => {
      if (!t.leafIssued) return;
      server.setSecureContext({ key: t.keyPem, cert: t.certPem, minVersion: 'TLSv1.2' });
      log.info('Sunucu sertifikası yenilendi / server certificate renewed', { notAfter: t.leafNotAfter, caCreated: t.caCreated });
      if (t.caCreated) log.say('Yerel CA yenilendi: "edefter trust install" komutunu yeniden çalıştırın. / The local CA was renewed: run "edefter trust install" again.');
    }).catch((e: unknown) => log.error('Sertifika yenilenemedi / certificate renewal failed', { message: String(e) }));
  }, RENEW_CHECK_MS);
  renewTimer.unref();
  log.info('Köprü dinliyor / bridge listening', { url: `https://127.0.0.1:${port}/`, version, testMode: ctx.testMode });
  const backupFollowUp = startBackupFollowUp({ log }); // Yedekleme: resume status queries of pending backups (issue 7)

  return {
    port,
    url: `https://127.0.0.1:${port}/`,
    tls,
    events,
    pairings: ctx.store,
    async close() {
      await backupFollowUp.stop();
      for (const ws of wss.clients) ws.close(1001, 'bridge stopping');
      await Promise.all([...conns].map((c) => c.sessions.closeAll()));
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
