/**
 * Attack class `gib-send` (issue 10 §4–5): only consented GİB packages leave, and every file is
 * verified in full before it is listed or uploaded. In-process bridge on an isolated SoftHSM token,
 * a paired client playing the extension, the GİB simulator, months built and signed with our own
 * modules (test/gib/month-fixture.ts). Reproduces what was seen: `[Y, YB]` refused, then `[K, KB]`
 * approved — the simulator must receive only the KB package.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { originRoot, originMonthFolder, sweepPrepared, PREPARED } from '../../packages/bridge/src/server/actions/gib-shared.ts';
import { STAGING_DIR } from '../../packages/bridge/src/server/actions/gib-staging.ts';
import { PREPARE_TTL_MS } from '../../packages/bridge/src/server/actions/gib-prepare.ts';
import { isolatedTokens, tempStore } from '../token/helpers.ts';
import { makeSignedMonth, type SignedMonth } from '../gib/month-fixture.ts';
import { softwareSigner } from '../gib/helpers.ts';
import { pairedClient } from '../bridge/pair-kit.ts';
import type { TestClient } from '../bridge/ws-client.ts';
import { attack } from './kit.ts';

const PIN = '123456';
const PORTAL = 'https://portal.example.com.tr';
const OTHER = 'https://other.example.com.tr';
const VKN = '6090408038';
const PERIOD = '202501';
const KIND: Record<string, string> = { Y: 'yevmiye', K: 'kebir', YB: 'yevmiye-berati', KB: 'kebir-berati', DR: 'defter-raporu' };
const ENV = ['EDEFTER_DATA_DIR', 'EDEFTER_CONFIG_DIR', 'EDEFTER_SETTINGS', 'EDEFTER_GIB_CLOCK'];

let dir: string;
let server: BridgeServer;
let sim: GibSimulator;
let c: TestClient;
let month: SignedMonth;
let other: SignedMonth;
const saved: Record<string, string | undefined> = {};

type Reply = Record<string, unknown> & { ok?: boolean; result?: Record<string, unknown>; error?: { code: string; tr: string; en: string } };

const nameOf = (t: string): string => `${VKN}-${PERIOD}-${t}-000000.xml`;
const fileOf = (m: SignedMonth, t: string): string => path.join(m.folder, nameOf(t));
const doc = (t: string, bytes: Buffer, name = nameOf(t)) => ({ name, kind: KIND[t], bytes: bytes.toString('base64') });
const docs = (m: SignedMonth, types: string[]) => types.map((t) => doc(t, fs.readFileSync(fileOf(m, t))));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function prepare(documents: ReturnType<typeof doc>[]): Promise<Reply> {
  return (await c.request('gib-prepare', { documents }, PORTAL, undefined, 120_000)) as Reply;
}

async function openSession(): Promise<string> {
  const r = (await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame' }, PORTAL, PIN)) as Reply;
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (r.result as { sessionId: string }).sessionId;
}

/** What the extension sends back from the window: ids, file names and SHA-256 as listed. */
function approvedOf(prep: Record<string, unknown>): { paketId: string; entries: { name: string; sha256: string }[] }[] {
  return (prep.packages as { paketId: string; entries: { name: string; sha256: string }[] }[]).map((p) => ({
    paketId: p.paketId,
    entries: p.entries.map((e) => ({ name: e.name, sha256: e.sha256 })),
  }));
}

async function send(prep: Record<string, unknown>, packages: unknown = approvedOf(prep)): Promise<Reply> {
  const sessionId = await openSession();
  try {
    return (await c.request('gib-send', { sessionId, prepareId: prep.prepareId, ...(packages ? { packages } : {}) }, PORTAL, undefined, 120_000)) as Reply;
  } finally {
    await c.request('session-close', { sessionId }, PORTAL);
  }
}

const stagingParent = (): string => path.join(originRoot(PORTAL), STAGING_DIR);
const staged = (): string[] => (fs.existsSync(stagingParent()) ? fs.readdirSync(stagingParent()) : []);
const uploads = (): string[] => sim.state().uploads.map((u) => u.paketId);
const refusedWith = (r: Reply, code: string, file?: string): boolean =>
  r.ok === false && r.error?.code === code && (file === undefined || (r.error.tr.includes(file) && r.error.en.includes(file)));

/** Inserts `text` right before the root element of a signed file (after the prolog's PIs). */
function beforeRoot(xml: Buffer, text: string): Buffer {
  const s = xml.toString('utf8');
  const at = s.indexOf('<edefter:');
  return Buffer.from(s.slice(0, at) + text + s.slice(at), 'utf8');
}

beforeAll(async () => {
  dir = tempStore('sec-gib-send');
  for (const k of ENV) saved[k] = process.env[k];
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 50, validate: false });
  Object.assign(process.env, {
    EDEFTER_DATA_DIR: path.join(dir, 'data'),
    EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
    EDEFTER_SETTINGS: JSON.stringify({ gib: { environment: 'custom', endpoint: sim.url, trustList: [sim.trustPem], pollIntervalMs: 50, retryBaseMs: 10 } }),
  });
  await isolatedTokens(path.join(dir, 'token'), [{}]);
  const signer = await softwareSigner();
  month = await makeSignedMonth({ root: path.join(dir, 'books'), year: 2025, month: 1, signer, allowGap: true, withDr: false });
  // the same month built again with other entries: validly signed files that belong to other defters
  other = await makeSignedMonth({ root: path.join(dir, 'other'), year: 2025, month: 1, signer, allowGap: true, withDr: false, seed: 77 });
  const out = new PassThrough();
  out.resume();
  server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(out, out) });
  c = (await pairedClient(server, server.tls.caPem, [PORTAL, OTHER])).client;
}, 240_000);

afterAll(async () => {
  c?.close();
  await server?.close();
  await sim?.close();
  await shutdownTokenWorker().catch(() => undefined);
  for (const k of ENV)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GİB send: only consented packages leave', { timeout: 240_000 }, () => {
  it('the reproduction: [Y, YB] refused (gib-cancel), [K, KB] approved → the simulator receives only the KB package', async () => {
    const a = await prepare(docs(month, ['Y', 'YB']));
    expect(a.ok, JSON.stringify(a.error)).toBe(true);
    const prepA = a.result!;
    // staged privately, not in the month folder
    expect(staged()).toEqual([prepA.prepareId]);
    const st = path.join(stagingParent(), prepA.prepareId as string);
    expect(fs.statSync(st).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(st, nameOf('YB'))).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(originMonthFolder(PORTAL, VKN, PERIOD))).toBe(false);
    // the window lists every file with its SHA-256, as the bridge will upload it
    expect(prepA.packages).toEqual([
      {
        paketId: `${VKN}-${PERIOD}-YB-000000`,
        kind: 'YB',
        atGib: false,
        entries: ['Y', 'YB'].map((t) => {
          const b = fs.readFileSync(fileOf(month, t));
          return { name: nameOf(t), bytes: b.length, sha256: sha(b) };
        }),
      },
    ]);
    // the user refuses: the extension cancels, the staged files are gone
    expect(await c.request('gib-cancel', { prepareId: prepA.prepareId }, PORTAL)).toMatchObject({ ok: true, result: { cancelled: true } });
    expect(staged()).toEqual([]);

    const b = await prepare(docs(month, ['K', 'KB']));
    expect(b.ok, JSON.stringify(b.error)).toBe(true);
    // 2025: the KB package holds the KB only (the kebir is checked for the binding, not uploaded)
    expect((b.result!.packages as { entries: { name: string }[] }[]).map((p) => p.entries.map((e) => e.name))).toEqual([[nameOf('KB')]]);
    const sent = await send(b.result!);
    expect(sent.ok, JSON.stringify(sent.error)).toBe(true);
    expect((sent.result!.packages as { paketId: string; result: string }[]).map((p) => [p.paketId, p.result])).toEqual([
      [`${VKN}-${PERIOD}-KB-000000`, 'accepted'],
    ]);
    expect(uploads()).toEqual([`${VKN}-${PERIOD}-KB-000000`]);
    // the sent files moved into the month folder; nothing refused is there, nothing staged is left
    expect(fs.readdirSync(originMonthFolder(PORTAL, VKN, PERIOD)).sort()).toEqual([nameOf('K'), nameOf('KB')]);
    expect(staged()).toEqual([]);
    // audit: one gib-send record per package with its files and digests
    const audit = fs
      .readFileSync(path.join(dir, 'data', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const rec = audit.filter((r) => r.type === 'gib-send');
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({
      paketId: `${VKN}-${PERIOD}-KB-000000`,
      vkn: VKN,
      period: PERIOD,
      origin: PORTAL,
      result: 'accepted',
      files: [`${nameOf('KB')} sha256:${sha(fs.readFileSync(fileOf(month, 'KB')))}`],
    });
    expect(String(rec[0].certificate)).toContain(VKN);
  });

  it('the sent files live in the month folder: Onaylı Beratı İndir finds them, stores the approved berat there and audits it', async () => {
    const sessionId = await openSession();
    try {
      const r = (await c.request('gib-download', { sessionId, vkn: VKN, period: PERIOD, wait: true }, PORTAL, undefined, 120_000)) as Reply;
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      const pk = r.result!.packages as { paketId: string; state: string; approved?: { name: string; sha256: string } }[];
      expect(pk.map((p) => [p.paketId, p.state])).toEqual([[`${VKN}-${PERIOD}-KB-000000`, 'DOWNLOADED']]);
      const stored = path.join(originMonthFolder(PORTAL, VKN, PERIOD), `GIB-${nameOf('KB')}`);
      expect(sha(fs.readFileSync(stored))).toBe(pk[0].approved!.sha256);
      const audit = fs
        .readFileSync(path.join(dir, 'data', 'audit.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(audit.filter((x) => x.type === 'gib-download')).toMatchObject([
        {
          paketId: `${VKN}-${PERIOD}-KB-000000`,
          vkn: VKN,
          period: PERIOD,
          origin: PORTAL,
          result: 'DOWNLOADED',
          file: `GIB-${nameOf('KB')}`,
          sha256: pk[0].approved!.sha256,
        },
      ]);
    } finally {
      await c.request('session-close', { sessionId }, PORTAL);
    }
  });

  it('attacks on the consent binding: nothing but the approved list, once, by its own site, unchanged', async () => {
    const before = uploads().length;
    const fresh = async (): Promise<Record<string, unknown>> => {
      const r = await prepare(docs(month, ['Y', 'YB']));
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      return r.result!;
    };
    const res = await attack('gib-send', 'send other than the approved, prepared files', [
      // a file changed on disk between prepare and send
      async () => {
        const p = await fresh();
        const f = path.join(stagingParent(), p.prepareId as string, nameOf('YB'));
        const b = fs.readFileSync(f);
        b[b.length - 40] ^= 1;
        fs.writeFileSync(f, b);
        const r = await send(p);
        return refusedWith(r, 'VALIDATION_FAILED', nameOf('YB')) && !fs.existsSync(path.dirname(f));
      },
      // a file swapped for another validly signed one of the same name
      async () => {
        const p = await fresh();
        fs.copyFileSync(fileOf(other, 'Y'), path.join(stagingParent(), p.prepareId as string, nameOf('Y')));
        return refusedWith(await send(p), 'VALIDATION_FAILED', nameOf('Y'));
      },
      // files dropped into the staging folder are not packages of this send (the KB is at GİB: skipped)
      async () => {
        const r = await prepare(docs(month, ['K', 'KB']));
        const p = r.result!;
        for (const t of ['Y', 'YB']) fs.copyFileSync(fileOf(month, t), path.join(stagingParent(), p.prepareId as string, nameOf(t)));
        const out = await send(p);
        const results = (out.result?.packages as { paketId: string; result: string }[] | undefined)?.map((x) => [x.paketId, x.result]);
        return (
          out.ok === true &&
          JSON.stringify(results) === JSON.stringify([[`${VKN}-${PERIOD}-KB-000000`, 'skipped']]) &&
          !uploads().some((u) => u.includes('-YB-'))
        );
      },
      // the approved list names a package that was not prepared
      async () => {
        const p = await fresh();
        const list = approvedOf(p);
        list.push({ paketId: `${VKN}-${PERIOD}-KB-000000`, entries: [{ name: nameOf('KB'), sha256: sha(fs.readFileSync(fileOf(month, 'KB'))) }] });
        return refusedWith(await send(p, list), 'VALIDATION_FAILED');
      },
      // the approved list carries other digests than the window showed
      async () => {
        const p = await fresh();
        const list = approvedOf(p);
        list[0].entries[1].sha256 = sha(fs.readFileSync(fileOf(other, 'YB')));
        return refusedWith(await send(p, list), 'VALIDATION_FAILED');
      },
      // a send without the list the window approved is refused (the bridge never sends on its own list)
      async () => {
        const p = await fresh();
        const n = uploads().length;
        const r = await send(p, null);
        await c.request('gib-cancel', { prepareId: p.prepareId }, PORTAL);
        return refusedWith(r, 'BAD_INPUT') && uploads().length === n;
      },
      // a cancelled prepare cannot be sent
      async () => {
        const p = await fresh();
        await c.request('gib-cancel', { prepareId: p.prepareId }, PORTAL);
        return refusedWith(await send(p), 'SESSION_NOT_FOUND');
      },
      // another site can neither cancel nor send it
      async () => {
        const p = await fresh();
        const cancel = (await c.request('gib-cancel', { prepareId: p.prepareId }, OTHER)) as Reply;
        const o = (await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame' }, OTHER, PIN)) as Reply;
        const sessionId = (o.result as { sessionId: string }).sessionId;
        const foreign = (await c.request('gib-send', { sessionId, prepareId: p.prepareId, packages: approvedOf(p) }, OTHER, undefined, 60_000)) as Reply;
        await c.request('session-close', { sessionId }, OTHER);
        const still = staged().includes(p.prepareId as string) && PREPARED.has(p.prepareId as string);
        await c.request('gib-cancel', { prepareId: p.prepareId }, PORTAL);
        return cancel.ok === true && (cancel.result as { cancelled: boolean }).cancelled === false && refusedWith(foreign, 'SESSION_NOT_FOUND') && still;
      },
      // an expired prepare is gone with its files
      async () => {
        const p = await fresh();
        sweepPrepared(Date.now() + PREPARE_TTL_MS + 1);
        return !PREPARED.has(p.prepareId as string) && !staged().includes(p.prepareId as string) && refusedWith(await send(p), 'SESSION_NOT_FOUND');
      },
    ]);
    expect(res.served).toBe(0);
    // nothing of the YB package ever reached GİB
    expect(uploads().filter((u) => u.includes('-YB-'))).toEqual([]);
    expect(uploads().length - before).toBe(0);
    expect(staged()).toEqual([]);
  });
});

describe('GİB send: every file verified in full before it is listed', { timeout: 240_000 }, () => {
  it('refuses at prepare, naming the file: DOCTYPE anywhere, edited defters, broken signatures, unbound berats', async () => {
    const y = fs.readFileSync(fileOf(month, 'Y'));
    const yb = fs.readFileSync(fileOf(month, 'YB'));
    const k = fs.readFileSync(fileOf(month, 'K'));
    const xxe = '<!DOCTYPE edefter:berat [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n';
    /** one byte of the first amount changed, signature left as it was */
    const editAmount = (b: Buffer): Buffer => {
      const s = b.toString('latin1');
      const at = s.indexOf('>', s.indexOf('<gl-cor:amount')) + 1;
      const out = Buffer.from(b);
      out[at] = out[at] === 0x39 ? 0x38 : out[at] + 1;
      return out;
    };
    /** one ASCII letter of an account description changed (our rules still hold; only the signature can tell) */
    const editText = (b: Buffer): Buffer => {
      const s = b.toString('latin1');
      let at = s.indexOf('>', s.indexOf('<gl-cor:accountMainDescription')) + 1;
      while (!(b[at] >= 0x41 && b[at] <= 0x5a)) at++;
      const out = Buffer.from(b);
      out[at] = ((b[at] - 0x41 + 1) % 26) + 0x41;
      return out;
    };
    const tries: Array<() => Promise<boolean>> = [
      async () =>
        refusedWith(await prepare([doc('Y', y), doc('YB', beforeRoot(yb, `<!--${'x'.repeat(5 * 1024)}-->\n${xxe}`))]), 'DOCTYPE_FORBIDDEN', nameOf('YB')),
      async () =>
        refusedWith(
          await prepare([doc('Y', y), doc('YB', beforeRoot(yb, `<!--${'x'.repeat(5 * 1024)}-->\n${xxe.replace('DOCTYPE', 'doctype')}`))]),
          'DOCTYPE_FORBIDDEN',
          nameOf('YB'),
        ),
      // the keyword split across the 1 MiB read boundary
      async () => {
        const head = yb.toString('utf8').indexOf('<edefter:');
        const pad = (1 << 20) - head - 4 - 3 - 4; // "<!--" + pad + "-->" then "<!DO|CTYPE" across the boundary
        return refusedWith(await prepare([doc('Y', y), doc('YB', beforeRoot(yb, `<!--${'x'.repeat(pad)}-->${xxe}`))]), 'DOCTYPE_FORBIDDEN', nameOf('YB'));
      },
      // DOCTYPE inside the defter, after its root (not well-formed, and a DOCTYPE all the same)
      async () => {
        const s = y.toString('utf8');
        const at = s.lastIndexOf('</edefter:defter>');
        return refusedWith(
          await prepare([doc('Y', Buffer.from(s.slice(0, at) + `<!--${'y'.repeat(5000)}-->` + s.slice(at) + '\n' + xxe, 'utf8')), doc('YB', yb)]),
          'DOCTYPE_FORBIDDEN',
          nameOf('Y'),
        );
      },
      // defter edited after signing: one byte of an amount, signature left
      async () => {
        const r = await prepare([doc('Y', editAmount(y)), doc('YB', yb)]);
        return r.ok === false && r.error!.tr.includes(nameOf('Y')) && ['SIGNATURE_INVALID', 'VALIDATION_FAILED'].includes(r.error!.code);
      },
      // defter edited where only the signature can tell
      async () => refusedWith(await prepare([doc('Y', editText(y)), doc('YB', yb)]), 'SIGNATURE_INVALID', nameOf('Y')),
      async () => refusedWith(await prepare([doc('K', editText(k)), doc('KB', fs.readFileSync(fileOf(month, 'KB')))]), 'SIGNATURE_INVALID', nameOf('K')),
      // the berat itself edited
      async () => refusedWith(await prepare([doc('Y', y), doc('YB', editText(yb))]), 'SIGNATURE_INVALID', nameOf('YB')),
      // berats that are validly signed but belong to another defter of the same name
      async () => refusedWith(await prepare([doc('Y', y), doc('YB', fs.readFileSync(fileOf(other, 'YB')))]), 'SIGNATURE_INVALID', nameOf('YB')),
      async () => refusedWith(await prepare([doc('K', k), doc('KB', fs.readFileSync(fileOf(other, 'KB')))]), 'SIGNATURE_INVALID', nameOf('KB')),
      // a berat without its defter
      async () => refusedWith(await prepare([doc('YB', yb)]), 'BAD_INPUT', nameOf('Y')),
      // a berat without any signature
      async () => {
        const s = yb.toString('utf8');
        const unsigned = Buffer.from(s.slice(0, s.indexOf('<ds:Signature ')) + '</edefter:berat>\n', 'utf8');
        const r = await prepare([doc('Y', y), doc('YB', unsigned)]);
        return r.ok === false && r.error!.tr.includes(nameOf('YB'));
      },
    ];
    const res = await attack('gib-send', 'unverified files listed for GİB', tries);
    expect(res.served).toBe(0);
    expect(staged()).toEqual([]);
    expect(uploads().filter((u) => u.includes('-YB-'))).toEqual([]);
  });
});

describe('GİB send: nothing staged survives a bridge restart', { timeout: 120_000 }, () => {
  it('a prepared, never answered send is swept at start', async () => {
    const r = await prepare(docs(month, ['Y', 'YB']));
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(staged()).toEqual([r.result!.prepareId]);
    PREPARED.clear(); // the old process's memory is gone with it
    c.close();
    await server.close();
    const out = new PassThrough();
    out.resume();
    server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(out, out) });
    expect(staged()).toEqual([]);
    c = (await pairedClient(server, server.tls.caPem, [PORTAL, OTHER])).client;
  });
});
