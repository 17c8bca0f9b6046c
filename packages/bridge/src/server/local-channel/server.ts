/**
 * The local channel's listener: a Unix domain socket (mode 0600, folder 0700, see paths.ts),
 * each accepted connection checked for its peer's user (peer.ts) before a byte is read, then
 * newline-delimited JSON requests answered one by one (handlers.ts).
 */
import fs from 'node:fs';
import net from 'node:net';
import { serializeError, fail } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import { handleLocalRequest, type LocalChannelContext } from './handlers.ts';
import { MAX_LOCAL_LINE_BYTES, LocalRequest } from './messages.ts';
import { ensureSocketFolder } from './paths.ts';
import { checkPeer } from './peer.ts';

/** A connection idle this long (ms) is closed. */
const IDLE_MS = 30_000;
/** Most local connections at once. */
const MAX_LOCAL_CONNECTIONS = 16;

/** A listening local channel. */
export interface LocalChannel {
  path: string;
  close(): Promise<void>;
}

function probe(p: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createConnection(p);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts listening on `socketPath`.
 * @throws EdefterError CLIENT_NOT_ALLOWED when the folder is unsafe (paths.ts), BUSY when another
 *   bridge already answers on the socket
 */
export async function startLocalChannel(socketPath: string, ctx: LocalChannelContext): Promise<LocalChannel> {
  ensureSocketFolder(socketPath);
  if (fs.existsSync(socketPath)) {
    if (await probe(socketPath)) {
      throw fail('server.localChannelInUse', { socket: socketPath });
    }
    fs.rmSync(socketPath, { force: true });
  }
  const server = net.createServer({ allowHalfOpen: false });
  server.maxConnections = MAX_LOCAL_CONNECTIONS;
  const open = new Set<net.Socket>();
  server.on('connection', (sock) => {
    open.add(sock);
    sock.once('close', () => open.delete(sock));
    void serve(sock, ctx);
  });
  const oldMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(oldMask);
  }
  fs.chmodSync(socketPath, 0o600);
  ctx.log.info('Yerel kanal dinliyor / local channel listening', { socket: socketPath });
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const sock of open) sock.destroy();
        try {
          fs.rmSync(socketPath, { force: true });
        } catch {
          /* gone */
        }
      }),
  };
}

async function serve(sock: net.Socket, ctx: LocalChannelContext): Promise<void> {
  sock.pause();
  sock.setTimeout(IDLE_MS, () => sock.destroy());
  sock.on('error', () => {
    /* peer went away */
  });
  const peer = await checkPeer(sock);
  if (!peer.ok) {
    ctx.log.warn('Yerel kanal: başka kullanıcı reddedildi / local channel: peer refused', { reason: peer.reason });
    tryAppendAudit('pairing-refused', { via: 'local-channel', reason: `peer-${peer.reason}` });
    sock.end(JSON.stringify({ ok: false, error: serializeError(fail('transport.clientNotAllowed', { reason: 'peer' })) }) + '\n');
    return;
  }
  let buf = Buffer.alloc(0);
  let busy = Promise.resolve();
  sock.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (buf.length > MAX_LOCAL_LINE_BYTES && !buf.subarray(0, MAX_LOCAL_LINE_BYTES).includes(10)) {
      sock.destroy();
      return;
    }
    let nl: number;
    while ((nl = buf.indexOf(10)) >= 0) {
      const line = buf.subarray(0, nl).toString('utf8');
      buf = buf.subarray(nl + 1);
      busy = busy.then(() => answer(sock, ctx, line));
    }
  });
  sock.resume();
}

async function answer(sock: net.Socket, ctx: LocalChannelContext, line: string): Promise<void> {
  let reply: Record<string, unknown>;
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      raw = undefined;
    }
    const parsed = LocalRequest.safeParse(raw);
    if (!parsed.success) throw fail('transport.malformedMessage', { reason: 'local-request' });
    reply = { ok: true, ...(await handleLocalRequest(ctx, parsed.data)) };
  } catch (e) {
    reply = { ok: false, error: serializeError(e) };
  }
  if (!sock.destroyed) sock.write(JSON.stringify(reply) + '\n');
}
