/**
 * Asynchronous processing of uploaded packages, in upload order, in GİB's stages (GİB-UK p.34):
 * 1. the berat (or DR): package contents, signature (xmlsec1), signer VKN, schema + schematron →
 *    durumKodu 2 "Paket başarılı, defter paketinin işlenmesi bekleniyor";
 * 2. the defter: signature, schema + schematron, defter ↔ berat SignatureValue binding, continuity
 *    with the earlier parts and months; then GİB seals the berat (XAdES CounterSignature) →
 *    durumKodu 0 "Paket başarıyla işlendi". A DR is processed once every berat of its month is.
 * Any failure: durumKodu 3 with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { defterOf, gibFileName, type DocKind } from '@edefter/domain';
import { readTopSignatureValue } from '@edefter/bridge/workflow/signed.ts';
import { readBeratDefterSignatureValue } from '@edefter/bridge/gib/berat-binding.ts';
import { addCounterSignature } from './countersign.ts';
import type { FaultPlan } from './faults.ts';
import { certVkn, documentIdentifier, readDefterFacts, topSignerCertificate, unzipSafe, xmlsecVerify } from './inspect.ts';
import type { LoadedSeal } from './seal.ts';
import type { StateStore, Upload } from './state.ts';

/** First period whose kebir is no longer uploaded (GİB-UK p.32–33): the simulator's own copy of the rule. */
export const SIM_KEBIR_NOT_UPLOADED_FROM = '202501';

/** A schema + schematron validator for one file (the ledger helper's validate module in practice). */
export type Validator = (file: string) => Promise<{ ok: boolean; errors: string[] }>;

/** What processing needs. */
export interface ProcessContext {
  store: StateStore;
  seal: LoadedSeal;
  /** CA bundle (PEM file) trusted for taxpayer signatures. */
  trustPem: string;
  validate?: Validator;
  faults: FaultPlan;
  delayMs: number;
  now: () => number;
  log: (line: string) => void;
}

/** Durum texts. */
export const DURUM = Object.freeze({
  queued: { code: '1', text: 'Paket işleme alındı' },
  beratOk: { code: '2', text: 'Paket başarılı, defter paketinin işlenmesi bekleniyor' },
  processed: { code: '0', text: 'Paket başarıyla işlendi' },
  failedCode: '3',
});

class Refusal extends Error {}

function fileNameOf(u: Upload, type: DocKind): string {
  return gibFileName({ ...u, type });
}

/** Expected entries of a package (the simulator's own statement of GİB's rule). */
export function expectedEntries(u: Upload): string[] {
  if (u.kind === 'YB') return [fileNameOf(u, 'Y'), fileNameOf(u, 'YB')];
  // Envanter (TEST ONLY, GİB's shape unconfirmed): E + EB, like YB.
  if (u.kind === 'EB') return [fileNameOf(u, 'E'), fileNameOf(u, 'EB')];
  if (u.kind === 'KB') return u.period >= SIM_KEBIR_NOT_UPLOADED_FROM ? [fileNameOf(u, 'KB')] : [fileNameOf(u, 'K'), fileNameOf(u, 'KB')];
  return [fileNameOf(u, 'DR')];
}

async function checkSigned(ctx: ProcessContext, u: Upload, file: string): Promise<void> {
  const name = path.basename(file);
  const sig = await xmlsecVerify(file, ctx.trustPem);
  if (!sig.ok) throw new Refusal(`${name}: imza doğrulanamadı (${sig.message})`);
  const vkn = certVkn(topSignerCertificate(file));
  if (vkn !== u.vkn) throw new Refusal(`${name}: imzalayan sertifikanın VKN/TCKN'si (${vkn ?? 'yok'}) paket VKN'si ile aynı değil`);
  const id = documentIdentifier(file);
  if (id !== u.vkn) throw new Refusal(`${name}: xbrli:identifier (${id ?? 'yok'}) paket VKN'si ile aynı değil`);
  if (ctx.validate) {
    const v = await ctx.validate(file);
    if (!v.ok) throw new Refusal(`${name}: şema/şematron hatası: ${v.errors.slice(0, 3).join('; ')}`);
  }
}

function monthBefore(p: string): string {
  const y = Number(p.slice(0, 4));
  const m = Number(p.slice(4));
  return m === 1 ? `${y - 1}12` : `${y}${String(m - 1).padStart(2, '0')}`;
}

/** Continuity of a Yevmiye with the processed parts before it (spec §3.5, GİB-TK §2.2). */
function checkContinuity(ctx: ProcessContext, u: Upload): void {
  const f = u.facts ?? {};
  const mine = ctx.store.state.uploads.filter((x) => x.vkn === u.vkn && x.branch === u.branch && x.kind === 'YB' && x.stage === 'processed' && x.seq !== u.seq);
  if (!mine.length) return; // first package of this taxpayer at GİB
  if (mine.some((x) => x.period === u.period && x.part === u.part)) throw new Refusal(`${u.paketId} daha önce başarıyla işlenmiş`);
  const fyStartMonth = f.fiscalYearStart ? f.fiscalYearStart.slice(0, 7).replace('-', '') : `${u.period.slice(0, 4)}01`;
  const firstOfYear = u.period === fyStartMonth && Number(u.part) <= 1;
  const before = mine
    .filter((x) => x.period < u.period || (x.period === u.period && x.part < u.part))
    .sort((a, b) => (a.period === b.period ? a.part.localeCompare(b.part) : a.period.localeCompare(b.period)));
  const prev = before.at(-1);
  if (firstOfYear) {
    if (f.firstEntryNumber !== undefined && f.firstEntryNumber !== 1)
      throw new Refusal(`Mali yılın ilk yevmiye maddesi 1 olmalı (bulunan ${f.firstEntryNumber})`);
    return;
  }
  const wantPrev = Number(u.part) > 1 ? u.period : monthBefore(u.period);
  if (!prev || prev.period !== wantPrev) {
    throw new Refusal(`Önceki döneme (${wantPrev}) ait başarıyla işlenmiş Yevmiye beratı bulunmuyor; dönemler sırayla yüklenmelidir`);
  }
  const last = prev.facts?.lastEntryNumber;
  if (last !== undefined && f.firstEntryNumber !== undefined && f.firstEntryNumber !== last + 1) {
    throw new Refusal(`Yevmiye madde numaraları önceki dönemle devam etmiyor (beklenen ${last + 1}, bulunan ${f.firstEntryNumber})`);
  }
  const seq = prev.facts?.controlSeq;
  if (seq !== undefined && f.controlSeq !== undefined && f.controlSeq !== seq + 1) {
    throw new Refusal(`Kontrol numarası sırası önceki parçayla devam etmiyor (beklenen ${seq + 1}, bulunan ${f.controlSeq})`);
  }
}

function writeApprovedZip(zipPath: string, entryName: string, xml: string): Promise<void> {
  const z = new yazl.ZipFile();
  z.addBuffer(Buffer.from(xml, 'utf8'), entryName, { mtime: new Date() });
  z.end();
  const tmp = `${zipPath}.tmp`;
  return new Promise((resolve, reject) => {
    z.outputStream
      .pipe(fs.createWriteStream(tmp))
      .on('close', () => {
        fs.renameSync(tmp, zipPath);
        resolve();
      })
      .on('error', reject);
  });
}

/** Runs the due stage of one upload and saves the state. */
export async function processStage(ctx: ProcessContext, u: Upload): Promise<void> {
  const work = path.join(ctx.store.dir, 'work', String(u.seq));
  try {
    const fault = ctx.faults.take('sendDocumentFile', u.paketId, ['process-fail']);
    if (fault) throw new Refusal(fault.message ?? 'Paket işlenirken hata oluştu (simülasyon)');
    let names: string[];
    try {
      names = await unzipSafe(u.zipFile, work);
    } catch (e) {
      throw new Refusal(`Paket açılamadı: ${(e as Error).message}`);
    }
    const want = expectedEntries(u);
    const missing = want.filter((w) => !names.includes(w));
    const extra = names.filter((n) => !want.includes(n));
    if (missing.length) throw new Refusal(`Paket içinde beklenen dosya yok: ${missing.join(', ')}`);
    if (extra.length) {
      throw new Refusal(
        u.kind === 'KB' && u.period >= SIM_KEBIR_NOT_UPLOADED_FROM
          ? `2025 Ocak döneminden itibaren Büyük Defter (K) dosyası GİB'e yüklenmez; pakette fazla dosya: ${extra.join(', ')}`
          : `Pakette beklenmeyen dosya: ${extra.join(', ')}`,
      );
    }
    const beratName = u.kind === 'DR' ? fileNameOf(u, 'DR') : fileNameOf(u, u.kind);
    const berat = path.join(work, beratName);
    if (u.stage === 'queued') {
      await checkSigned(ctx, u, berat);
      if (u.kind !== 'DR' && !/<ds:SignatureValue\s+Id="[^"]+"/.test(fs.readFileSync(berat, 'utf8'))) {
        throw new Refusal(`${beratName}: beratın SignatureValue öğesinde Id özniteliği yok`);
      }
      Object.assign(u, { stage: 'berat-ok', ...DURUM.beratOk, dueAt: ctx.now() + ctx.delayMs });
      ctx.log(`${u.paketId} #${u.seq}: ${DURUM.beratOk.text}`);
      return;
    }
    // stage 2
    if (u.kind === 'DR') {
      const month = ctx.store.state.uploads.filter(
        (x) => x.vkn === u.vkn && x.period === u.period && x.branch === u.branch && x.kind !== 'DR' && x.kind !== 'EB',
      );
      const latest = new Map<string, Upload>();
      for (const x of month) latest.set(x.paketId, x);
      const all = [...latest.values()];
      if (!all.length || all.some((x) => x.stage === 'failed')) throw new Refusal('Ayın tüm beratları başarıyla işlenmeden defter raporu kabul edilmez');
      if (all.some((x) => x.stage !== 'processed')) {
        u.dueAt = ctx.now() + ctx.delayMs;
        return;
      }
    } else {
      const defterType = defterOf(u.kind);
      const defter = path.join(work, fileNameOf(u, defterType));
      if (names.includes(path.basename(defter))) {
        await checkSigned(ctx, u, defter);
        const want = await readTopSignatureValue(defter);
        const have = await readBeratDefterSignatureValue(berat);
        if (!want || want !== have) throw new Refusal(`${beratName}: beratın içerdiği SignatureValue defterin imza değeriyle eşleşmiyor`);
        if (u.kind === 'YB') {
          u.facts = readDefterFacts(defter);
          checkContinuity(ctx, u);
        }
      }
      const sealed = addCounterSignature(fs.readFileSync(berat, 'utf8'), ctx.seal);
      const approved = path.join(ctx.store.dir, 'approved', `GIB-${u.paketId}-${u.seq}.zip`);
      await writeApprovedZip(approved, `GIB-${beratName}`, sealed);
      u.approvedFile = approved;
    }
    Object.assign(u, { stage: 'processed', ...DURUM.processed });
    ctx.log(`${u.paketId} #${u.seq}: ${DURUM.processed.text}`);
  } catch (e) {
    const text = e instanceof Refusal ? e.message : `Paket işlenirken sistem hatası: ${(e as Error).message}`;
    Object.assign(u, { stage: 'failed', code: DURUM.failedCode, text: `Paket hatalı: ${text}` });
    ctx.log(`${u.paketId} #${u.seq}: ${u.text}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    ctx.store.save();
  }
}
