/**
 * What a month folder (`<root>/<VKN>/<HESAP DÖNEMİ>/<AY>/`, spec §1.8) holds: its GİB-named XML files
 * (defters, berats, GİB-approved `GIB-…` berats, the Defter Raporu), read by their names with
 * @edefter/domain's parseGibName. Sub-folders (İPTAL EDİLENLER) and other files are skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compareGibNames, parseGibName, type DocKind, type GibName } from '@edefter/domain';

/** A GİB-named XML file found in a month folder. */
export interface MonthFile extends GibName {
  /** absolute (or root-relative, as the folder was given) path */
  path: string;
  /** file name */
  name: string;
}

/** Which files {@link listMonthFiles} keeps. */
export interface MonthFileFilter {
  vkn?: string;
  /** `YYYYMM` */
  period?: string;
  /** only these kinds (default: all seven) */
  kinds?: readonly DocKind[];
}

/**
 * Lists the GİB-named `.xml` files of a month folder, in folder order (kind, part, şube, approved
 * after its berat); empty when the folder does not exist.
 */
export function listMonthFiles(folder: string, filter: MonthFileFilter = {}): MonthFile[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: MonthFile[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const n = parseGibName(e.name);
    if (!n || n.ext !== '.xml') continue;
    if ((filter.vkn && n.vkn !== filter.vkn) || (filter.period && n.period !== filter.period)) continue;
    if (filter.kinds && !filter.kinds.includes(n.type)) continue;
    out.push({ ...n, path: path.join(folder, e.name), name: e.name });
  }
  return out.sort(compareGibNames);
}
