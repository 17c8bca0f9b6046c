/**
 * `edefter-csv`: our own layout (docs/erp-export.md): header cells ARE the canonical column names
 * (any case, any order), `;` by default, dates `YYYY-AA-GG` or `GG.AA.YYYY`, decimals by `--decimal`.
 */
import type { ImportProfile } from '../profile.ts';

/** Our own CSV layout: no renaming, no value conventions beyond the canonical ones. */
export const edefterCsv: ImportProfile = {
  name: 'edefter-csv',
  title: 'edefter-csv',
  columns: {},
  delimiter: ';',
  decimal: 'auto',
};
