/**
 * GİB upload packages in the workflow database: one row per paket ID
 * (`VKN-YYYYMM-{YB,KB,DR}-PPPPPP[-ŞŞŞŞ]`, spec §1.8) with its zip (path + SHA-256), its state
 * (@edefter/domain PackageState), the number of upload calls made, GİB's last answer and the
 * approved berat once downloaded. Every change is written to the history.
 */
import { PackageState, PACKAGE_STATE_LABELS, bookOf, type MonthPartKey, type PackageKind } from '@edefter/domain';
import type { Actor } from './actor.ts';
import { rowToHistory, type HistoryRow, type LedgerKey, type StoredError, type WorkflowStore } from './store.ts';

/** One package row. Times are ISO 8601 UTC. */
export interface PackageRow {
  id: number;
  /** Paket ID without `.zip`. */
  name: string;
  vkn: string;
  period: string;
  part: string;
  branch: string;
  kind: PackageKind;
  ledgerId?: number;
  zipPath?: string;
  sha256?: string;
  bytes?: number;
  /** Names of the zip entries. */
  entries: string[];
  state: PackageState;
  endpoint?: string;
  /** sendDocumentFile calls made for this package (including failed ones). */
  attempts: number;
  gibCode?: string;
  gibMessage?: string;
  error?: StoredError;
  sentAt?: string;
  approvedAt?: string;
  downloadedAt?: string;
  approvedPath?: string;
  approvedSha256?: string;
  createdAt: string;
  updatedAt: string;
}

/** Fields {@link updatePackage} may change. `error: null` clears the stored error. */
export interface PackagePatch {
  state?: PackageState;
  zipPath?: string;
  sha256?: string;
  bytes?: number;
  entries?: string[];
  endpoint?: string;
  attempts?: number;
  gibCode?: string | null;
  gibMessage?: string | null;
  error?: StoredError | null;
  sentAt?: string;
  approvedAt?: string;
  downloadedAt?: string;
  approvedPath?: string;
  approvedSha256?: string;
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function rowToPackage(r: Raw): PackageRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    vkn: String(r.vkn),
    period: String(r.period),
    part: String(r.part),
    branch: String(r.branch),
    kind: r.kind as PackageKind,
    ledgerId: r.ledger_id == null ? undefined : Number(r.ledger_id),
    zipPath: str(r.zip_path),
    sha256: str(r.sha256),
    bytes: r.bytes == null ? undefined : Number(r.bytes),
    entries: r.entries ? (JSON.parse(String(r.entries)) as string[]) : [],
    state: String(r.state) as PackageState,
    endpoint: str(r.endpoint),
    attempts: Number(r.attempts),
    gibCode: str(r.gib_code),
    gibMessage: str(r.gib_message),
    error: r.error_code ? { code: String(r.error_code), tr: String(r.error_tr ?? ''), en: String(r.error_en ?? '') } : undefined,
    sentAt: str(r.sent_at),
    approvedAt: str(r.approved_at),
    downloadedAt: str(r.downloaded_at),
    approvedPath: str(r.approved_path),
    approvedSha256: str(r.approved_sha256),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

/** The row of book a package belongs to: YB → Y, KB → K, EB → E, DR → DR. */
export function ledgerKeyOfPackage(p: MonthPartKey & { kind: PackageKind }): LedgerKey {
  return { vkn: p.vkn, period: p.period, part: p.part, branch: p.branch ?? '', book: bookOf(p.kind) };
}

/** Returns the package `name`, or undefined. */
export function getPackage(store: WorkflowStore, name: string): PackageRow | undefined {
  const r = store.db.prepare('SELECT * FROM packages WHERE name=?').get(name) as Raw | undefined;
  return r ? rowToPackage(r) : undefined;
}

/** Packages of a company and (optionally) period, ordered by period, part, kind (YB, KB, DR). */
export function listPackages(store: WorkflowStore, filter: { vkn?: string; period?: string } = {}): PackageRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.vkn) {
    where.push('vkn=?');
    args.push(filter.vkn);
  }
  if (filter.period) {
    where.push('period=?');
    args.push(filter.period);
  }
  const sql = `SELECT * FROM packages ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
               ORDER BY vkn, period, CASE kind WHEN 'DR' THEN 1 ELSE 0 END, part, branch, CASE kind WHEN 'YB' THEN 0 ELSE 1 END`;
  return (store.db.prepare(sql).all(...args) as Raw[]).map(rowToPackage);
}

/**
 * Creates the package row (state BUILT) if missing; an existing row is returned unchanged, so a
 * package that was already sent keeps its state (idempotent step).
 */
export function ensurePackage(
  store: WorkflowStore,
  p: { name: string; vkn: string; period: string; part: string; branch?: string; kind: PackageKind },
  actor: Actor,
): PackageRow {
  return store.tx(() => {
    const cur = getPackage(store, p.name);
    if (cur) return cur;
    const ledger = store.ensureLedger(ledgerKeyOfPackage(p));
    const t = new Date().toISOString();
    store.db
      .prepare(`INSERT INTO packages (name, vkn, period, part, branch, kind, ledger_id, state, created_at, updated_at)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(p.name, p.vkn, p.period, p.part, p.branch ?? '', p.kind, ledger.id, PackageState.Built, t, t);
    const row = getPackage(store, p.name)!;
    store.addHistory({ ledgerId: ledger.id, packageId: row.id, action: 'package.created', toStatus: PackageState.Built, actor, message: p.name });
    return row;
  });
}

const COLS: Record<keyof PackagePatch, string> = {
  state: 'state',
  zipPath: 'zip_path',
  sha256: 'sha256',
  bytes: 'bytes',
  entries: 'entries',
  endpoint: 'endpoint',
  attempts: 'attempts',
  gibCode: 'gib_code',
  gibMessage: 'gib_message',
  error: 'error_code',
  sentAt: 'sent_at',
  approvedAt: 'approved_at',
  downloadedAt: 'downloaded_at',
  approvedPath: 'approved_path',
  approvedSha256: 'approved_sha256',
};

/**
 * Changes a package row. A state change (or an explicit `action`) adds a history line.
 * @throws Error when the package does not exist
 */
export function updatePackage(
  store: WorkflowStore,
  name: string,
  patch: PackagePatch,
  actor: Actor,
  opts: { action?: string; message?: string; details?: Record<string, unknown> } = {},
): PackageRow {
  return store.tx(() => {
    const cur = getPackage(store, name);
    if (!cur) throw new Error(`package ${name} not found`);
    const sets: string[] = [];
    const args: unknown[] = [];
    for (const [k, v] of Object.entries(patch) as [keyof PackagePatch, unknown][]) {
      if (v === undefined) continue;
      if (k === 'error') {
        const e = v as StoredError | null;
        sets.push('error_code=?', 'error_tr=?', 'error_en=?');
        args.push(e?.code ?? null, e?.tr ?? null, e?.en ?? null);
      } else if (k === 'entries') {
        sets.push('entries=?');
        args.push(JSON.stringify(v));
      } else {
        sets.push(`${COLS[k]}=?`);
        args.push(v);
      }
    }
    if (sets.length) {
      sets.push('updated_at=?');
      args.push(new Date().toISOString(), cur.id);
      store.db.prepare(`UPDATE packages SET ${sets.join(', ')} WHERE id=?`).run(...args);
    }
    const stateChanged = patch.state !== undefined && patch.state !== cur.state;
    if (stateChanged || opts.action) {
      store.addHistory({
        ledgerId: cur.ledgerId,
        packageId: cur.id,
        action: opts.action ?? 'package.state',
        fromStatus: stateChanged ? cur.state : undefined,
        toStatus: stateChanged ? patch.state : undefined,
        actor,
        message: opts.message ?? (stateChanged ? `${name}: ${PACKAGE_STATE_LABELS[patch.state!].tr}` : name),
        details: { ...(opts.details ?? {}), ...(patch.error ? { error: patch.error } : {}) },
      });
    }
    return getPackage(store, name)!;
  });
}

/** History lines of a package, oldest first. */
export function packageHistory(store: WorkflowStore, name: string): HistoryRow[] {
  const p = getPackage(store, name);
  if (!p) return [];
  return (store.db.prepare('SELECT * FROM history WHERE package_id=? ORDER BY id').all(p.id) as Raw[]).map(rowToHistory);
}
