/**
 * Bridge `gib-prepare` (GİB'e Gönder, step 1, no token): stages the page's signed files of one
 * month in a private per-prepare folder (gib-staging.ts; never the month folder), verifies every
 * file of every package in full (gib/verify-package.ts: no DOCTYPE anywhere, our rules, the XAdES
 * signature and all its references, the defter ↔ berat binding), and lists the packages with each
 * file's name, size and SHA-256 for the consent window. The prepare record keeps exactly that
 * list: `gib-send` uploads it and nothing else; `gib-cancel` or expiry removes the staged files.
 * Refuses (naming the file): names that are not GİB names, mixed months or VKNs, a declared kind
 * that contradicts the name, the same name twice, and any file that fails verification.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fail, type MessageKey, type MessageParamsArg, type ParamsOf, type ResultOf, type gibPrepare } from '@edefter/protocol';
import { MONTH_KINDS, isAtGib, pageKindOf, parseGibName } from '@edefter/domain';
import { monthPackages } from '../../gib/send.ts';
import { verifyPackageFiles } from '../../gib/verify-package.ts';
import { loadGibSettings } from '../../gib/settings.ts';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { getPackage } from '../../workflow/package-store.ts';
import { listMonthFiles } from '../../fs/month-folder.ts';
import type { BridgeHandler } from './context.ts';
import { PREPARED, dropPrepared, originMonthFolder, packageStateOf, sweepPrepared, type PreparedSend } from './gib-shared.ts';
import { createStaging, removeStaging } from './gib-staging.ts';

/** How long a prepared send waits for the user (ms). */
export const PREPARE_TTL_MS = 15 * 60_000;
/** Prepared sends one site may have waiting at once; a further prepare drops its oldest. */
const MAX_PREPARED_PER_ORIGIN = 4;

export const gibPrepareHandler: BridgeHandler<ParamsOf<typeof gibPrepare>, ResultOf<typeof gibPrepare>> = async (ctx, params) => {
  sweepPrepared();
  const bad = <K extends MessageKey>(key: K, ...params: MessageParamsArg<K>): never => {
    throw fail(key, ...params);
  };
  const seen = new Set<string>();
  const names = params.documents.map((d) => {
    const n = parseGibName(d.name);
    if (!n || n.approved || n.ext !== '.xml' || !(MONTH_KINDS as readonly string[]).includes(n.type)) bad('server.notGibName', { name: d.name });
    if (pageKindOf(n!.type) !== d.kind) bad('server.kindContradictsName', { name: d.name, kind: d.kind });
    if (seen.has(d.name)) bad('documents.givenTwice', { name: d.name });
    seen.add(d.name);
    return n!;
  });
  const { vkn, period } = names[0];
  if (names.some((n) => n.vkn !== vkn || n.period !== period)) bad('server.oneMonthOnly');
  const origin = ctx.origin!;
  const mine = [...PREPARED.entries()].filter(([, p]) => p.origin === origin).sort((a, b) => a[1].expiresAt - b[1].expiresAt);
  for (const [id] of mine.slice(0, Math.max(0, mine.length - MAX_PREPARED_PER_ORIGIN + 1))) dropPrepared(id);

  const prepareId = randomBytes(16).toString('hex');
  const staging = createStaging(origin, prepareId);
  const store = WorkflowStore.open();
  try {
    for (const d of params.documents) {
      const bytes = Buffer.from(d.bytes, 'base64');
      if (!bytes.length) bad('server.emptyFileToSend', { name: d.name });
      writeFileAtomicSync(path.join(staging, path.basename(d.name)), bytes, { mode: 0o600, dirMode: 0o700 });
    }
    const refs = monthPackages(listMonthFiles(staging, { vkn, period }));
    if (!refs.length) bad('server.noBeratToSend');
    const packages: PreparedSend['packages'] = [];
    for (const ref of refs) {
      const v = await verifyPackageFiles(ref, staging);
      const row = getPackage(store, v.paketId);
      packages.push({
        ref,
        paketId: v.paketId,
        atGib: !!row && isAtGib(row.state),
        entries: v.entries.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
        ...(v.boundDefter ? { keep: [{ name: v.boundDefter.name, sha256: v.boundDefter.sha256 }] } : {}),
      });
    }
    const s = await loadGibSettings();
    const rec: PreparedSend = {
      origin,
      staging,
      monthFolder: originMonthFolder(origin, vkn, period),
      vkn,
      period,
      expiresAt: Date.now() + PREPARE_TTL_MS,
      packages,
    };
    rec.timer = setTimeout(() => {
      if (PREPARED.get(prepareId) === rec) dropPrepared(prepareId);
    }, PREPARE_TTL_MS + 1000);
    rec.timer.unref?.();
    PREPARED.set(prepareId, rec);
    ctx.server.log.info('GİB gönderimi hazırlandı / GİB send prepared', { origin, vkn, period, packages: packages.map((p) => p.paketId) });
    return {
      prepareId,
      vkn,
      period,
      endpoint: s.endpoint,
      environment: s.environment,
      packages: packages.map((p) => ({
        paketId: p.paketId,
        kind: p.ref.kind,
        atGib: p.atGib,
        ...packageStateOf(getPackage(store, p.paketId)),
        entries: p.entries.map((e) => ({ name: e.name, bytes: e.bytes ?? 0, sha256: e.sha256 })),
      })),
    };
  } catch (e) {
    removeStaging(staging);
    throw e;
  } finally {
    store.close();
  }
};
