/**
 * The bridge of an attack test: started in-process on a fresh temporary folder (config/ and data/
 * inside it; EDEFTER_DATA_DIR points at data/), no TSA, logs discarded, TCP port chosen by the OS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { tempStore } from '../token/helpers.ts';

/** A running test bridge: its folder, the server and the CA (PEM) its TLS certificate chains to. */
export interface TestBridge {
  dir: string;
  server: BridgeServer;
  caPem: string;
}

/**
 * Starts the bridge of one attack test.
 * @param name prefix of the temporary folder
 * @param prepare runs on the folder before the bridge starts (e.g. to set permissions)
 */
export async function startTestBridge(name: string, prepare?: (dir: string) => void): Promise<TestBridge> {
  const dir = tempStore(name);
  prepare?.(dir);
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  const server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(new PassThrough(), new PassThrough()) });
  return { dir, server, caPem: server.tls.caPem };
}

/** Stops a test bridge (if it started) and removes its folder. */
export async function stopTestBridge(server: BridgeServer | undefined, dir: string | undefined): Promise<void> {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
