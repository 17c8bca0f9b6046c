/**
 * `turkcell`: Turkcell e-Şirket (ePlatform) raw yevmiye data — a tab-separated `.txt` inside a zip.
 * Turkcell's format guide asks for "the fields of GİB's technical guides"; its exact header is not
 * public. ASSUMPTION (docs/erp-export.md): the header row names each field by its XBRL-GL element,
 * with or without the namespace prefix (`gl-cor:entryNumber` or `entryNumber`, any case), i.e. our
 * canonical names; dates `GG.AA.YYYY` or `YYYY-AA-GG` (a time of day is dropped), decimals by
 * `--decimal` (auto), şube in `batchID`. Detected over `edefter-csv` when the header is prefixed, the
 * delimiter is a tab or the file is a `.txt`. The element names we number or compute ourselves are
 * accepted too: `lineNumber` (checked consecutive), `lineNumberCounter` (the madde number, checked or
 * used as entryNumberCounter), `totalDebit`/`totalCredit` (read, not written: we sum the madde).
 */
import { columnMap, type ImportProfile } from '../profile.ts';

/** Turkcell e-Şirket txt: canonical XBRL-GL element names, optionally prefixed, tab-separated. */
export const turkcell: ImportProfile = {
  name: 'turkcell',
  title: 'turkcell (e-Şirket txt)',
  columns: columnMap([
    ['lineNumber', { role: 'line-number' }],
    ['lineNumberCounter', { role: 'line-counter' }],
    ['totalDebit', { role: 'derived' }],
    ['totalCredit', { role: 'derived' }],
  ]),
  delimiter: '\t',
  decimal: 'auto',
  prefixedNames: true,
};
