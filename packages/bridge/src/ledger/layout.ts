/**
 * The GİB folder layout and file names on this machine (spec §1.8): @edefter/domain holds the rules
 * (`<root>/<VKN>/<HESAP DÖNEMİ>/<AY>/VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`, fiscal periods,
 * İPTAL EDİLENLER); this module joins them with the platform's path separator and takes the
 * ledger's month and part number types.
 */
import path from 'node:path';
import { gibFileName, monthFolderSegments, partText, type DocKind, type FiscalPeriod } from '@edefter/domain';
import { yyyymm, type YearMonth } from './dates.ts';

/** `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`; `part` 0 means the whole month (`000000`). */
export function fileName(vkn: string, ym: YearMonth, kind: DocKind, part: number, branchCode?: string): string {
  return gibFileName({ vkn, period: yyyymm(ym), type: kind, part: partText(part), branch: branchCode });
}

/** `<root>/<VKN>/<fiscal period label>/<MM>` */
export function monthDir(root: string, vkn: string, fp: FiscalPeriod, ym: YearMonth): string {
  return path.join(root, ...monthFolderSegments(vkn, fp, ym));
}
