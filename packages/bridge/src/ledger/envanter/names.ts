/**
 * Envanter file names (GİB-EK, spec §1.8): `VKN-YYYYMM-E-PPPPPP[-ŞŞŞŞ].xml`, its berat `-EB-`, GİB's
 * approved copy `GIB-…-EB-…`; they live in the month folder of the inventory date, beside Y/K.
 * The names themselves are @edefter/domain's (gibFileName, parseGibName; ledger/layout.ts fileName).
 */
import { parseGibName, type GibName } from '@edefter/domain';

/** The E name of an EB name and back (keeps a `GIB-` prefix and the folder part of a path). */
export function siblingName(name: string, kind: 'E' | 'EB'): string {
  return name.replace(/-(E|EB)-(\d{6})/, `-${kind}-$2`);
}

/** Parsed GİB name of a month-folder `.xml` file (any kind), or null. */
export function parseName(base: string): GibName | null {
  const n = parseGibName(base);
  return n && n.ext === '.xml' ? n : null;
}
