/**
 * The demo integrator portal: a static page that looks like the seed's e-Defter screen, plus
 * the small back end an integrator would have (it builds the month's Yevmiye/Kebir with the
 * ledger module, builds berats from the signed defters, and keeps the files in a work folder).
 * Signing happens only in the browser, through the page API (`/edefter-page.js`).
 *
 * Used by `edefter portal`, the e2e tests and bench/roundtrip.ts.
 *   node scripts/run.mjs tsx test/portal/main.ts [--port 8443]
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const PUBLIC = path.join(here, 'public');
const PAGE_LIB = path.join(repoRoot, 'packages', 'protocol', 'dist', 'edefter-page.js');

/** Statuses as the seed's screen names them. */
export type RowStatus = 'İşlem Yapılmadı' | 'Dosya Oluşturuldu' | 'Dosya İmzalandı' | 'Berat Oluşturuldu' | 'Berat İmzalandı'
  | "GİB'e Gönderildi" | 'Onaylı Berat İndirildi' | "GİB'e Gönderilemedi" | 'GİB Tarafından Reddedildi' | 'Onaylı Berat İndirilemedi';
/** Statuses the page may set after a GİB step (from the bridge's answer). */
const GIB_STATUSES: RowStatus[] = ["GİB'e Gönderildi", 'Onaylı Berat İndirildi', "GİB'e Gönderilemedi", 'GİB Tarafından Reddedildi', 'Onaylı Berat İndirilemedi'];
/** File slots of a row. */
export type Slot = 'defter' | 'defter-imzali' | 'berat' | 'berat-imzali' | 'gib-berat';

/** One e-Defter row. */
export interface PortalRow {
  id: string;
  type: 'Yevmiye' | 'Kebir';
  kind: 'yevmiye' | 'kebir';
  beratKind: 'yevmiye-berati' | 'kebir-berati';
  kontrolNo?: string;
  period: string;
  unit: string;
  start: string;
  end: string;
  status: RowStatus;
  /** slot → file path */
  files: Partial<Record<Slot, string>>;
  /** slot → GİB file name */
  names: Partial<Record<Slot, string>>;
}

/** Options of {@link startPortal}. */
export interface PortalOptions {
  /** 0 = any free port */
  port?: number;
  /** work folder for the month's files (default: a new temp folder, removed by close()) */
  workDir?: string;
  /** period YYYY-MM (default 2026-10) */
  month?: string;
  /** yevmiye maddeleri generated for the month (default 40) */
  entries?: number;
}

/** A running portal. */
export interface Portal {
  /** `http://127.0.0.1:<port>` (an origin: no trailing slash) */
  origin: string;
  rows: PortalRow[];
  workDir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

/** Makes sure the page library bundle exists (builds it with vite when missing). */
export function ensurePageLibrary(): string {
  if (!fs.existsSync(PAGE_LIB)) {
    const r = spawnSync('pnpm', ['--filter', '@edefter/protocol', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(PAGE_LIB)) throw new Error('page library build failed: pnpm --filter @edefter/protocol build');
  }
  return PAGE_LIB;
}

function lastDay(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Dosya Oluştur: the month's Y and K from a generated ERP export, with the ledger module. */
async function buildDefters(workDir: string, month: string, entries: number): Promise<{ y: string; k: string; uniqueY: string; uniqueK: string }> {
  const [year, mm] = month.split('-').map(Number);
  const { writeMonthCsv } = await import('../fixtures/generate-month.ts');
  const { buildMonth } = await import('../../packages/bridge/src/ledger/build.ts');
  const { loadCompanyProfile } = await import('../../packages/bridge/src/ledger/company.ts');
  const csv = path.join(workDir, `6090408038-${year}${String(mm).padStart(2, '0')}.csv`);
  await writeMonthCsv(csv, { year, month: mm, entries, seed: 42 });
  const company = await loadCompanyProfile(path.join(repoRoot, 'test', 'fixtures', 'company.json'));
  const outDir = path.join(workDir, 'defterler');
  fs.mkdirSync(outDir, { recursive: true });
  const res = await buildMonth({
    exportPath: csv, company, outRoot: path.join(workDir, 'root'), outDir, allowGap: true,
    creationDate: new Date(Date.UTC(year, mm, 3)).toISOString().slice(0, 10),
    numbering: { lastEntryNumberCounter: 0, lastLineNumber: 0, lastUniqueCounter: 0 },
    warn: () => undefined,
  });
  const part = res.parts[0];
  return { y: part.y.path, k: part.k.path, uniqueY: part.uniqueY, uniqueK: part.uniqueK };
}

/** Berat Oluştur: the berat of a signed defter, with the ledger module's berat builder. */
async function buildBeratFor(signedDefter: string, outFile: string): Promise<void> {
  const { buildBerat } = await import('../../packages/bridge/src/ledger/berat.ts');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  await buildBerat({ defter: signedDefter, output: outFile });
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => { n += c.length; if (n > limit) { reject(new Error('too large')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/**
 * Starts the portal on 127.0.0.1.
 * @returns its origin, live rows, work folder and close()
 */
export async function startPortal(opts: PortalOptions = {}): Promise<Portal> {
  ensurePageLibrary();
  const ownWork = !opts.workDir;
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-portal-'));
  fs.mkdirSync(workDir, { recursive: true });
  const month = opts.month ?? '2026-10';
  const [year, mm] = month.split('-').map(Number);
  const ym = `${year}${String(mm).padStart(2, '0')}`;
  const base = { period: `${year}/${String(mm).padStart(2, '0')}`, unit: 'Merkez', start: `${month}-01`, end: lastDay(year, mm), status: 'İşlem Yapılmadı' as RowStatus, files: {}, names: {} };
  const rows: PortalRow[] = [
    { ...base, id: 'y', type: 'Yevmiye', kind: 'yevmiye', beratKind: 'yevmiye-berati', files: {}, names: {} },
    { ...base, id: 'k', type: 'Kebir', kind: 'kebir', beratKind: 'kebir-berati', files: {}, names: {} },
  ];
  const row = (id: string): PortalRow | undefined => rows.find((r) => r.id === id);
  const setFile = (r: PortalRow, slot: Slot, file: string): void => {
    r.files[slot] = file;
    const t = r.kind === 'yevmiye' ? 'Y' : 'K';
    r.names[slot] = `${slot === 'gib-berat' ? 'GIB-' : ''}6090408038-${ym}-${slot.startsWith('berat') || slot === 'gib-berat' ? `${t}B` : t}-000000.xml`;
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const p = url.pathname;
      try {
        if (req.method === 'GET' && p === '/edefter-page.js') return send(res, 200, fs.readFileSync(PAGE_LIB), TYPES['.js']);
        if (req.method === 'GET' && p === '/api/defterler') return send(res, 200, JSON.stringify(rows.map(({ files, ...r }) => ({ ...r, files: Object.fromEntries(Object.keys(files).map((k) => [k, true])) }))), 'application/json');
        if (req.method === 'POST' && p === '/api/olustur') {
          const { ids } = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as { ids: string[] };
          const built = await buildDefters(workDir, month, opts.entries ?? 40);
          for (const r of rows.filter((x) => ids.includes(x.id))) {
            for (const s of ['defter-imzali', 'berat', 'berat-imzali'] as Slot[]) { delete r.files[s]; delete r.names[s]; }
            setFile(r, 'defter', r.kind === 'yevmiye' ? built.y : built.k);
            r.kontrolNo = r.kind === 'yevmiye' ? built.uniqueY : built.uniqueK;
            r.status = 'Dosya Oluşturuldu';
          }
          return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
        }
        if (req.method === 'POST' && p === '/api/berat') {
          const { ids } = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as { ids: string[] };
          for (const r of rows.filter((x) => ids.includes(x.id))) {
            const signed = r.files['defter-imzali'];
            if (!signed) throw new Error(`${r.type}: önce dosyayı imzalayın`);
            setFile(r, 'berat', '');
            const out = path.join(workDir, 'berat', r.names.berat!);
            await buildBeratFor(signed, out);
            r.files.berat = out;
            delete r.files['berat-imzali'];
            r.status = 'Berat Oluşturuldu';
          }
          return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
        }
        if (req.method === 'POST' && p === '/api/gib-durum') {
          // GİB'e Gönder / Onaylı Beratı İndir: the page reports the bridge's statuses for its rows
          const { rows: updates } = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as { rows: { id: string; status: RowStatus }[] };
          for (const u of updates) {
            const r = row(u.id);
            if (r && GIB_STATUSES.includes(u.status)) r.status = u.status;
          }
          return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
        }
        const m = /^\/api\/dosya\/(\w+)\/(defter|defter-imzali|berat|berat-imzali|gib-berat)$/.exec(p);
        if (m) {
          const r = row(m[1]);
          const slot = m[2] as Slot;
          if (!r) return send(res, 404, JSON.stringify({ error: 'no such row' }), 'application/json');
          if (req.method === 'GET') {
            const f = r.files[slot];
            if (!f) return send(res, 404, JSON.stringify({ error: 'no such file' }), 'application/json');
            res.setHeader('content-disposition', `attachment; filename="${r.names[slot]}"`);
            return send(res, 200, fs.readFileSync(f), 'application/xml');
          }
          if (req.method === 'PUT' && slot === 'gib-berat') {
            const body = await readBody(req, 64 * 1024 * 1024);
            setFile(r, slot, '');
            const out = path.join(workDir, slot, r.names[slot]!);
            fs.mkdirSync(path.dirname(out), { recursive: true });
            fs.writeFileSync(out, body);
            r.files[slot] = out;
            return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
          }
          if (req.method === 'PUT' && (slot === 'defter-imzali' || slot === 'berat-imzali')) {
            const body = await readBody(req, 64 * 1024 * 1024);
            setFile(r, slot, '');
            const out = path.join(workDir, slot, r.names[slot]!);
            fs.mkdirSync(path.dirname(out), { recursive: true });
            fs.writeFileSync(out, body);
            r.files[slot] = out;
            r.status = slot === 'defter-imzali' ? 'Dosya İmzalandı' : 'Berat İmzalandı';
            return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
          }
        }
        if (req.method === 'GET') {
          const rel = p === '/' ? 'index.html' : p.slice(1);
          const file = path.join(PUBLIC, path.normalize(rel));
          if (file.startsWith(PUBLIC + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
            return send(res, 200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
          }
        }
        send(res, 404, JSON.stringify({ error: 'not found' }), 'application/json');
      } catch (e) {
        send(res, 500, JSON.stringify({ error: (e as Error).message }), 'application/json');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()); });
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    rows,
    workDir,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownWork) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
