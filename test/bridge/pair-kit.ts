/**
 * Test kit: a paired, authenticated extension client for in-process bridge tests, without going
 * through the pairing flow (which has its own tests): the install is put straight into the
 * running bridge's pairing store, then the client connects with the upgrade token (so it lands
 * in the paired pool, like the extension), says hello and answers the HMAC challenge. Keep this working when the pairing or connection design changes:
 * every bridge-level security test builds on it.
 */
import { randomBytes } from 'node:crypto';
import { CHROME_EXTENSION_ORIGIN, newRequestId, upgradeQuery } from '../../packages/protocol/src/index.ts';
import type { BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { TestClient, tryOpen } from './ws-client.ts';

/** A paired install and its authenticated client. */
export interface PairedClient {
  installId: string;
  /** base64 per-install secret */
  secret: string;
  client: TestClient;
}

/**
 * Pairs a fresh install (Chrome, the pinned origin) with `allowedOrigins`, connects and authenticates.
 * @throws Error when the socket cannot be opened or authentication fails
 */
export async function pairedClient(server: BridgeServer, caPem: string, allowedOrigins: string[] = []): Promise<PairedClient> {
  const installId = newRequestId();
  const secret = randomBytes(32).toString('base64');
  await server.pairings.put(installId, {
    secret,
    extensionOrigin: CHROME_EXTENSION_ORIGIN,
    browser: 'chrome',
    pairedAt: new Date().toISOString(),
    allowedOrigins,
  });
  const client = await connectPaired(server, caPem, installId, secret);
  return { installId, secret, client };
}

/** Connects an already paired install (upgrade token in the URL: the paired pool) and authenticates it. */
export async function connectPaired(server: Pick<BridgeServer, 'port'>, caPem: string, installId: string, secret: string): Promise<TestClient> {
  const query = await upgradeQuery(new Uint8Array(Buffer.from(secret, 'base64')), installId);
  const r = await tryOpen(server.port, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${server.port}` }, query);
  if (!r.ok) throw new Error(`open failed ${JSON.stringify(r)}`);
  const client = new TestClient(r.ws);
  const hello = await client.hello(installId);
  if (!hello.paired || typeof hello.challenge !== 'string') throw new Error(`not paired: ${JSON.stringify(hello)}`);
  const auth = await client.auth(installId, secret, hello.challenge);
  if (!auth.ok) throw new Error(`auth failed: ${JSON.stringify(auth)}`);
  return client;
}
