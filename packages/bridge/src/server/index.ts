/**
 * The bridge server: HTTPS (express) and a secure WebSocket (ws) on one port, bound to
 * 127.0.0.1 only, with TLS 1.3 only from the per-install local CA (server/tls/local-ca.ts); and the
 * local channel (local-channel/), a Unix socket only the bridge's OS user can open, through which
 * pairing happens (native-messaging host, `edefter pair`, `edefter pairing`).
 *
 * Every WebSocket upgrade must pass, before the socket exists:
 *   Host = `127.0.0.1:<port>` | `localhost:<port>` (DNS rebinding) → else 421;
 *   Origin = our extension (`chrome-extension://<pinned id>` or `moz-extension://<uuid>`) → else 403.
 * Then it is admitted to one of two pools (two `ws` servers):
 *   paired pool: a valid upgrade token in the URL (upgrade-token.ts); frames up to
 *     LIMITS.maxWsMessageBytes; at most {@link MAX_CONNECTIONS} sockets;
 *   unauthenticated pool: everything else; frames up to {@link UNAUTH_MAX_PAYLOAD} (larger → close
 *     1009), at most {@link MAX_UNAUTH_CONNECTIONS} sockets, each closed 10 s after it opened unless
 *     it authenticated by then. An attacker who fills it cannot touch the paired pool.
 * Then the connection state machine (connection.ts) asks for the per-install secret.
 */
import { cliCommand } from '../cli/invocation.ts';
import https from 'node:https';
import path from 'node:path';
import { bridgeVersion as packageVersion } from '../version.ts';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import { CHROME_EXTENSION_ID, DEFAULT_BRIDGE_PORT, LIMITS, fail } from '@edefter/protocol';
import { ensureLocalTls, type LocalTls } from './tls/local-ca.ts';
import { configDir } from '../settings/store.ts';
import type { ServerContext } from './actions/index.ts';
import { CLOSE_REVOKED, ClientConnection, type ConnPool } from './connection.ts';
import { classifyOrigin, isAllowedHost } from './guards.ts';
import { createHttpApp } from './http-app.ts';
import { createLog, type BridgeLog } from './log.ts';
import { PairingStore } from './pairing-store.ts';
import { PairCodeBook } from './pair-code-book.ts';
import { UpgradeTokenChecker } from './upgrade-token.ts';
import { startLocalChannel, type LocalChannel } from './local-channel/server.ts';
import { localChannelPath } from './local-channel/paths.ts';
import type { TsaSource } from './timestamp.ts';
import { startBackupFollowUp } from '../backup/follow-up.ts';
import { sweepAllStaging } from './actions/gib-staging.ts';

export { createLog } from './log.ts';

/** Most paired-pool WebSocket clients served at once (one extension needs one). */
const MAX_CONNECTIONS = 8;
/** Most unauthenticated-pool sockets at once. */
const MAX_UNAUTH_CONNECTIONS = 4;
/** Largest frame an unauthenticated-pool socket may send (bytes). */
const UNAUTH_MAX_PAYLOAD = 64 * 1024;

/**
 * TLS settings: TLS 1.3 only (every TLS 1.3 suite is an AEAD; no CBC, no SHA-1 MACs, forward
 * secrecy always). Browsers and Node have spoken TLS 1.3 for years.
 */
const TLS_OPTIONS = {
  minVersion: 'TLSv1.3',
  maxVersion: 'TLSv1.3',
  ciphersuites: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256',
} as const;

/** How often a running bridge checks whether its TLS certificate needs renewing (ms). */
const RENEW_CHECK_MS = 12 * 3_600_000;

/** Options of {@link startBridgeServer}. */
export interface BridgeServerOptions {
  /** TCP port on 127.0.0.1 (default {@link DEFAULT_BRIDGE_PORT}; 0 = any free port) */
  port?: number;
  /** config folder (default: settings/store.ts configDir()) */
  configDir?: string;
  /** EDEFTER_BRIDGE_TEST_MODE: lets a test-only extension hook skip consent (demo token only) */
  testMode?: boolean;
  /** path of the local channel's socket (default `$EDEFTER_SOCKET` or `<configDir>/run/bridge.sock`) */
  socketPath?: string;
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
  /** path of the local channel's Unix socket */
  socketPath: string;
  /** live sockets per pool (diagnostics and tests) */
  poolSizes(): { paired: number; unauth: number };
  /** Stops listening, closes every connection and session. */
  close(): Promise<void>;
}

/** Version of the bridge package. */
function bridgeVersion(): string {
  return packageVersion();
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * Starts the bridge.
 * @throws EdefterError BUSY when the port is taken (another bridge runs), or the listen error
 */
export async function startBridgeServer(opts: BridgeServerOptions = {}): Promise<BridgeServer> {
  const dir = opts.configDir ?? configDir();
  const log = opts.log ?? createLog();
  const tls = await ensureLocalTls({ dir: path.join(dir, 'tls') });
  if (tls.caCreated)
    log.say(
      `Yeni yerel CA oluşturuldu: ${tls.paths.ca}\nTarayıcıların güvenmesi için bir kez çalıştırın / To make browsers trust it, run once:  ${cliCommand('trust install')}`,
    );
  if (tls.leafIssued) log.info('Sunucu sertifikası yenilendi / server certificate issued', { notAfter: tls.leafNotAfter });
  const chromeIds = [CHROME_EXTENSION_ID, ...(opts.extraChromeIds ?? [])];
  const version = bridgeVersion();
  const events = new EventEmitter();
  // GİB files staged for a consent that never came (prepared sends live in memory only)
  const swept = sweepAllStaging();
  if (swept) log.info('Onaylanmamış GİB dosyaları silindi / unconsented staged GİB files removed', { folders: swept });
  const ctx: ServerContext = {
    version,
    testMode: Boolean(opts.testMode),
    tsa: opts.tsa,
    log,
    store: PairingStore.inDir(dir),
    module: opts.module,
  };
  const codes = new PairCodeBook();
  const tokens = new UpgradeTokenChecker(ctx.store);
  let port = opts.port ?? DEFAULT_BRIDGE_PORT;
  const app = createHttpApp({ port: () => port, version, chromeIds, log });
  // TLS handshake within 10 s, request headers within 10 s (checked every second, not every 30 s)
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem, ...TLS_OPTIONS, handshakeTimeout: 10_000, connectionsCheckingInterval: 1_000 }, app);
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  const wssPaired = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxWsMessageBytes, perMessageDeflate: false, clientTracking: true });
  const wssUnauth = new WebSocketServer({ noServer: true, maxPayload: UNAUTH_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: true });
  const conns = new Set<ClientConnection>();
  /** unauthenticated-pool sockets that have not authenticated yet */
  const unauthLive = new Set<ClientConnection>();
  let pendingUnauth = 0;

  const disconnect = (ids: readonly string[] | 'all', keep?: ClientConnection): number => {
    let n = 0;
    for (const c of conns) {
      if (c === keep || !c.installId || (ids !== 'all' && !ids.includes(c.installId))) continue;
      if (ids === 'all' || c.state === 'ready' || c.state === 'await-auth') {
        c.close(CLOSE_REVOKED, 'pairing-revoked');
        n++;
      }
    }
    return n;
  };

  const refuseUpgrade = (socket: Duplex, status: number, reason: string, origin?: string, host?: string): void => {
    log.warn('WebSocket reddedildi / WebSocket refused', { reason, origin: origin ?? '(none)', host: host ?? '(none)' });
    events.emit('connection-refused', { reason, origin, host });
    refuse(socket, status, reason === 'host' ? fail('transport.hostNotAllowed').en : fail('transport.clientNotAllowed').en);
  };

  const admit = (
    wss: WebSocketServer,
    pool: ConnPool,
    client: NonNullable<ReturnType<typeof classifyOrigin>>,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    installId?: string,
  ): void => {
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      let conn: ClientConnection;
      const hooks = {
        pool,
        upgradeInstallId: installId,
        codes,
        disconnect,
        onAuthenticated: () => {
          unauthLive.delete(conn);
        },
      };
      conn = new ClientConnection(ws, client, ctx, hooks);
      conns.add(conn);
      if (pool === 'unauth') unauthLive.add(conn);
      ws.once('close', () => {
        conns.delete(conn);
        unauthLive.delete(conn);
      });
      log.info('Eklenti bağlantısı / extension connection', { client: client.origin, pool });
    });
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (!isAllowedHost(host, port)) {
      refuseUpgrade(socket, 421, 'host', origin, host);
      return;
    }
    const client = classifyOrigin(origin, chromeIds);
    if (!client) {
      refuseUpgrade(socket, 403, 'origin', origin, host);
      return;
    }
    socket.on('error', () => {
      /* client went away during the check */
    });
    const hasToken = Boolean(req.url && req.url.includes('?'));
    // unauthenticated sockets are counted before the (async) token check so the budget holds
    if (!hasToken) {
      if (unauthLive.size + pendingUnauth >= MAX_UNAUTH_CONNECTIONS) {
        refuseUpgrade(socket, 503, 'too-many-unauthenticated', origin, host);
        return;
      }
      admit(wssUnauth, 'unauth', client, req, socket, head);
      return;
    }
    pendingUnauth++;
    void tokens.check(req.url, client.origin).then(
      (installId) => {
        pendingUnauth--;
        if (socket.destroyed) return;
        if (installId) {
          if (wssPaired.clients.size >= MAX_CONNECTIONS) {
            refuseUpgrade(socket, 503, 'too-many', origin, host);
            return;
          }
          admit(wssPaired, 'paired', client, req, socket, head, installId);
          return;
        }
        if (unauthLive.size >= MAX_UNAUTH_CONNECTIONS) {
          refuseUpgrade(socket, 503, 'too-many-unauthenticated', origin, host);
          return;
        }
        admit(wssUnauth, 'unauth', client, req, socket, head);
      },
      () => {
        pendingUnauth--;
        socket.destroy();
      },
    );
  });
  server.on('tlsClientError', () => {
    /* untrusted certificate on the client side: nothing to log per attempt */
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      if (e.code === 'EADDRINUSE') reject(fail('server.portInUse', { port }));
      else reject(e);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  // a bridge that runs for months renews its server certificate in place (30 days before expiry)
  const renewTimer = setInterval(() => {
    void ensureLocalTls({ dir: path.join(dir, 'tls') })
      .then((t) => {
        if (!t.leafIssued) return;
        server.setSecureContext({ key: t.keyPem, cert: t.certPem, ...TLS_OPTIONS });
        log.info('Sunucu sertifikası yenilendi / server certificate renewed', { notAfter: t.leafNotAfter, caCreated: t.caCreated });
        if (t.caCreated)
          log.say('Yerel CA yenilendi: "edefter trust install" komutunu yeniden çalıştırın. / The local CA was renewed: run "edefter trust install" again.');
      })
      .catch((e: unknown) => log.error('Sertifika yenilenemedi / certificate renewal failed', { message: String(e) }));
  }, RENEW_CHECK_MS);
  renewTimer.unref();
  let local: LocalChannel;
  try {
    local = await startLocalChannel(opts.socketPath ?? localChannelPath(dir), {
      store: ctx.store,
      chromeIds,
      codes,
      log,
      disconnect: (ids) => disconnect(ids),
    });
  } catch (e) {
    clearInterval(renewTimer);
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }
  log.info('Köprü dinliyor / bridge listening', { url: `https://127.0.0.1:${port}/`, version, testMode: ctx.testMode, socket: local.path });
  const backupFollowUp = startBackupFollowUp({ log }); // Yedekleme: resume status queries of pending backups (issue 7)

  return {
    port,
    url: `https://127.0.0.1:${port}/`,
    tls,
    events,
    pairings: ctx.store,
    socketPath: local.path,
    poolSizes: () => ({ paired: wssPaired.clients.size, unauth: wssUnauth.clients.size }),
    async close() {
      clearInterval(renewTimer);
      await backupFollowUp.stop();
      await local.close();
      for (const ws of [...wssPaired.clients, ...wssUnauth.clients]) ws.close(1001, 'bridge stopping');
      await Promise.all([...conns].map((c) => c.sessions.closeAll()));
      wssPaired.close();
      wssUnauth.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
