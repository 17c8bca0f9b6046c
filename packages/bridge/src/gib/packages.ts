/**
 * GİB upload packages (spec §1.8; GİB-WS §2.1, GİB-UK p.32–34):
 * - `VKN-YYYYMM-YB-PPPPPP[-ŞŞŞŞ].zip` = the Yevmiye part and its berat (Y + YB), uploaded together
 *   ("eşanlı", mandatory since 22.05.2024);
 * - `VKN-YYYYMM-KB-PPPPPP[-ŞŞŞŞ].zip` = K + KB for periods before January 2025, KB only from the
 *   January 2025 period on (the kebir itself is no longer uploaded; see {@link packageContents});
 * - `VKN-YYYYMM-DR-000000[-ŞŞŞŞ].zip` = the Defter Raporu, after all berats of the month;
 * - `VKN-YYYYMM-EB-PPPPPP[-ŞŞŞŞ].zip` = the Envanter Defteri part and its berat (E + EB). GİB's web
 *   service guide does not document the envanter upload; this is the shape most likely (like YB), and
 *   sending it stays behind the `gib.sendEnvanter` setting (gib/settings.ts) until GİB's test endpoint
 *   confirms it.
 *
 * Zips are written with yazl, deflated, with a fixed entry time so the same files give the same
 * bytes (an idempotent step), to a temp file that is fsynced and renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { defterOf, gibFileName, packageId, type DocKind, type MonthPartKey, type PackageKind } from '@edefter/domain';
import { fail } from '@edefter/protocol';
import { hashFile } from '../workflow/hash.ts';
import { readTopSignatureValue } from '../workflow/signed.ts';
import { readBeratDefterSignatureValue } from './berat-binding.ts';

/** First period (YYYYMM) whose kebir (K) is no longer uploaded to GİB [C: GİB-UK p.32–33, GİB-SKK §2]. */
export const KEBIR_NOT_UPLOADED_FROM = '202501';

/**
 * What a package holds — the one rule for "which files go to GİB":
 * YB → Y + YB; KB → K + KB before {@link KEBIR_NOT_UPLOADED_FROM}, KB alone from then on; DR → DR; EB → E + EB.
 * @param period `YYYYMM` of the package
 */
export function packageContents(kind: PackageKind, period: string): DocKind[] {
  if (kind === 'YB') return ['Y', 'YB'];
  if (kind === 'EB') return ['E', 'EB'];
  if (kind === 'KB') return period >= KEBIR_NOT_UPLOADED_FROM ? ['KB'] : ['K', 'KB'];
  return ['DR'];
}

/** Identifies a package: a month part and the package kind. */
export interface PackageRef extends MonthPartKey {
  kind: PackageKind;
}

/** Paket ID (package name without `.zip`): `VKN-YYYYMM-KIND-PPPPPP[-ŞŞŞŞ]` (@edefter/domain packageId). */
export function packageName(p: PackageRef): string {
  return packageId(p);
}

/** A package written to disk. */
export interface BuiltPackage extends PackageRef {
  name: string;
  zipPath: string;
  sha256: string;
  bytes: number;
  /** Entry names in the zip (= file names in the month folder). */
  entries: string[];
  /** Absolute paths of the files packed. */
  sources: string[];
}

const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * Checks the files of a package before it is built: each exists and is signed, and each berat
 * carries its defter's SignatureValue (spec §1.5 step 4: the binding key GİB checks).
 * @throws EdefterError BAD_INPUT (missing / unsigned file) or SIGNATURE_INVALID (binding broken)
 */
async function checkPackageFiles(p: PackageRef, folder: string): Promise<string[]> {
  const types = packageContents(p.kind, p.period);
  const files = types.map((t) => path.join(folder, gibFileName({ vkn: p.vkn, period: p.period, type: t, part: p.part, branch: p.branch })));
  for (const f of files) {
    if (!fs.existsSync(f)) {
      throw fail('gib.packageFileMissing', { paket: packageName(p), file: f });
    }
    if (!(await readTopSignatureValue(f))) {
      throw fail('gib.fileNotSigned', { file: f });
    }
  }
  // defter ↔ berat binding: also when the defter itself is not uploaded (KB from 2025)
  if (p.kind !== 'DR') {
    const defterType = defterOf(p.kind);
    const defter = path.join(folder, gibFileName({ vkn: p.vkn, period: p.period, type: defterType, part: p.part, branch: p.branch }));
    const berat = path.join(folder, gibFileName({ vkn: p.vkn, period: p.period, type: p.kind, part: p.part, branch: p.branch }));
    if (!fs.existsSync(defter)) {
      throw fail('gib.bindingDefterMissing', { file: defter });
    }
    const want = await readTopSignatureValue(defter);
    const have = await readBeratDefterSignatureValue(berat);
    if (!want || want !== have) {
      throw fail('gib.beratSignatureValueMismatch', { defter, berat });
    }
  }
  return files;
}

/**
 * Builds (or rebuilds identically) the zip of a package into `outDir`.
 * @param folder the month folder holding the signed files
 */
export async function buildPackage(p: PackageRef, folder: string, outDir: string): Promise<BuiltPackage> {
  const sources = await checkPackageFiles(p, folder);
  const name = packageName(p);
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const zipPath = path.join(outDir, `${name}.zip`);
  const tmp = path.join(outDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const zip = new yazl.ZipFile();
  for (const f of sources) zip.addFile(f, path.basename(f), { mtime: FIXED_MTIME, mode: 0o100644, compress: true });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(tmp, { mode: 0o600 });
    zip.outputStream
      .on('error', reject)
      .pipe(out)
      .on('error', reject)
      .on('close', () => resolve());
  });
  const fd = fs.openSync(tmp, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, zipPath);
  const { sha256, bytes } = await hashFile(zipPath);
  return { ...p, branch: p.branch ?? '', name, zipPath, sha256, bytes, entries: sources.map((s) => path.basename(s)), sources };
}

/**
 * Reads a built package zip back and checks that it holds exactly `expect`: the same entry names
 * in the same order, each entry's uncompressed bytes with the expected SHA-256 — the consented
 * files and nothing else, as they will be uploaded.
 * @param expect entry name and SHA-256 (hex) of every file the user approved for this package
 * @throws EdefterError VALIDATION_FAILED naming the first entry that differs (or is extra / missing)
 */
export async function checkZipEntries(zipPath: string, expect: { name: string; sha256: string }[]): Promise<void> {
  const got = await new Promise<{ name: string; sha256: string }[]>((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const out: { name: string; sha256: string }[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (e2, rs) => {
          if (e2 || !rs) return reject(e2 ?? new Error('zip'));
          const h = createHash('sha256');
          rs.on('data', (c: Buffer) => h.update(c))
            .on('end', () => {
              out.push({ name: e.fileName, sha256: h.digest('hex') });
              zip.readEntry();
            })
            .on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
  const n = Math.max(got.length, expect.length);
  for (let i = 0; i < n; i++) {
    const g = got[i];
    const w = expect[i];
    if (g && w && g.name === w.name && g.sha256 === w.sha256) continue;
    const name = w?.name ?? g?.name ?? path.basename(zipPath);
    throw fail('gib.zipNotAsApproved', { file: name, expected: w?.sha256, actual: g?.sha256 });
  }
}
