/**
 * GİB file and package names (spec §1.8): `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml|zip`, TYPE one of
 * Y, K, E, YB, KB, EB, DR; GİB-approved berats carry a `GIB-` prefix (spec §1.6).
 */

/** Document type in a file name. */
export type DocType = 'Y' | 'K' | 'E' | 'YB' | 'KB' | 'EB' | 'DR';

/** The parts of a GİB file name. */
export interface GibName {
  vkn: string;
  /** `YYYYMM` */
  period: string;
  type: DocType;
  /** `PPPPPP` */
  part: string;
  /** `ŞŞŞŞ` or '' */
  branch: string;
  /** True for a `GIB-` (approved berat) name. */
  approved: boolean;
  /** `.xml` or `.zip` ('' when the name had no extension). */
  ext: '' | '.xml' | '.zip';
}

const RE = /^(GIB-)?(\d{10,11})-(\d{4}(?:0[1-9]|1[0-2]))-(Y|K|E|YB|KB|EB|DR)-(\d{6})(?:-(\d{4}))?(\.xml|\.zip)?$/;

/** Parses a base name; returns null when it is not a GİB name. A şube code `0000` is refused (spec §1.8). */
export function parseGibName(base: string): GibName | null {
  const m = RE.exec(base);
  if (!m || m[6] === '0000') return null;
  return {
    approved: !!m[1], vkn: m[2], period: m[3], type: m[4] as DocType, part: m[5], branch: m[6] ?? '',
    ext: (m[7] ?? '') as GibName['ext'],
  };
}

/** Formats `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ]` (no extension, no prefix): the paket ID form. */
export function gibStem(n: { vkn: string; period: string; type: DocType; part: string; branch?: string }): string {
  return `${n.vkn}-${n.period}-${n.type}-${n.part}${n.branch ? `-${n.branch}` : ''}`;
}

/** File name of a document: `<stem>.xml`, or `GIB-<stem>.xml` for an approved berat. */
export function gibFileName(n: { vkn: string; period: string; type: DocType; part: string; branch?: string; approved?: boolean }): string {
  return `${n.approved ? 'GIB-' : ''}${gibStem(n)}.xml`;
}
