/**
 * GİB e-Defter web service simulator (TEST ONLY) — started by the demo and by the tests.
 *
 * Faithful to spec §4 where it matters to the bridge: SOAP 1.2 with WS-Security (signature over
 * Timestamp and Body, X509PKIPathv1 token, Timestamp window), the three operations and their
 * error codes, package names and contents (K no longer uploaded from 2025-01), signatures
 * (xmlsec1), schema + schematron (when a validator is given), the defter ↔ berat SignatureValue
 * binding, continuity with earlier months, asynchronous processing with a configurable delay,
 * approved berats counter-signed by "GİB TEST Mali Mühür" (demo CA), durable state on disk, and
 * fault injection (HTTP 5xx, timeouts, slow answers, dropped connections, any GİB code,
 * processing failures).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { demoPkiDir } from '@edefter/dev/pki/demo-identity.ts';
import { validateGibFile } from '@edefter/bridge/gib/validation.ts';
import { FaultPlan, type FaultRule } from './faults.ts';
import { processStage, type Validator } from './processing.ts';
import { ensureSeal } from './seal.ts';
import { handleSoap, SERVICE_PATH, type ServerContext } from './server.ts';
import { StateStore, type SimState, type Upload } from './state.ts';

export type { FaultRule, Validator, SimState, Upload };
export { SERVICE_PATH };

/** Options of {@link startGibSimulator}. */
export interface GibSimOptions {
  /** Folder for durable state (state.json, uploads, approved berats, the seal key). */
  stateDir: string;
  /** TCP port on 127.0.0.1 (default 0 = any free port). */
  port?: number;
  /** Delay of each processing stage, ms (default 1 000; tests use ~50). */
  delayMs?: number;
  /** Fault rules (see faults.ts); can be changed later with `setFaults` / `addFault`. */
  faults?: FaultRule[];
  /** The simulator's clock = real clock + offset, ms (Date header and Timestamp checks). */
  clockOffsetMs?: number;
  /** CA bundle (PEM file) trusted for taxpayer and SOAP signatures (default var/demo-pki/ca.pem). */
  trustPem?: string;
  /** Software firms allowed to act for any VKN (their VKN, or a subject substring). */
  authorizedSenders?: string[];
  /** VKNs refused with 114. */
  blockedVkns?: string[];
  /** Largest package in bytes before 106 (default 500 MiB). */
  maxPackageBytes?: number;
  /**
   * Schema + schematron validator; default: GİB's XSD and schematron through the project's
   * validate module (bridge gib/validation.ts). `false` switches it off (fast fault tests).
   */
  validate?: Validator | false;
  /** Log lines (default: silent). */
  log?: (line: string) => void;
}

/** A running simulator. */
export interface GibSimulator {
  /** Service endpoint URL (`http://127.0.0.1:<port>/edefter/services/EDefterWsPort`). */
  url: string;
  port: number;
  /** PEM of the TEST GİB seal certificate, and the path of its issuer bundle (trust this for approved berats). */
  sealPem: string;
  trustPem: string;
  /** Current state (a copy). */
  state(): SimState;
  /** Accepted uploads of a package (each one counts: the never-twice tests read this). */
  uploadsOf(paketId: string): Upload[];
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  /** Sets the simulator's clock offset, ms. */
  setClockOffset(ms: number): void;
  /** Resolves when no upload is waiting for processing. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the simulator. */
export async function startGibSimulator(opts: GibSimOptions): Promise<GibSimulator> {
  const store = new StateStore(opts.stateDir);
  const seal = await ensureSeal(path.join(opts.stateDir, 'seal'));
  const trustPem = opts.trustPem ?? path.join(demoPkiDir(), 'ca.pem');
  const trusted = [...fs.readFileSync(trustPem, 'utf8').matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) =>
    Buffer.from(new X509Certificate(m[0]).raw),
  );
  const faults = new FaultPlan(opts.faults);
  let offset = opts.clockOffsetMs ?? 0;
  const now = (): number => Date.now() + offset;
  const log = opts.log ?? (() => undefined);
  const delayMs = opts.delayMs ?? 1000;
  const held = new Set<http.ServerResponse>();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let idleWaiters: (() => void)[] = [];

  const pending = (): Upload[] => store.state.uploads.filter((u) => u.stage === 'queued' || u.stage === 'berat-ok').sort((a, b) => a.seq - b.seq);
  const validate: Validator | undefined =
    opts.validate === false
      ? undefined
      : (opts.validate ??
        (async (file) => {
          const r = await validateGibFile(file);
          if (r.skipped) log(`validation skipped for ${path.basename(file)}: ${r.skipped}`);
          return r;
        }));
  const pctx = { store, seal, trustPem, validate, faults, delayMs, now, log };
  async function pump(): Promise<void> {
    if (running || closed) return;
    running = true;
    try {
      // in upload order: a later package waits for the earlier ones (continuity)
      for (;;) {
        const first = pending()[0];
        if (!first || closed) break;
        if (first.dueAt > now()) {
          schedule(first.dueAt - now());
          break;
        }
        await processStage(pctx, first);
      }
    } finally {
      running = false;
    }
    if (!pending().length) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  }
  function schedule(ms: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = undefined;
        void pump();
      },
      Math.max(1, ms),
    );
  }
  const kick = (): void => {
    if (!running) schedule((pending()[0]?.dueAt ?? now() + delayMs) - now());
  };

  const sctx: ServerContext = {
    store,
    faults,
    now,
    trusted,
    authorizedSenders: opts.authorizedSenders ?? [],
    blockedVkns: opts.blockedVkns ?? [],
    maxPackageBytes: opts.maxPackageBytes ?? 500 << 20,
    delayMs,
    kick,
    log,
    held,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'HEAD' || (req.method === 'GET' && !url.pathname.startsWith('/_sim/'))) {
      store.count('HEAD');
      const f = faults.take('HEAD', undefined);
      if (f?.kind === 'timeout') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (f?.kind === 'drop') {
        res.socket?.destroy();
        return;
      }
      res.writeHead(f?.kind === 'http' ? (f.status ?? 503) : 200, { Date: new Date(now()).toUTCString(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'GİB e-Defter web servisi simülatörü (TEST)\n');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (url.pathname === '/_sim/state' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(store.state));
      } else if (url.pathname === '/_sim/faults' && req.method === 'POST') {
        try {
          faults.set(JSON.parse(body) as FaultRule[]);
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      } else if (url.pathname === SERVICE_PATH && req.method === 'POST') {
        handleSoap(sctx, body, res).catch((e: Error) => {
          log(`internal error: ${e.stack}`);
          if (!res.headersSent) res.writeHead(500).end();
        });
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  if (pending().length) schedule(1); // resume after a restart
  log(`GİB simulator on http://127.0.0.1:${port}${SERVICE_PATH} (state ${opts.stateDir})`);
  return {
    url: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    port,
    sealPem: seal.certPem,
    trustPem,
    state: () => JSON.parse(JSON.stringify(store.state)) as SimState,
    uploadsOf: (id) => store.uploadsOf(id),
    setFaults: (r) => faults.set(r),
    addFault: (r) => faults.add(r),
    setClockOffset: (ms) => {
      offset = ms;
    },
    idle: () =>
      pending().length
        ? new Promise<void>((r) => {
            idleWaiters.push(r);
            if (!timer && !running) schedule(1);
          })
        : Promise.resolve(),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const r of held) r.socket?.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
