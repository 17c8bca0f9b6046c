/**
 * Bridge `gib-prepare` (GİB'e Gönder, step 1, no token): checks the page's signed files of one
 * month, keeps them in the site's folder, and lists the packages with their contents (name, size,
 * SHA-256) for the consent window. Refuses: names that are not GİB names, mixed months or VKNs,
 * a declared kind that contradicts the name, DOCTYPE, unsigned files, a berat that does not carry
 * its defter's SignatureValue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { EdefterError, ErrorCode, type ParamsOf, type ResultOf, type gibPrepare } from '@edefter/protocol';
import { parseGibName } from '../../gib/names.ts';
import { checkPackageFiles, packageName } from '../../gib/packages.ts';
import { monthPackages } from '../../gib/send.ts';
import { writeAtomic } from '../../gib/approved.ts';
import { loadGibSettings } from '../../gib/settings.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { getPackage } from '../../workflow/package-store.ts';
import { listMonthFiles } from '../../workflow/sync.ts';
import type { BridgeHandler } from './context.ts';
import { PREPARED, originMonthFolder, packageStateOf, sweepPrepared } from './gib-shared.ts';

const KIND_OF_TYPE: Record<string, string> = { Y: 'yevmiye', K: 'kebir', YB: 'yevmiye-berati', KB: 'kebir-berati', DR: 'defter-raporu' };
/** How long a prepared send waits for the user (ms). */
export const PREPARE_TTL_MS = 15 * 60_000;
const AT_GIB = ['SENT', 'PROCESSING', 'APPROVED', 'DOWNLOADED', 'DOWNLOAD_FAILED'];

export const gibPrepareHandler: BridgeHandler<ParamsOf<typeof gibPrepare>, ResultOf<typeof gibPrepare>> = async (ctx, params) => {
  sweepPrepared();
  const bad = (tr: string, en: string, details?: Record<string, unknown>): never => { throw new EdefterError(ErrorCode.BadInput, tr, en, details); };
  const names = params.documents.map((d) => {
    const n = parseGibName(d.name);
    if (!n || n.approved || n.ext !== '.xml' || !KIND_OF_TYPE[n.type]) bad(`GİB dosya adı değil: ${d.name}`, `Not a GİB file name: ${d.name}`, { name: d.name });
    if (KIND_OF_TYPE[n!.type] !== d.kind) bad(`${d.name}: belge türü (${d.kind}) dosya adıyla uyuşmuyor`, `${d.name}: the kind (${d.kind}) contradicts the name`, { name: d.name });
    return n!;
  });
  const { vkn, period } = names[0];
  if (names.some((n) => n.vkn !== vkn || n.period !== period)) bad('Dosyalar aynı VKN ve aynı döneme ait olmalı.', 'All files must belong to one VKN and one period.');
  const folder = originMonthFolder(ctx.origin!, vkn, period);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (const d of params.documents) {
    const bytes = Buffer.from(d.bytes, 'base64');
    if (!bytes.length) bad(`Dosya boş: ${d.name}`, `Empty file: ${d.name}`);
    if (/<!DOCTYPE/i.test(bytes.subarray(0, 4096).toString('latin1'))) throw new EdefterError(ErrorCode.DoctypeForbidden, `DOCTYPE içeren dosya kabul edilmez: ${d.name}`, `Files with a DOCTYPE are refused: ${d.name}`);
    const target = path.join(folder, d.name);
    if (!fs.existsSync(target) || !fs.readFileSync(target).equals(bytes)) writeAtomic(target, bytes);
  }
  const given = new Set(params.documents.map((d) => d.name));
  const refs = monthPackages(listMonthFiles(folder, vkn, period).filter((f) => given.has(f.name)));
  if (!refs.length) bad('Gönderilecek berat yok (…-YB-…xml / …-KB-…xml ya da DR).', 'No berat to send (…-YB-…xml / …-KB-…xml or DR).');
  const store = WorkflowStore.open();
  try {
    const packages = [];
    for (const ref of refs) {
      const files = await checkPackageFiles(ref, folder);
      const row = getPackage(store, packageName(ref));
      packages.push({
        paketId: packageName(ref), kind: ref.kind,
        entries: files.map((f) => { const b = fs.readFileSync(f); return { name: path.basename(f), bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') }; }),
        atGib: !!row && AT_GIB.includes(row.state), ...packageStateOf(row),
      });
    }
    const s = await loadGibSettings();
    const prepareId = randomBytes(16).toString('hex');
    PREPARED.set(prepareId, { origin: ctx.origin!, folder, vkn, period, expiresAt: Date.now() + PREPARE_TTL_MS });
    ctx.server.log.info('GİB gönderimi hazırlandı / GİB send prepared', { origin: ctx.origin, vkn, period, packages: packages.map((p) => p.paketId) });
    return { prepareId, vkn, period, endpoint: s.endpoint, environment: s.environment, packages };
  } finally {
    store.close();
  }
};
