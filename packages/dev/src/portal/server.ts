/**
 * The demo integrator portal: a static page that looks like the seed's e-Defter screen, plus
 * the small back end an integrator would have (it builds the month's Yevmiye/Kebir with the
 * ledger module, builds berats from the signed defters, and keeps the files in a work folder).
 * Signing happens only in the browser, through the page API (`/edefter-page.js`).
 *
 * Like the seed's screen: one row per book and part (Yevmiye, Kebir — one pair per part when the
 * month is parçalı, dates saved with "Tarihleri Kaydet") and a Defter Raporu row, with madde range
 * and Toplam Borç / Toplam Alacak; "Dosya Sorgula" lists the exports of an import folder
 * (import-folder.ts) read with the page's CSV options (başlık satırı, ayraç).
 *
 * Used by `edefter-dev portal`, the e2e tests and bench/roundtrip.ts.
 *   node scripts/run.mjs tsx packages/dev/src/portal/main.ts [--port 8443]
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listImportFolder, type CsvOptions } from './import-folder.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..', '..');
const PUBLIC = path.join(here, 'public');
const PAGE_LIB = path.join(repoRoot, 'packages', 'protocol', 'dist', 'edefter-page.js');

/** Statuses as the seed's screen names them. */
export type RowStatus =
  | 'İşlem Yapılmadı'
  | 'Dosya Oluşturuldu'
  | 'Dosya İmzalandı'
  | 'Berat Oluşturuldu'
  | 'Berat İmzalandı'
  | "GİB'e Gönderildi"
  | 'Onaylı Berat İndirildi'
  | "GİB'e Gönderilemedi"
  | 'GİB Tarafından Reddedildi'
  | 'Onaylı Berat İndirilemedi';
/** Statuses the page may set after a GİB step (from the bridge's answer). */
const GIB_STATUSES: RowStatus[] = [
  "GİB'e Gönderildi",
  'Onaylı Berat İndirildi',
  "GİB'e Gönderilemedi",
  'GİB Tarafından Reddedildi',
  'Onaylı Berat İndirilemedi',
];
/** File slots of a row. */
export type Slot = 'defter' | 'defter-imzali' | 'berat' | 'berat-imzali' | 'gib-berat';

/** One e-Defter row. */
export interface PortalRow {
  /** `y`, `k`, `dr` for the whole month; `y-000001`, `k-000001`, … for the parts of a parçalı month */
  id: string;
  type: 'Yevmiye' | 'Kebir' | 'Defter Raporu';
  kind: 'yevmiye' | 'kebir' | 'defter-raporu';
  /** absent for the Defter Raporu (it has no berat) */
  beratKind?: 'yevmiye-berati' | 'kebir-berati';
  /** GİB part number, `000000` = the whole month */
  part: string;
  kontrolNo?: string;
  period: string;
  unit: string;
  /** ISO dates */
  start: string;
  end: string;
  /** madde range of the part (`1–40`), once built */
  maddeRange?: string;
  /** Toplam Borç / Toplam Alacak of the part, kuruş as decimal strings, once built */
  totalDebit?: string;
  totalCredit?: string;
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
  /** folder listed by Dosya Sorgula (default: none, an empty table) */
  importDir?: string;
}

/** A running portal. */
export interface Portal {
  /** `http://127.0.0.1:<port>` (an origin: no trailing slash) */
  origin: string;
  rows: PortalRow[];
  workDir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** Makes sure the page library bundle exists (builds it with vite when missing). */
export function ensurePageLibrary(): string {
  if (!fs.existsSync(PAGE_LIB)) {
    const r = spawnSync('pnpm', ['--filter', '@edefter/protocol', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(PAGE_LIB)) throw new Error('page library build failed: pnpm --filter @edefter/protocol build');
  }
  return PAGE_LIB;
}

/** The day after an ISO date. */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function lastDay(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** One built part, as the rows show it. */
interface BuiltPart {
  part: string;
  y: string;
  k: string;
  yName: string;
  kName: string;
  uniqueY: string;
  uniqueK: string;
  start: string;
  end: string;
  firstEntry: number;
  lastEntry: number;
  totalDebit: bigint;
  totalCredit: bigint;
}

/**
 * Dosya Oluştur: the month's Y and K (one pair per part when `splitAt` is given) from a generated
 * ERP export, and the Defter Raporu, with the ledger module.
 */
async function buildDefters(
  workDir: string,
  month: string,
  entries: number,
  splitAt: string[],
): Promise<{ parts: BuiltPart[]; dr: { path: string; name: string }; totalDebit: bigint; totalCredit: bigint }> {
  const [year, mm] = month.split('-').map(Number);
  const { writeMonthCsv } = await import('../fixtures/generate-month.ts');
  const { buildMonth } = await import('@edefter/bridge/ledger/build.ts');
  const { buildDefterRaporu } = await import('@edefter/bridge/ledger/defter-raporu.ts');
  const { loadCompanyProfile } = await import('@edefter/bridge/ledger/company.ts');
  const csv = path.join(workDir, `6090408038-${year}${String(mm).padStart(2, '0')}.csv`);
  await writeMonthCsv(csv, { year, month: mm, entries, seed: 42 });
  const company = await loadCompanyProfile(path.join(repoRoot, 'test', 'fixtures', 'company.json'));
  const outDir = path.join(workDir, 'defterler');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const creationDate = new Date(Date.UTC(year, mm, 3)).toISOString().slice(0, 10);
  const res = await buildMonth({
    exportPath: csv,
    company,
    outRoot: path.join(workDir, 'root'),
    outDir,
    allowGap: true,
    creationDate,
    ...(splitAt.length ? { splitAt } : {}),
    numbering: { lastEntryNumberCounter: 0, lastLineNumber: 0, lastUniqueCounter: 0 },
    warn: () => undefined,
  });
  fs.mkdirSync(path.join(workDir, 'dr'), { recursive: true });
  const dr = await buildDefterRaporu({ company, month: res.month, accounts: res.accounts, dir: path.join(workDir, 'dr'), creationDate });
  let start = `${month}-01`;
  const parts = res.parts.map((p, i): BuiltPart => {
    const end = splitAt[i] ?? lastDay(year, mm);
    const part = res.parts.length > 1 ? String(i + 1).padStart(6, '0') : '000000';
    const out = {
      part,
      y: p.y.path,
      k: p.k.path,
      yName: p.y.name,
      kName: p.k.name,
      uniqueY: p.uniqueY,
      uniqueK: p.uniqueK,
      start,
      end,
      firstEntry: p.firstEntry,
      lastEntry: p.lastEntry,
      totalDebit: p.totalDebit,
      totalCredit: p.totalCredit,
    };
    start = nextDay(end);
    return out;
  });
  return { parts, dr: { path: dr.path, name: dr.name }, totalDebit: res.totalDebit, totalCredit: res.totalCredit };
}

/** Berat Oluştur: the berat of a signed defter, with the ledger module's berat builder. */
async function buildBeratFor(signedDefter: string, outFile: string): Promise<void> {
  const { buildBerat } = await import('@edefter/bridge/flows/berat.ts');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  await buildBerat({ defter: signedDefter, output: outFile });
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
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
  const period = `${year}/${String(mm).padStart(2, '0')}`;
  /** "Tarihleri Kaydet": the parçalı dates (ISO, each ends a part) */
  let splitAt: string[] = [];
  /** the CSV options of the page, used by Dosya Sorgula */
  let csv: CsvOptions = { header: true, delimiter: ';' };
  const fresh = (id: string, type: PortalRow['type'], part: string, start: string, end: string): PortalRow => ({
    id,
    type,
    part,
    period,
    unit: 'Merkez',
    start,
    end,
    status: 'İşlem Yapılmadı',
    files: {},
    names: {},
    ...(type === 'Yevmiye'
      ? { kind: 'yevmiye', beratKind: 'yevmiye-berati' }
      : type === 'Kebir'
        ? { kind: 'kebir', beratKind: 'kebir-berati' }
        : { kind: 'defter-raporu' }),
  });
  /** The rows of the saved plan: a Y/K pair per part, then the Defter Raporu. */
  const planRows = (): PortalRow[] => {
    const out: PortalRow[] = [];
    let start = `${month}-01`;
    const ends = [...splitAt, lastDay(year, mm)];
    ends.forEach((end, i) => {
      const part = ends.length > 1 ? String(i + 1).padStart(6, '0') : '000000';
      const sfx = part === '000000' ? '' : `-${part}`;
      out.push(fresh(`y${sfx}`, 'Yevmiye', part, start, end), fresh(`k${sfx}`, 'Kebir', part, start, end));
      start = nextDay(end);
    });
    out.push(fresh('dr', 'Defter Raporu', '000000', `${month}-01`, lastDay(year, mm)));
    return out;
  };
  const rows: PortalRow[] = planRows();
  const row = (id: string): PortalRow | undefined => rows.find((r) => r.id === id);
  /** GİB file name of a slot, from the defter's own name (`…-Y-000000.xml` → `…-YB-000000.xml`, `GIB-…`). */
  const setFile = (r: PortalRow, slot: Slot, file: string): void => {
    r.files[slot] = file;
    const base = r.names.defter ?? '';
    const berat = base.replace(/-([YK])-(\d{6}\.xml)$/, '-$1B-$2');
    r.names[slot] = slot === 'defter' || slot === 'defter-imzali' ? base : slot === 'gib-berat' ? `GIB-${berat}` : berat;
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const p = url.pathname;
      try {
        if (req.method === 'GET' && p === '/edefter-page.js') return send(res, 200, fs.readFileSync(PAGE_LIB), TYPES['.js']);
        if (req.method === 'GET' && p === '/api/defterler')
          return send(
            res,
            200,
            JSON.stringify(rows.map(({ files, ...r }) => ({ ...r, files: Object.fromEntries(Object.keys(files).map((k) => [k, true])) }))),
            'application/json',
          );
        if (req.method === 'GET' && p === '/api/ayarlar') return send(res, 200, JSON.stringify({ splitAt, csv, period }), 'application/json');
        if (req.method === 'POST' && p === '/api/tarihler') {
          // Tarihleri Kaydet: the parçalı dates of the month; the rows are planned again
          const { splitAt: dates } = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as { splitAt: string[] };
          const clean = [...new Set(dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)))].sort();
          if (clean.some((d) => !d.startsWith(month) || d >= lastDay(year, mm)))
            return send(res, 400, JSON.stringify({ error: `Parça tarihleri ${period} dönemi içinde ve ay sonundan önce olmalı.` }), 'application/json');
          splitAt = clean;
          rows.splice(0, rows.length, ...planRows());
          return send(res, 200, JSON.stringify({ ok: true, splitAt }), 'application/json');
        }
        if (req.method === 'POST' && p === '/api/csv') {
          const o = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as Partial<CsvOptions>;
          csv = { header: o.header !== false, delimiter: [';', ',', '\t', '|'].includes(o.delimiter ?? '') ? o.delimiter! : ';' };
          return send(res, 200, JSON.stringify({ ok: true, csv }), 'application/json');
        }
        if (req.method === 'GET' && p === '/api/dosya-sorgula') {
          return send(
            res,
            200,
            JSON.stringify({ folder: opts.importDir ?? null, files: opts.importDir ? await listImportFolder(opts.importDir, csv) : [] }),
            'application/json',
          );
        }
        if (req.method === 'POST' && p === '/api/olustur') {
          const { ids } = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as { ids: string[] };
          const built = await buildDefters(workDir, month, opts.entries ?? 40, splitAt);
          for (const r of rows.filter((x) => ids.includes(x.id) || x.kind === 'defter-raporu')) {
            for (const s of ['defter-imzali', 'berat', 'berat-imzali', 'gib-berat'] as Slot[]) {
              delete r.files[s];
              delete r.names[s];
            }
            if (r.kind === 'defter-raporu') {
              r.names.defter = built.dr.name;
              setFile(r, 'defter', built.dr.path);
              r.totalDebit = built.totalDebit.toString();
              r.totalCredit = built.totalCredit.toString();
              r.maddeRange = `${built.parts[0]?.firstEntry ?? 0}–${built.parts.at(-1)?.lastEntry ?? 0}`;
              r.status = 'Dosya Oluşturuldu';
              continue;
            }
            const b = built.parts.find((x) => x.part === r.part);
            if (!b) continue;
            r.names.defter = r.kind === 'yevmiye' ? b.yName : b.kName;
            setFile(r, 'defter', r.kind === 'yevmiye' ? b.y : b.k);
            r.kontrolNo = r.kind === 'yevmiye' ? b.uniqueY : b.uniqueK;
            r.maddeRange = `${b.firstEntry}–${b.lastEntry}`;
            r.totalDebit = b.totalDebit.toString();
            r.totalCredit = b.totalCredit.toString();
            r.status = 'Dosya Oluşturuldu';
          }
          return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
        }
        if (req.method === 'POST' && p === '/api/berat') {
          const { ids } = JSON.parse((await readBody(req, 10_000)).toString('utf8')) as { ids: string[] };
          for (const r of rows.filter((x) => ids.includes(x.id) && x.beratKind)) {
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
        const m = /^\/api\/dosya\/([\w-]+?)\/(defter|defter-imzali|berat|berat-imzali|gib-berat)$/.exec(p);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
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
