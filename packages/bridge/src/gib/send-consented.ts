/**
 * GİB'e Gönder of exactly the packages a user approved (issue 10 §4): the bridge's send path.
 * Unlike {@link sendMonth} (the CLI: every package of a month folder the user names), this one
 * takes an explicit list — package, files, SHA-256 of each file as the consent window showed
 * them — and the folder that holds those files (a per-prepare staging folder):
 *  1. before anything goes out, every listed file is hashed again; one difference refuses the
 *     whole send and nothing is uploaded;
 *  2. each package's zip is built from the listed files and read back right before its upload:
 *     exactly the listed entries with the listed digests (gib/packages.ts checkZipEntries);
 *  3. after a package is at GİB, its files (and the defter its berat is bound to) move into the
 *     month folder, where the approved-berat download, the backup and the status read them, and
 *     the workflow records them there.
 * Nothing else in any folder is ever sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { dataDir } from '../workflow/paths.ts';
import { ledgerKeyOfPackage } from '../workflow/package-store.ts';
import { syncMonthFromDisk } from '../workflow/sync.ts';
import { packageName, type PackageRef } from './packages.ts';
import { sendPackage, type GibFlowContext, type SendResult } from './send.ts';
import { scanFileBytes } from './verify-package.ts';

/** A file the user approved: its name in the folder and its SHA-256 (hex). */
interface ConsentedFile {
  name: string;
  sha256: string;
  /** size in bytes, as listed */
  bytes?: number;
}

/** A package the user approved. */
export interface ConsentedPackage {
  ref: PackageRef;
  /** The files inside its zip, in zip order. */
  entries: ConsentedFile[];
  /** Files kept with it but not uploaded (the kebir of a KB package from 2025). */
  keep?: ConsentedFile[];
}

/** Options of {@link sendConsented}. */
export interface SendConsentedOptions {
  vkn: string;
  period: string;
  /** Folder holding the consented files (and nothing is taken from anywhere else). */
  folder: string;
  /** Month folder the files move to once their package is at GİB. */
  monthFolder: string;
  packages: ConsentedPackage[];
  /** Called after each package (for the audit log). */
  onResult?: (p: ConsentedPackage, r: SendResult) => void;
}

const AT_GIB_NOW: SendResult['result'][] = ['accepted', 'already-uploaded', 'found'];

/**
 * Hashes every consented file again and compares it with what the user approved.
 * @throws EdefterError VALIDATION_FAILED naming the first file that differs or is missing
 */
async function checkConsentedFiles(folder: string, packages: ConsentedPackage[]): Promise<void> {
  for (const p of packages) {
    for (const f of [...p.entries, ...(p.keep ?? [])]) {
      const file = path.join(folder, path.basename(f.name));
      const got = await scanFileBytes(file).catch(() => undefined);
      if (got?.sha256 !== f.sha256) {
        throw fail('gib.fileChangedAfterConsent', { file: f.name, expected: f.sha256, actual: got?.sha256 });
      }
    }
  }
}

/**
 * Sends exactly `o.packages` (module doc). Results come back in the given order; a DR is skipped
 * when a berat failed (as {@link sendMonth} does).
 * @throws EdefterError VALIDATION_FAILED (a file differs: nothing sent), CLOCK_SKEW (nothing sent)
 */
export async function sendConsented(ctx: GibFlowContext, o: SendConsentedOptions): Promise<SendResult[]> {
  if (!o.packages.length) throw fail('gib.noPackageToSend');
  for (const p of o.packages) {
    if (p.ref.vkn !== o.vkn || p.ref.period !== o.period) throw fail('gib.packageNotOfMonth', { paket: packageName(p.ref) });
  }
  await checkConsentedFiles(o.folder, o.packages);
  const outDir = ctx.packagesDir ?? path.join(dataDir(), 'gib-packages', o.vkn, o.period);
  const results: SendResult[] = [];
  for (const p of o.packages) {
    const name = packageName(p.ref);
    let r: SendResult;
    if (p.ref.kind === 'DR' && results.some((x) => x.result === 'failed')) {
      r = { paketId: name, kind: p.ref.kind, result: 'skipped', message: 'Beratlar gönderilemediği için defter raporu gönderilmedi' };
    } else {
      // the row belongs to this month folder (where its files will live), so the site sees its state
      ctx.store.ensureLedger(ledgerKeyOfPackage(p.ref), { folder: o.monthFolder });
      r = await sendPackage(ctx, p.ref, o.folder, outDir, p.entries);
      if (AT_GIB_NOW.includes(r.result)) await settle(ctx, o, p);
    }
    results.push(r);
    o.onResult?.(p, r);
  }
  return results;
}

/** Moves a sent package's files into the month folder and records them there. */
async function settle(ctx: GibFlowContext, o: SendConsentedOptions, p: ConsentedPackage): Promise<void> {
  fs.mkdirSync(o.monthFolder, { recursive: true, mode: 0o700 });
  for (const f of [...p.entries, ...(p.keep ?? [])]) {
    const base = path.basename(f.name);
    fs.renameSync(path.join(o.folder, base), path.join(o.monthFolder, base));
  }
  await syncMonthFromDisk(ctx.store, { vkn: o.vkn, period: o.period, folder: o.monthFolder, actor: ctx.actor });
}
