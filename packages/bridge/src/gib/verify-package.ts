/**
 * Full verification of a GİB upload package's files before they are listed for consent or sent
 * (issue 10 §5). Every file is read to its end, several times:
 *  1. a byte scan for `<!DOCTYPE` anywhere in the file (any case; across read boundaries), which
 *     also yields the file's SHA-256 and size — the digest the consent window shows;
 *  2. our own rules, layer (a) of validate/ (well-formed, no DTD, GİB's shapes, signature parts),
 *     with the signature required;
 *  3. the XAdES signature: every Reference digest (the whole document through `URI=""`), the
 *     SignedProperties, the SignatureValue over SignedInfo (xades/verify.ts);
 *  4. for YB/KB: the defter ↔ berat binding (gib/berat-binding.ts) against the defter of the same
 *     part, which is verified the same way even when it is not uploaded (KB from 2025).
 * Anything failing throws an error that names the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { defterOf, gibFileName, isBeratKind, type DocKind } from '@edefter/domain';
import { type Bilingual, fail } from '@edefter/protocol';
import { checkFile, type FileSummary } from '../validate/own/index.ts';
import { formatFinding } from '../validate/findings.ts';
import { verifyXmlFile } from '../xades/verify.ts';
import { beratBindingProblems, readBeratDefterSignatureValue } from './berat-binding.ts';
import { checkEnvanterFile } from '../validate/envanter/check.ts';
import { packageContents, packageName, type PackageRef } from './packages.ts';

/** One verified file: its name in the folder, size and SHA-256 (hex) of the bytes verified. */
interface VerifiedFile {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** A verified package: the files inside its zip, and the defter its berat is bound to. */
export interface VerifiedPackage {
  ref: PackageRef;
  paketId: string;
  /** Files that go into the zip, in zip order. */
  entries: VerifiedFile[];
  /** The defter of a KB package from 2025 (checked for the binding, not uploaded). */
  boundDefter?: VerifiedFile;
}

const DOCTYPE = Buffer.from('<!doctype', 'latin1');

/**
 * Streams a file once: SHA-256, size, and whether `<!DOCTYPE` (any case) occurs anywhere.
 * @throws the fs error when the file cannot be read
 */
export async function scanFileBytes(file: string): Promise<{ sha256: string; bytes: number; doctype: boolean }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let doctype = false;
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const c = chunk as Buffer;
    hash.update(c);
    bytes += c.length;
    if (doctype) continue;
    // the last 8 bytes of the previous chunk + this one: a keyword split across reads is seen
    const b = tail.length ? Buffer.concat([tail, c]) : c;
    doctype = containsDoctype(b);
    tail = Buffer.from(b.subarray(Math.max(0, b.length - (DOCTYPE.length - 1))));
  }
  return { sha256: hash.digest('hex'), bytes, doctype };
}

function containsDoctype(b: Buffer): boolean {
  for (let i = b.indexOf(0x3c); i >= 0 && i <= b.length - DOCTYPE.length; i = b.indexOf(0x3c, i + 1)) {
    let k = 1;
    while (k < DOCTYPE.length && (b[i + k] | 0x20) === DOCTYPE[k]) k++;
    if (k === DOCTYPE.length && b[i + 1] === 0x21) return true;
  }
  return false;
}

/** Both halves of `tr / en` texts joined with `; ` (a half missing: the whole text). */
function bilingualList(items: readonly string[]): Bilingual {
  return { tr: items.map((e) => e.split(' / ')[0]).join('; '), en: items.map((e) => e.split(' / ')[1] ?? e).join('; ') };
}

/** Why the signature could not be checked: the inner error's Turkish text when it has one. */
function unverifiable(e: unknown): Bilingual {
  return { tr: (e as { tr?: string }).tr ?? (e as Error).message, en: (e as Error).message };
}

/**
 * Verifies one signed GİB file in full (steps 1–3 of the module doc).
 * @returns the file's facts, its layer-(a) summary and the verified SignatureValue
 * @throws EdefterError DOCTYPE_FORBIDDEN, VALIDATION_FAILED (our rules), SIGNATURE_INVALID (XAdES)
 */
async function verifySignedFile(file: string, want: DocKind): Promise<{ file: VerifiedFile; summary: FileSummary; signatureValue: string }> {
  const name = path.basename(file);
  const scan = await scanFileBytes(file);
  if (scan.doctype) throw fail('gib.fileDoctype', { file: name });
  if (want === 'E' || want === 'EB') return verifyEnvanterFile(file, want, scan);
  const a = await checkFile(file, { requireSignature: true, name });
  if (!a.ok) {
    const first = {
      tr: a.findings
        .slice(0, 3)
        .map((f) => formatFinding(f, 'tr'))
        .join('; '),
      en: a.findings
        .slice(0, 3)
        .map((f) => formatFinding(f, 'en'))
        .join('; '),
    };
    throw fail('gib.fileFailsRules', { file: name, findings: a.findingCount, first });
  }
  if (a.summary.kind !== want) {
    throw fail('gib.fileKindMismatch', { file: name, kind: a.summary.kind, want });
  }
  let v;
  try {
    v = await verifyXmlFile(file);
  } catch (e) {
    throw fail('gib.signatureUnverifiable', { file: name, reason: unverifiable(e) });
  }
  if (!v.ok || v.signatureCount !== 1 || v.references.some((r) => !r.ok)) {
    const errs = v.errors.length ? v.errors : [`${v.signatureCount} ds:Signature / ${v.signatureCount} ds:Signature elements`];
    throw fail('gib.xadesInvalid', { file: name, errors: bilingualList(errs) });
  }
  // the bytes verified are the bytes hashed: a change between the passes is a refusal too
  const again = await scanFileBytes(file);
  if (again.sha256 !== scan.sha256) throw fail('gib.fileChangedDuringCheck', { file: name });
  return { file: { name, path: file, bytes: scan.bytes, sha256: scan.sha256 }, summary: a.summary, signatureValue: v.signatureValue.replace(/\s+/g, '') };
}

/**
 * {@link verifySignedFile} for Envanter files: our Envanter rules (validate/envanter/check.ts) instead
 * of the defter rules, then the same XAdES check. The summary is a stub (E/EB have no vergi detayı).
 */
async function verifyEnvanterFile(
  file: string,
  want: 'E' | 'EB',
  scan: { sha256: string; bytes: number },
): Promise<{ file: VerifiedFile; summary: FileSummary; signatureValue: string }> {
  const name = path.basename(file);
  const { findings, facts } = await checkEnvanterFile(file, true);
  if (findings.length) {
    const first = {
      tr: findings
        .slice(0, 3)
        .map((f) => f.tr)
        .join('; '),
      en: findings
        .slice(0, 3)
        .map((f) => f.en)
        .join('; '),
    };
    throw fail('gib.fileFailsRules', { file: name, findings: findings.length, first });
  }
  if (facts.kind !== want) throw fail('gib.fileKindMismatch', { file: name, kind: facts.kind, want });
  let v;
  try {
    v = await verifyXmlFile(file);
  } catch (e) {
    throw fail('gib.signatureUnverifiable', { file: name, reason: unverifiable(e) });
  }
  if (!v.ok || v.signatureCount !== 1 || v.references.some((r) => !r.ok)) {
    throw fail('gib.xadesInvalid', { file: name, errors: bilingualList(v.errors) });
  }
  const again = await scanFileBytes(file);
  if (again.sha256 !== scan.sha256) throw fail('gib.fileChangedDuringCheck', { file: name });
  return {
    file: { name, path: file, bytes: scan.bytes, sha256: scan.sha256 },
    summary: {} as FileSummary,
    signatureValue: v.signatureValue.replace(/\s+/g, ''),
  };
}

/**
 * Verifies every file of a package in `folder` (and the defter its berat is bound to).
 * @throws EdefterError BAD_INPUT (a file missing), DOCTYPE_FORBIDDEN, VALIDATION_FAILED,
 *   SIGNATURE_INVALID (signature or defter ↔ berat binding) — the message names the file
 */
export async function verifyPackageFiles(ref: PackageRef, folder: string): Promise<VerifiedPackage> {
  const fileOf = (t: DocKind): string => path.join(folder, gibFileName({ vkn: ref.vkn, period: ref.period, type: t, part: ref.part, branch: ref.branch }));
  const types = packageContents(ref.kind, ref.period);
  const defterType: DocKind | undefined = isBeratKind(ref.kind) ? defterOf(ref.kind) : undefined;
  const all = defterType && !types.includes(defterType) ? [defterType, ...types] : types;
  const done = new Map<DocKind, Awaited<ReturnType<typeof verifySignedFile>>>();
  for (const t of all) {
    const f = fileOf(t);
    try {
      done.set(t, await verifySignedFile(f, t));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw fail('gib.packageFileMissing', { paket: packageName(ref), file: path.basename(f) });
      }
      throw e;
    }
  }
  if (defterType) {
    const beratType = ref.kind as DocKind;
    const b = done.get(beratType)!;
    const d = done.get(defterType)!;
    const problems =
      ref.kind === 'EB'
        ? (await readBeratDefterSignatureValue(b.file.path)) === d.signatureValue
          ? []
          : ["beratın içerdiği SignatureValue defterin imza değeriyle eşleşmiyor / the berat's SignatureValue differs from the defter's"]
        : beratBindingProblems(b.summary, d.summary, d.signatureValue);
    if (problems.length) {
      throw fail('gib.beratNotBound', { file: b.file.name, defter: d.file.name, problems: bilingualList(problems) });
    }
  }
  return {
    ref,
    paketId: packageName(ref),
    entries: types.map((t) => done.get(t)!.file),
    ...(defterType && !types.includes(defterType) ? { boundDefter: done.get(defterType)!.file } : {}),
  };
}
