/**
 * Kit for the signing attack tests (consent-binding, signable-documents, guessing): an in-process
 * bridge on an isolated SoftHSM2 store with a paired, authenticated client (test/bridge/pair-kit.ts),
 * and every GİB document type built by our own ledger modules (test/ledger/helpers.ts): Y and K
 * (unsigned), YB and KB (from the signed Y and K, unsigned), DR (unsigned), E and EB (the envanter
 * shapes: same roots, context `assets_context`, entriesType `assets`; we do not build envanter
 * books, so they are derived from Y / YB as GİB describes them, spec §1.3).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { buildBerat } from '../../packages/bridge/src/flows/berat.ts';
import { buildDefterRaporu } from '../../packages/bridge/src/ledger/defter-raporu.ts';
import { signXmlFile } from '../../packages/bridge/src/xades/index.ts';
import { buildSmall, company, testSigner, tmpDir } from '../ledger/helpers.ts';
import { pairedClient, type PairedClient } from '../bridge/pair-kit.ts';
import type { TestClient } from '../bridge/ws-client.ts';

export const PORTAL = 'https://portal.example.com.tr';
export const TOKEN = 'DEMO MALI MUHUR';
export const PIN = '123456';

/** A running in-process bridge with one paired client allowed for {@link PORTAL}. */
export interface SigningBridge {
  server: BridgeServer;
  paired: PairedClient;
  client: TestClient;
  /** everything the bridge logged */
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts the bridge (data folder under `dir`, so the audit log lands there) and pairs a client.
 * Call after isolatedTokens().
 */
export async function startSigningBridge(dir: string, opts: { module?: string } = {}): Promise<SigningBridge> {
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  let text = '';
  const out = new PassThrough();
  out.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  const server = await startBridgeServer({
    port: 0,
    configDir: path.join(dir, 'config'),
    tsa: null,
    log: createLog(out, out),
    ...(opts.module ? { module: opts.module } : {}),
  });
  const paired = await pairedClient(server, server.tls.caPem, [PORTAL]);
  return {
    server,
    paired,
    client: paired.client,
    log: () => text,
    async close() {
      paired.client.close();
      await server.close();
    },
  };
}

/** One document to hand to the bridge. */
export interface Doc {
  name: string;
  kind: string;
  bytes: Buffer;
}

/** The GİB document types, built by our ledger (see the module comment), keyed Y, K, E, YB, KB, EB, DR. */
export type GibDocs = Record<'Y' | 'K' | 'E' | 'YB' | 'KB' | 'EB' | 'DR', Doc> & {
  facts: { entries: number; lines: number; totalDebit: bigint; totalCredit: bigint };
};

const KIND: Record<string, string> = {
  Y: 'yevmiye',
  K: 'kebir',
  YB: 'yevmiye-berati',
  KB: 'kebir-berati',
  DR: 'defter-raporu',
  E: 'envanter',
  EB: 'envanter-berati',
};

/** Envanter shape of a yevmiye / yevmiye beratı text (spec §1.3: same roots, assets_context, entriesType assets). */
function asEnvanter(xml: string): string {
  return xml
    .replaceAll('journal_context', 'assets_context')
    .replace('>journal</gl-cor:entriesType>', '>assets</gl-cor:entriesType>')
    .replace(/>YEV(\d{12})</, '>ENV$1<');
}

/** Builds one small month and every document type from it (unsigned, ready to be signed). */
export async function buildGibDocs(): Promise<GibDocs> {
  const root = tmpDir('signable');
  const b = await buildSmall(root, { entries: 12 });
  const part = b.parts[0];
  const read = (p: string): Buffer => fs.readFileSync(p);
  const y = read(part.y.path);
  const k = read(part.k.path);
  const s = await testSigner();
  const signedDir = path.join(root, 'signed');
  fs.mkdirSync(signedDir);
  const berats: Record<string, Buffer> = {};
  for (const [t, f] of [
    ['Y', part.y.path],
    ['K', part.k.path],
  ] as const) {
    const signed = path.join(signedDir, path.basename(f));
    await signXmlFile({ input: f, output: signed, signer: s });
    const r = await buildBerat({ defter: signed });
    berats[`${t}B`] = read(r.path);
  }
  const dr = await buildDefterRaporu({ company: company(), month: b.month, accounts: b.accounts, dir: b.dir, creationDate: b.creationDate });
  const base = path.basename(part.y.path).replace('-Y-', '-%-');
  const doc = (t: string, bytes: Buffer): Doc => ({ name: base.replace('%', t), kind: KIND[t], bytes });
  const out = {
    Y: doc('Y', y),
    K: doc('K', k),
    YB: doc('YB', berats.YB),
    KB: doc('KB', berats.KB),
    DR: { name: dr.name, kind: 'defter-raporu', bytes: read(dr.path) },
    E: doc('E', Buffer.from(asEnvanter(y.toString('utf8')))),
    EB: doc('EB', Buffer.from(asEnvanter(berats.YB.toString('utf8')))),
    facts: { entries: b.entries, lines: b.lines, totalDebit: b.totalDebit, totalCredit: b.totalCredit },
  };
  fs.rmSync(root, { recursive: true, force: true });
  return out;
}

/** `document-inspect` for PORTAL. */
export function inspect(c: TestClient, d: Doc, origin = PORTAL): Promise<Record<string, unknown>> {
  return c.request('document-inspect', { name: d.name, kind: d.kind, bytes: d.bytes.toString('base64') }, origin, undefined, 60_000);
}

/** Error code of a reply, or 'OK'. */
export function codeOf(r: Record<string, unknown>): string {
  return r.ok ? 'OK' : String((r.error as { code?: string } | undefined)?.code);
}

/** `details.reason` of a failed reply. */
export function reasonOf(r: Record<string, unknown>): string | undefined {
  return (r.error as { details?: { reason?: string } } | undefined)?.details?.reason;
}
