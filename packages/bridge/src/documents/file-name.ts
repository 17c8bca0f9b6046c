/**
 * GİB file names (GİB-TK §2.4, spec §1.8): `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`, TYPE one of Y, K,
 * E, YB, KB, EB, DR. Read only for what the consent window shows (part, şube) and to compare with
 * the content; the document's type and VKN always come from its XML.
 */
import type { GibDocumentType } from '@edefter/protocol';

/** Parts of a GİB file name. */
export interface GibFileName {
  /** VKN or TCKN */
  vkn: string;
  /** YYYYMM */
  period: string;
  type: GibDocumentType;
  /** 6 digits */
  part: string;
  /** 4-digit şube code */
  branch?: string;
}

const NAME = /^(\d{10,11})-(\d{6})-(Y|K|E|YB|KB|EB|DR)-(\d{6})(?:-(\d{4}))?\.xml$/;

/** Parses a GİB file name; undefined when the name does not follow the pattern. */
export function parseGibFileName(name: string): GibFileName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  return { vkn: m[1], period: m[2], type: m[3] as GibDocumentType, part: m[4], ...(m[5] ? { branch: m[5] } : {}) };
}
