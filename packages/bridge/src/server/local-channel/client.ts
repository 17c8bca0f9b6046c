/**
 * Client side of the local channel (CLI commands and the native-messaging host): connect to the
 * bridge's Unix socket, send one request line, read one reply line.
 */
import net from 'node:net';
import { EdefterError, ErrorCode, isEdefterError, fail, type SerializedError } from '@edefter/protocol';
import { localChannelPath } from './paths.ts';
import { MAX_LOCAL_LINE_BYTES, type LocalRequest } from './messages.ts';

/** A successful reply: `ok:true` plus the request's fields. */
export type LocalReply = { ok: true } & Record<string, unknown>;

/** True when the error means "no bridge is listening on the local channel". */
export function isBridgeNotRunning(e: unknown): boolean {
  return isEdefterError(e) && e.code === ErrorCode.BridgeUnavailable && (e.details as { reason?: string } | undefined)?.reason === 'not-running';
}

/**
 * Sends one request to the running bridge.
 * @param req the request
 * @param socketPath default {@link localChannelPath}
 * @param timeoutMs whole exchange (default 10 s)
 * @returns the reply when `ok:true`
 * @throws EdefterError BRIDGE_UNAVAILABLE (details.reason `not-running` when nothing listens), or the
 *   error the bridge answered with
 */
export function localRequest(req: LocalRequest, socketPath: string = localChannelPath(), timeoutMs = 10_000): Promise<LocalReply> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(socketPath);
    let buf = '';
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(fail('transport.timeout', { reason: 'local-channel' }))), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
    sock.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_LOCAL_LINE_BYTES) {
        finish(() => reject(fail('transport.malformedMessage', { reason: 'reply-too-long' })));
        return;
      }
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let reply: { ok?: unknown; error?: SerializedError } & Record<string, unknown>;
      try {
        reply = JSON.parse(buf.slice(0, nl)) as typeof reply;
      } catch {
        finish(() => reject(fail('transport.malformedMessage', { reason: 'bad-reply' })));
        return;
      }
      if (reply.ok === true) finish(() => resolve(reply as LocalReply));
      else {
        const err = reply.error;
        finish(() =>
          reject(
            err && typeof err.code === 'string'
              ? EdefterError.fromJSON({ code: err.code, tr: err.tr ?? '', en: err.en ?? '', details: err.details, key: err.key, retriable: err.retriable })
              : fail('transport.malformedMessage', { reason: 'bad-reply' }),
          ),
        );
      }
    });
    sock.on('error', (e: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          e.code === 'ENOENT' || e.code === 'ECONNREFUSED'
            ? fail('server.bridgeNotRunning', { reason: 'not-running' })
            : fail('transport.bridgeUnavailable', { reason: e.code ?? 'socket-error' }),
        ),
      ),
    );
    sock.on('close', () => finish(() => reject(fail('transport.bridgeUnavailable', { reason: 'closed' }))));
  });
}
