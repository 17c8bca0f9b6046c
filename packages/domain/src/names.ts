/**
 * GİB file and package names (GİB-TK §2.4, spec §1.8, GİB-WS §2.1):
 * - a document: `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`, TYPE one of Y, K, E, YB, KB, EB, DR;
 * - a GİB-approved berat (downloaded, counter-signed by GİB): `GIB-<same name>` (spec §1.6);
 * - an upload package: `VKN-YYYYMM-{YB,KB,EB,DR}-PPPPPP[-ŞŞŞŞ].zip`; its stem is the paket ID.
 * The şube code `0000` is refused (spec §1.8). Names are read for display and to compare with the
 * content; a document's kind and VKN always come from its XML.
 */
import { DOC_KINDS, isBeratKind, type BeratKind, type DocKind } from './doc-kinds.ts';
import type { MonthPartKey } from './month-part.ts';
import { parsePeriod, type YearMonth } from './period.ts';
import { DomainError, type Problem } from './problem.ts';

/** The parts of a GİB name. */
export interface GibName extends Required<MonthPartKey> {
  /** document kind (the TYPE field) */
  type: DocKind;
  /** `ŞŞŞŞ`, or '' for the head office */
  branch: string;
  /** True for a `GIB-` (approved berat) name */
  approved: boolean;
  /** `.xml`, `.zip`, or '' when the name had no extension (a paket ID) */
  ext: '' | '.xml' | '.zip';
}

/** The kinds an upload package is named after (GİB-WS §2.1). */
export const PACKAGE_KINDS = Object.freeze(['YB', 'KB', 'EB', 'DR'] as const);

/** One of {@link PACKAGE_KINDS}. */
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/** Prefix of a GİB-approved berat's file name. */
export const APPROVED_PREFIX = 'GIB-';

const TYPES = DOC_KINDS.join('|');
const NAME_RE = new RegExp(`^(GIB-)?(\\d{10,11})-(\\d{4}(?:0[1-9]|1[0-2]))-(${TYPES})-(\\d{6})(?:-(\\d{4}))?(\\.xml|\\.zip)?$`);

/** The last path segment of `p` (either separator); names given with a folder are read by their base name. */
export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}

/**
 * Why `name` is not a GİB name, or null when it is. Accepts a path (reads its base name).
 * Beyond the pattern: şube `0000` is refused, `GIB-` only prefixes berats.
 */
export function gibNameProblem(name: string): Problem | null {
  const base = baseName(name);
  const m = NAME_RE.exec(base);
  const no = (trWhy: string, enWhy: string): Problem => ({
    field: 'name',
    tr: `GİB dosya adı değil: ${base} (${trWhy}; beklenen VKN-YYYYMM-TÜR-PPPPPP[-ŞŞŞŞ].xml)`,
    en: `Not a GİB file name: ${base} (${enWhy}; expected VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml)`,
  });
  if (!m) return no('biçim uymuyor', 'pattern does not match');
  if (m[6] === '0000') return no('şube kodu 0000 olamaz', 'şube code 0000 is not allowed');
  if (m[1] && !isBeratKind(m[4] as DocKind)) return no('GIB- öneki yalnızca beratlarda olur', 'the GIB- prefix is for berats only');
  return null;
}

/** Parses a GİB name (or a path ending in one); null when it is not one (see {@link gibNameProblem}). */
export function parseGibName(name: string): GibName | null {
  if (gibNameProblem(name)) return null;
  const m = NAME_RE.exec(baseName(name))!;
  return {
    approved: !!m[1],
    vkn: m[2],
    period: m[3],
    type: m[4] as DocKind,
    part: m[5],
    branch: m[6] ?? '',
    ext: (m[7] ?? '') as GibName['ext'],
  };
}

/**
 * Parses a GİB name, refusing anything else.
 * @throws DomainError BAD_INPUT (details.field `name`) saying why, in Turkish and English
 */
export function requireGibName(name: string): GibName {
  const p = gibNameProblem(name);
  if (p) throw new DomainError(p, baseName(name));
  return parseGibName(name)!;
}

/** The parts a name is built from. */
export interface GibNameParts extends MonthPartKey {
  type: DocKind;
}

/** `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ]` (no prefix, no extension): a document's stem, or a package's paket ID. */
export function gibStem(n: GibNameParts): string {
  return `${n.vkn}-${n.period}-${n.type}-${n.part}${n.branch ? `-${n.branch}` : ''}`;
}

/** File name of a document: `<stem>.xml`, or `GIB-<stem>.xml` for an approved berat. */
export function gibFileName(n: GibNameParts & { approved?: boolean }): string {
  return `${n.approved ? APPROVED_PREFIX : ''}${gibStem(n)}.xml`;
}

/** Paket ID of an upload package (`VKN-YYYYMM-KIND-PPPPPP[-ŞŞŞŞ]`). */
export function packageId(p: MonthPartKey & { kind: PackageKind }): string {
  return gibStem({ ...p, type: p.kind });
}

/** Zip name of an upload package: `<paket ID>.zip`. */
export function packageZipName(p: MonthPartKey & { kind: PackageKind }): string {
  return `${packageId(p)}.zip`;
}

/** Name of the GİB-approved berat of a berat (`GIB-<name>`); the name must be a berat's. */
export function approvedBeratName(n: MonthPartKey & { type: BeratKind }): string {
  return gibFileName({ ...n, approved: true });
}

/** The month a parsed name belongs to. */
export function yearMonthOf(n: Pick<GibName, 'period'>): YearMonth {
  return parsePeriod(n.period)!;
}

/** The part number of a parsed name (`000002` → 2). */
export function partNumber(n: Pick<GibName, 'part'>): number {
  return Number(n.part);
}

/**
 * Orders GİB names the way a month folder is listed: by VKN, period, kind (Y, K, E, YB, KB, EB, DR),
 * part, şube, and an approved berat after its own berat.
 */
export function compareGibNames(a: GibName, b: GibName): number {
  return (
    a.vkn.localeCompare(b.vkn) ||
    a.period.localeCompare(b.period) ||
    DOC_KINDS.indexOf(a.type) - DOC_KINDS.indexOf(b.type) ||
    a.part.localeCompare(b.part) ||
    a.branch.localeCompare(b.branch) ||
    Number(a.approved) - Number(b.approved)
  );
}
