/**
 * "Ayı tamamla" at the bridge (issue 12 §2): the consent binding of the `month-run` action and a
 * whole month on the GİB simulator. In-process bridge, real SoftHSM2 token, paired client playing
 * the extension (test/bridge/pair-kit.ts), documents built by our ledger (signing-kit.ts).
 *
 *  - a document not among the session's approved digests is never signed (nothing of the month is
 *    signed or sent), nor bytes that differ from the approved digest, nor a package list that is not
 *    the one the documents give;
 *  - with the approved Y, K and DR, one session runs sign → berat → sign → DR → check → GİB send →
 *    wait → download, with progress events for the request; every signature is audited (berats
 *    with the defter they were built from);
 *  - a second run of the same documents resumes: nothing is signed or uploaded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { auditPaths } from '../../packages/bridge/src/audit/index.ts';
import { monthRunFolder } from '../../packages/bridge/src/flows/month-state.ts';
import { isolatedTokens, tempStore } from '../token/helpers.ts';
import { PIN, PORTAL, TOKEN, buildGibDocs, codeOf, inspect, reasonOf, startSigningBridge, type Doc, type GibDocs, type SigningBridge } from './signing-kit.ts';

const ENV = ['EDEFTER_DATA_DIR', 'EDEFTER_CONFIG_DIR', 'EDEFTER_SETTINGS'];
const saved: Record<string, string | undefined> = {};
let dir: string;
let b: SigningBridge;
let sim: GibSimulator;
let docs: GibDocs;
let VKN: string;
let PERIOD: string;
/** progress events the bridge sent, by request id */
const events: Record<string, unknown>[] = [];

const sha = (x: Buffer): string => createHash('sha256').update(x).digest('hex');
const wire = (d: Doc, bytes = d.bytes) => ({ name: d.name, kind: d.kind, bytes: bytes.toString('base64'), approvedSha256: sha(d.bytes) });
const paket = (d: Doc, t: string): string => d.name.replace(/\.xml$/, '').replace(/-(Y|K|DR)-/, `-${t}-`);
type Reply = Record<string, unknown> & {
  ok?: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; tr: string; details?: Record<string, unknown> };
};

async function openSession(forDocuments: string[]): Promise<string> {
  const r = await b.client.request('session-open', { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments }, PORTAL, PIN, 30_000);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (r.result as { sessionId: string }).sessionId;
}

function audit(): Record<string, unknown>[] {
  const file = auditPaths(path.join(dir, 'data')).log;
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  dir = tempStore('sec-month-run');
  for (const k of ENV) saved[k] = process.env[k];
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 50, validate: false });
  Object.assign(process.env, {
    EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
    EDEFTER_SETTINGS: JSON.stringify({ gib: { environment: 'custom', endpoint: sim.url, trustList: [sim.trustPem], pollIntervalMs: 50, retryBaseMs: 10 } }),
  });
  await isolatedTokens(path.join(dir, 'token'), [{}]);
  docs = await buildGibDocs();
  const m = /^(\d+)-(\d{6})-/.exec(docs.Y.name)!;
  VKN = m[1];
  PERIOD = m[2];
  b = await startSigningBridge(dir);
  b.client.ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const msg = JSON.parse(String(data)) as Record<string, unknown>;
    if (msg.t === 'event' && msg.name === 'progress') events.push(msg);
  });
  for (const d of [docs.Y, docs.K, docs.DR]) expect(codeOf(await inspect(b.client, d))).toBe('OK');
}, 240_000);

afterAll(async () => {
  await b?.close();
  await sim?.close();
  await shutdownTokenWorker().catch(() => undefined);
  for (const k of ENV)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('month-run: one consent, one PIN, bound to the approved digests', { timeout: 240_000 }, () => {
  it('a document not in the approved list is never signed: nothing of the month is signed or sent', async () => {
    // the page swaps in another (inspected, valid) yevmiye that the user never approved
    const other: Doc = { ...docs.Y, bytes: Buffer.concat([docs.Y.bytes, Buffer.from('\n<!-- başka -->\n')]) };
    expect(codeOf(await inspect(b.client, other))).toBe('OK');
    const sessionId = await openSession([sha(docs.Y.bytes), sha(docs.K.bytes)]);
    const signsBefore = audit().filter((r) => r.type === 'sign').length;
    const r = (await b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: [wire(other), wire(docs.K)],
        packages: [paket(docs.Y, 'YB'), paket(docs.K, 'KB')],
        timestamp: false,
        backup: false,
      },
      PORTAL,
      undefined,
      120_000,
    )) as Reply;
    expect(codeOf(r)).toBe('BAD_INPUT');
    expect(reasonOf(r)).toBe('not-approved');
    // bytes that differ from the digest the window showed
    const r2 = (await b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: [wire(docs.Y, other.bytes), wire(docs.K)],
        packages: [paket(docs.Y, 'YB'), paket(docs.K, 'KB')],
        timestamp: false,
        backup: false,
      },
      PORTAL,
      undefined,
      120_000,
    )) as Reply;
    expect(reasonOf(r2)).toBe('digest-mismatch');
    // a package list that is not the one the documents give (an extra DR package)
    const r3 = (await b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: [wire(docs.Y), wire(docs.K)],
        packages: [paket(docs.Y, 'YB'), paket(docs.K, 'KB'), paket(docs.Y, 'DR')],
        timestamp: false,
        backup: false,
      },
      PORTAL,
      undefined,
      120_000,
    )) as Reply;
    expect(reasonOf(r3)).toBe('packages-differ');
    await b.client.request('session-close', { sessionId }, PORTAL);
    expect(audit().filter((r) => r.type === 'sign').length).toBe(signsBefore);
    expect(audit().some((r) => r.type === 'sign-refused' && r.stage === 'month-run' && r.reason === 'not-approved')).toBe(true);
    expect(sim.state().uploads).toHaveLength(0);
    const work = monthRunFolder(PORTAL, VKN, PERIOD);
    expect(fs.existsSync(work) ? fs.readdirSync(work).filter((f) => f.endsWith('.xml')) : []).toEqual([]);
  });

  it('the plan lists berats, packages and steps; the run signs, derives, sends, waits and downloads with progress events', async () => {
    const plan = (await b.client.request(
      'month-run-plan',
      {
        vkn: VKN,
        period: PERIOD,
        documents: [docs.Y, docs.K, docs.DR].map((d) => ({ name: d.name, kind: d.kind, sha256: sha(d.bytes) })),
        backup: false,
      },
      PORTAL,
    )) as Reply;
    expect(plan.ok, JSON.stringify(plan.error)).toBe(true);
    const packages = (plan.result!.packages as { paketId: string }[]).map((p) => p.paketId);
    expect(packages).toEqual([paket(docs.Y, 'YB'), paket(docs.K, 'KB'), paket(docs.DR, 'DR')]);
    expect(plan.result!.berats).toEqual([
      { name: docs.YB.name, kind: 'yevmiye-berati', from: docs.Y.name },
      { name: docs.KB.name, kind: 'kebir-berati', from: docs.K.name },
    ]);
    expect((plan.result!.steps as { step: string; run: boolean }[]).filter((s) => s.run).map((s) => s.step)).toEqual([
      'sign',
      'berat',
      'dr',
      'check',
      'gib-send',
      'gib-wait',
      'gib-download',
    ]);

    const sessionId = await openSession([docs.Y, docs.K, docs.DR].map((d) => sha(d.bytes)));
    events.length = 0;
    const r = (await b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: [wire(docs.Y), wire(docs.K), wire(docs.DR)],
        packages,
        timestamp: false,
        backup: false,
      },
      PORTAL,
      undefined,
      200_000,
    )) as Reply;
    await b.client.request('session-close', { sessionId }, PORTAL);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const res = r.result as {
      steps: { step: string; status: string }[];
      signed: { name: string }[];
      packages: { paketId: string; state: string; approved?: unknown }[];
    };
    expect(res.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'sign:done',
      'berat:done',
      'dr:done',
      'check:done',
      'gib-send:done',
      'gib-wait:done',
      'gib-download:done',
      'backup:skipped',
    ]);
    expect(res.signed.map((s) => s.name).sort()).toEqual([docs.Y.name, docs.K.name, docs.YB.name, docs.KB.name, docs.DR.name].sort());
    expect(
      res.packages
        .filter((p) => p.approved)
        .map((p) => p.paketId)
        .sort(),
    ).toEqual([paket(docs.Y, 'YB'), paket(docs.K, 'KB')].sort());
    expect(
      sim
        .state()
        .uploads.map((u) => u.paketId)
        .sort(),
    ).toEqual([...packages].sort());
    // progress events for this request: several phases, each well-formed
    const phases = new Set(events.map((e) => e.phase));
    for (const p of ['sign', 'berat', 'check', 'gib-send', 'gib-download']) expect(phases.has(p), [...phases].join(',')).toBe(true);
    expect(events.every((e) => typeof e.done === 'number' && typeof e.total === 'number' && (e.unit === 'bytes' || e.unit === 'items'))).toBe(true);
    // every signature audited; the berats name the defter they were built from
    const signs = audit().filter((x) => x.type === 'sign' && x.action === 'month-run');
    expect(signs.map((x) => x.file).sort()).toEqual([docs.Y.name, docs.K.name, docs.YB.name, docs.KB.name, docs.DR.name].sort());
    expect(signs.find((x) => x.file === docs.YB.name)).toMatchObject({ approved: 'derived', derivedFrom: docs.Y.name });
    expect(signs.find((x) => x.file === docs.Y.name)).toMatchObject({ approved: 'consent', sha256: sha(docs.Y.bytes) });
    expect(JSON.stringify(audit())).not.toContain(PIN);
  });

  it('a second run of the same documents resumes: nothing signed or uploaded again', async () => {
    for (const d of [docs.Y, docs.K, docs.DR]) expect(codeOf(await inspect(b.client, d))).toBe('OK');
    const signsBefore = audit().filter((x) => x.type === 'sign').length;
    const uploadsBefore = sim.state().uploads.length;
    const sessionId = await openSession([docs.Y, docs.K, docs.DR].map((d) => sha(d.bytes)));
    const r = (await b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: [wire(docs.Y), wire(docs.K), wire(docs.DR)],
        packages: [paket(docs.Y, 'YB'), paket(docs.K, 'KB'), paket(docs.DR, 'DR')],
        timestamp: false,
        backup: false,
      },
      PORTAL,
      undefined,
      200_000,
    )) as Reply;
    await b.client.request('session-close', { sessionId }, PORTAL);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect((r.result!.steps as { step: string; status: string }[]).map((s) => s.status)).toEqual([
      'resumed',
      'resumed',
      'resumed',
      'resumed',
      'resumed',
      'resumed',
      'resumed',
      'skipped',
    ]);
    expect(audit().filter((x) => x.type === 'sign').length).toBe(signsBefore);
    expect(sim.state().uploads.length).toBe(uploadsBefore);
  });
});
