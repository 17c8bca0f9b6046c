/**
 * Envanter file names (GİB-EK, spec §1.8): `VKN-YYYYMM-E-PPPPPP[-ŞŞŞŞ].xml`, its berat `-EB-`, GİB's
 * approved copy `GIB-…-EB-…`; they live in the month folder of the inventory date, beside Y/K.
 */
import { yyyymm, type YearMonth } from '../dates.ts';
import { parseGibName, type GibName } from '../../gib/names.ts';

/** `VKN-YYYYMM-E|EB-PPPPPP[-ŞŞŞŞ].xml`. */
export function envanterFileName(vkn: string, ym: YearMonth, kind: 'E' | 'EB', part: number, branchCode?: string): string {
  return `${vkn}-${yyyymm(ym)}-${kind}-${String(part).padStart(6, '0')}${branchCode ? '-' + branchCode : ''}.xml`;
}

/** The E name of an EB name and back. */
export function siblingName(name: string, kind: 'E' | 'EB'): string {
  return name.replace(/-(E|EB)-(\d{6})/, `-${kind}-$2`);
}

/** Parsed GİB name of a month-folder file (any kind), or null. */
export function parseName(base: string): GibName | null {
  return base.endsWith('.xml') ? parseGibName(base) : null;
}

