/**
 * What the GİB bridge actions share: where a site's files live on this machine
 * (`<dataDir>/portal/<hash of origin>/<VKN>/<YYYYMM>/`, so one site never sees another's months),
 * the prepared sends waiting for consent, the session signer, and the result shapes.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { LEDGER_STATUS_LABELS, PACKAGE_STATE_LABELS, type Book } from '@edefter/domain';
import type { TokenSigner } from '../../token/index.ts';
import type { RawSigner } from '../../xades/signer.ts';
import { dataDir } from '../../workflow/paths.ts';
import type { WorkflowStore } from '../../workflow/store.ts';
import type { PackageRow } from '../../workflow/package-store.ts';
import type { BridgeActionContext } from './context.ts';
import type { ConsentedPackage } from '../../gib/send-consented.ts';
import { removeStaging } from './gib-staging.ts';

/** Root folder of one web origin's files. */
export function originRoot(origin: string): string {
  return path.join(dataDir(), 'portal', createHash('sha256').update(origin).digest('hex').slice(0, 16));
}

/** Month folder of one origin. */
export function originMonthFolder(origin: string, vkn: string, period: string): string {
  return path.join(originRoot(origin), vkn, period);
}

/** A `gib-prepare` waiting for the user's consent. */
export interface PreparedSend {
  origin: string;
  /** Per-prepare staging folder holding the page's files (gib-staging.ts). */
  staging: string;
  /** The site's month folder, where the files move once at GİB. */
  monthFolder: string;
  vkn: string;
  period: string;
  expiresAt: number;
  /** The packages listed to the user, each with its files' names and SHA-256 (what was consented). */
  packages: (ConsentedPackage & { paketId: string; atGib: boolean })[];
  /** Removes the staging folder at expiry. */
  timer?: ReturnType<typeof setTimeout>;
}

/** Prepared sends by id (in memory: a bridge restart asks the page to prepare again). */
export const PREPARED = new Map<string, PreparedSend>();

/** Forgets a prepared send and removes its staging folder. */
export function dropPrepared(id: string): void {
  const p = PREPARED.get(id);
  if (!p) return;
  PREPARED.delete(id);
  if (p.timer) clearTimeout(p.timer);
  removeStaging(p.staging);
}

/** Drops expired prepared sends (and their staging folders). */
export function sweepPrepared(now = Date.now()): void {
  for (const [id, p] of PREPARED) if (p.expiresAt < now) dropPrepared(id);
}

/**
 * The session's signer as a RawSigner that renews the session on every signature, so a long GİB
 * exchange (uploads, polling) does not hit the session's idle timeout.
 */
export function sessionSigner(ctx: BridgeActionContext, sessionId: string): RawSigner & { info: TokenSigner['info'] } {
  const s = ctx.sessions.use(sessionId, ctx.origin!);
  return {
    certificate: s.certificate,
    chain: s.chain,
    keyType: s.keyType,
    info: s.info,
    sign: (data: Buffer) => ctx.sessions.use(sessionId, ctx.origin!).sign(data),
  };
}

/** Row states of a month for the page. */
export function rowStates(store: WorkflowStore, vkn: string, period: string): { book: Book; part: string; status: string; statusTr: string; error?: string }[] {
  return store.listLedgers({ vkn, period }).map((l) => ({
    book: l.book,
    part: l.part,
    status: l.status,
    statusTr: LEDGER_STATUS_LABELS[l.status].tr,
    ...(l.error ? { error: l.error.tr } : {}),
  }));
}

/** Package state fields for the page. */
export function packageStateOf(p: PackageRow | undefined): { state?: PackageRow['state']; stateTr?: string } {
  return p ? { state: p.state, stateTr: PACKAGE_STATE_LABELS[p.state].tr } : {};
}
