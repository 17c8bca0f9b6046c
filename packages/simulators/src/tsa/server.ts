/**
 * Test TSAs for tests and the demo (issue 5 §4):
 *
 * - `kind: 'rfc3161'`: a plain RFC 3161 TSA over HTTP — `openssl ts -reply` behind node:http,
 *   TSA certificate from the TEST root CA with the critical timeStamping EKU (pki.ts).
 * - `kind: 'kamusm'`: the same TSA behind Kamu SM's authentication (edefter-spec §5.2): checks the
 *   `identity` header (decrypts it with the customer's password and compares it with the
 *   request's hashedMessage), answers kontör queries (`credit_req`, `credit_req_time`) and
 *   spends one kontör per timestamp. Errors come back like Kamu SM's: HTTP 200 with a
 *   TimeStampResp rejection carrying the text ("User 999 is not known",
 *   "Account could not be authenticated", "No credit left for user 123").
 *
 * Fault injection (`fault`, or `setFault()` at run time): `down` (connection reset), `slow`
 * (answer after `slowMs`), `http-500`, `http-403` (what Kamu SM answers to HTTP Basic auth), `garbage` (random bytes), `wrong-nonce` / `wrong-imprint`
 * (the request is altered before OpenSSL signs it, so the token is validly signed but for
 * another nonce / other data), `reject` (OpenSSL rejects: unaccepted policy).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asn1js, pkijs } from '@edefter/bridge/tsa/engine.ts';
import { createOpensslTsa } from './openssl-ts.ts';
import { ensureTestTsaIdentity, type TestTsaIdentity } from './pki.ts';
import { decryptIdentity, parseIdentity } from './kamusm-auth.ts';

/** Injected failure. */
export type TsaFault = 'none' | 'down' | 'slow' | 'http-500' | 'http-403' | 'garbage' | 'wrong-nonce' | 'wrong-imprint' | 'reject';

/** A Kamu SM test customer. */
export interface TestCustomer {
  password: string;
  /** Remaining kontör; decremented per timestamp. */
  credit: number;
}

/** Options of {@link startTestTsa}. */
export interface TestTsaOptions {
  /** Default `rfc3161`. */
  kind?: 'rfc3161' | 'kamusm';
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  fault?: TsaFault;
  /** Delay of the `slow` fault, ms (default 5000). */
  slowMs?: number;
  /** Kamu SM customers (default {@link DEFAULT_TEST_CUSTOMERS}). */
  customers?: Record<string, TestCustomer>;
  /** TSA identity (default: var/test-tsa from the TEST root CA). */
  identity?: TestTsaIdentity;
  /** Work folder for OpenSSL (default: a new temp folder, removed by close()). */
  workDir?: string;
}

/** A running test TSA. */
export interface TestTsa {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  kind: 'rfc3161' | 'kamusm';
  /** PEM path and DER of the trust anchor to configure on the client. */
  caPath: string;
  caDer: Buffer;
  /** Live customer table (kamusm). */
  customers: Record<string, TestCustomer>;
  /** Counters: requests seen, tokens issued, credit queries answered. */
  stats: { requests: number; issued: number; creditQueries: number };
  setFault(fault: TsaFault, slowMs?: number): void;
  close(): Promise<void>;
}

/** Default Kamu SM test customers: 123456 / `test-parola` with 10 kontör, 777 / `bos` with 0. */
export const DEFAULT_TEST_CUSTOMERS: Record<string, TestCustomer> = {
  '123456': { password: 'test-parola', credit: 10 },
  '777': { password: 'bos', credit: 0 },
};

/** TimeStampResp { status: rejection(2), statusString: [text] } — how the test Kamu SM refuses. */
export function rejection(text: string): Buffer {
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: 2, statusStrings: [new asn1js.Utf8String({ value: text })] }),
  });
  return Buffer.from(resp.toSchema().toBER(false));
}

function rewriteRequest(der: Buffer, fault: TsaFault): Buffer {
  const req = pkijs.TimeStampReq.fromBER(new Uint8Array(der));
  if (fault === 'wrong-nonce') req.nonce = new asn1js.Integer({ valueHex: new Uint8Array(Buffer.concat([Buffer.from([0x11]), randomBytes(7)])) });
  if (fault === 'wrong-imprint') {
    const other = createHash('sha256').update(randomBytes(32)).digest();
    req.messageImprint.hashedMessage = new asn1js.OctetString({ valueHex: new Uint8Array(other) });
  }
  if (fault === 'reject') req.reqPolicy = '1.9.9.9.9';
  return Buffer.from(req.toSchema().toBER(false));
}

async function readBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > limit) throw new Error('request too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Starts a test TSA on 127.0.0.1.
 * @returns its URL, trust anchor, live customer table, fault switch and close()
 */
export async function startTestTsa(opts: TestTsaOptions = {}): Promise<TestTsa> {
  const kind = opts.kind ?? 'rfc3161';
  const identity = opts.identity ?? (await ensureTestTsaIdentity());
  const ownWorkDir = !opts.workDir;
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-test-tsa-'));
  const openssl = createOpensslTsa({ workDir, certPath: identity.certPath, keyPath: identity.keyPath });
  const customers: Record<string, TestCustomer> = opts.customers ?? structuredClone(DEFAULT_TEST_CUSTOMERS);
  let fault: TsaFault = opts.fault ?? 'none';
  let slowMs = opts.slowMs ?? 5000;
  const stats = { requests: 0, issued: 0, creditQueries: 0 };
  const timers = new Set<NodeJS.Timeout>();

  const reply = (res: http.ServerResponse, body: Buffer, type = 'application/timestamp-reply') => {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    res.end(body);
  };

  /** Kamu SM authentication; returns an error text or the customer. */
  const authenticate = (req: http.IncomingMessage, expected: Buffer): { error: string } | { id: string; customer: TestCustomer } => {
    const header = req.headers.identity;
    if (typeof header !== 'string' || !header) return { error: 'Account could not be authenticated' };
    let parsed;
    try {
      parsed = parseIdentity(header);
    } catch {
      return { error: 'Account could not be authenticated' };
    }
    const customer = customers[parsed.userid];
    if (!customer) return { error: `User ${parsed.userid} is not known` };
    const plain = decryptIdentity(parsed, customer.password);
    if (!plain || !plain.equals(expected)) return { error: 'Account could not be authenticated' };
    return { id: parsed.userid, customer };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    stats.requests++;
    if (fault === 'down') {
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') {
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          timers.delete(t);
          r();
        }, slowMs);
        timers.add(t);
      });
      if (res.destroyed || req.socket.destroyed) return;
    }
    if (fault === 'http-500' || fault === 'http-403') {
      const status = fault === 'http-500' ? 500 : 403;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 500 ? 'internal error' : 'forbidden');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readBody(req);
    if (fault === 'garbage') return reply(res, randomBytes(64));

    if (kind === 'kamusm' && req.headers.credit_req !== undefined) {
      const cid = String(req.headers.credit_req);
      const time = String(req.headers.credit_req_time ?? '');
      const auth = authenticate(
        req,
        createHash('sha1')
          .update(cid + time, 'ascii')
          .digest(),
      );
      if ('error' in auth) return reply(res, rejection(auth.error));
      if (auth.id !== cid) return reply(res, rejection('Account could not be authenticated'));
      stats.creditQueries++;
      return reply(res, Buffer.from(String(auth.customer.credit), 'ascii'));
    }

    let tsReq: pkijs.TimeStampReq;
    try {
      tsReq = pkijs.TimeStampReq.fromBER(new Uint8Array(body));
    } catch {
      return reply(res, await openssl.reply(body).catch(() => rejection('bad request')));
    }
    let customer: TestCustomer | undefined;
    if (kind === 'kamusm') {
      const digest = Buffer.from(tsReq.messageImprint.hashedMessage.valueBlock.valueHexView);
      const auth = authenticate(req, digest);
      if ('error' in auth) return reply(res, rejection(auth.error));
      if (auth.customer.credit <= 0) return reply(res, rejection(`No credit left for user ${auth.id}`));
      customer = auth.customer;
    }
    const query = fault === 'wrong-nonce' || fault === 'wrong-imprint' || fault === 'reject' ? rewriteRequest(body, fault) : body;
    const answer = await openssl.reply(query);
    if (customer) customer.credit--;
    stats.issued++;
    reply(res, answer);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String((e as Error).message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/`,
    kind,
    caPath: identity.caPath,
    caDer: identity.caDer,
    customers,
    stats,
    setFault(f: TsaFault, ms?: number) {
      fault = f;
      if (ms !== undefined) slowMs = ms;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
