/**
 * From a matched header to what csv-rows.ts needs: the header cells renamed to canonical columns,
 * and a per-row function that applies the profile's value conventions in place (time of day off
 * dates, fixed decimal separator, şube numbers) and checks the columns no XBRL-GL element holds
 * (ERP line numbers, fiş keys, the taxpayer's VKN). Errors are `dosya:satır:sütun (başlık)`,
 * the same shape as parse-line.ts's, and nothing is written.
 */
import type { EdefterError, LedgerFieldFacts, LedgerFieldProblem } from '@edefter/protocol';
import type { DecimalMode } from '../amount.ts';
import { fieldInvalid } from '../field-error.ts';
import type { HeaderMatch } from './detect.ts';
import { DATE_COLUMNS, NUMBER_COLUMNS, type ColumnRole } from './profile.ts';
import { branchCode, stripTime, toPointDecimal } from './values.ts';

/** The company facts profile checks need (company.json). */
export interface ImportCompany {
  vkn: string;
  branch?: { code: string; name: string };
}

/** The part of a row the preparer touches (csv-rows.ts CsvRow satisfies it). */
export interface RowFields {
  file: string;
  line: number;
  fields: string[];
}

/** Result of {@link prepareHeader}. */
export interface PreparedHeader {
  /** Header cells for csv-rows.ts: canonical names; cells the profile consumes itself and unknown cells as written. Longer than the record when the profile adds a column (batchDescription from company.json). */
  names: string[];
  /** Applies conventions and checks to one row in place (null: the profile has nothing to do). */
  prepare: ((row: RowFields) => void) | null;
  /** Header cells read but not written (ERP keys) and cells only checked, for the summary. */
  notWritten: string[];
  checked: string[];
}

/** Options of {@link prepareHeader}. */
export interface PrepareContext {
  file: string;
  line: number;
  company?: ImportCompany;
  /** `--decimal` as given (a forced mode wins over the profile's separator). */
  decimal?: DecimalMode;
  /** Numbers already come as plain `1234.56` text (xlsx numeric cells): no separator rewriting. */
  typedNumbers?: boolean;
}

/** `dosya:satır:sütun (başlık): …` for a profile column. */
function cellError<N extends LedgerFieldProblem>(
  row: { file: string; line: number },
  pos: number,
  header: string,
  problem: N,
  facts: LedgerFieldFacts<N>,
): EdefterError {
  return fieldInvalid({ file: row.file, line: row.line, column: pos + 1, field: header }, problem, facts);
}

type Step = (f: string[], row: RowFields) => void;

/**
 * Renames the header and builds the row preparer of a matched profile.
 * @throws EdefterError(BAD_INPUT) when two header cells fill the same canonical column
 */
export function prepareHeader(m: HeaderMatch, ctx: PrepareContext): PreparedHeader {
  const p = m.profile;
  const names = m.cells.map((c) => c.to || c.header);
  const seen = new Map<string, number>();
  m.cells.forEach((c, i) => {
    if (!c.to) return;
    const prev = seen.get(c.to);
    if (prev !== undefined) {
      throw cellError({ file: ctx.file, line: ctx.line }, i, c.header, 'columnsFillSameField', { first: m.cells[prev].header, second: c.header, target: c.to });
    }
    seen.set(c.to, i);
  });
  const at = (col: string) => seen.get(col) ?? -1;
  const steps: Step[] = [];
  const notWritten: string[] = [];
  const checked: string[] = [];
  const own = p.name !== 'edefter-csv';

  if (own) {
    const dates = DATE_COLUMNS.map(at).filter((i) => i >= 0);
    if (dates.length)
      steps.push((f) => {
        for (const i of dates) {
          const v = f[i];
          if (v && v.length > 10) f[i] = stripTime(v.trim());
        }
      });
  }
  const sep = ctx.decimal && ctx.decimal !== 'auto' ? null : ctx.typedNumbers ? null : p.decimal === 'auto' ? null : p.decimal;
  if (own && sep) {
    const nums = NUMBER_COLUMNS.map(at).filter((i) => i >= 0);
    if (nums.length)
      steps.push((f) => {
        for (const i of nums) {
          const v = f[i];
          if (v) f[i] = toPointDecimal(v, sep);
        }
      });
  }
  if (p.mainAsSub) {
    const main = at('accountMainID'),
      sub = at('accountSubID'),
      subDesc = at('accountSubDescription');
    if (main >= 0 && sub >= 0)
      steps.push((f) => {
        if (f[sub] !== undefined && f[sub].trim() === (f[main] ?? '').trim()) {
          f[sub] = '';
          if (subDesc >= 0) f[subDesc] = '';
        }
      });
  }

  const roleAt = (r: ColumnRole) => m.cells.findIndex((c) => c.role === r);
  const br = roleAt('branch');
  if (br >= 0) {
    const h = m.cells[br].header;
    const company = ctx.company;
    let desc = -1;
    if (company?.branch && at('batchDescription') < 0) {
      names.push('batchDescription');
      desc = names.length - 1;
    }
    steps.push((f, row) => {
      const code = branchCode(f[br] ?? '');
      if (code === null) throw cellError(row, br, h, 'branchNumber', { value: f[br] });
      if (code && company?.branch && code !== company.branch.code) {
        throw cellError(row, br, h, 'lineOfOtherBranch', { code, branch: company.branch.code });
      }
      if (code && company && !company.branch) {
        throw cellError(row, br, h, 'lineBranchWithoutCompanyBranch', { code });
      }
      f[br] = code;
      if (desc >= 0) f[desc] = code ? company!.branch!.name : '';
    });
  }
  const ln = roleAt('line-number');
  if (ln >= 0) {
    // Period-wide numbering (GİB's lineNumber) runs on by one; an ERP that numbers lines per madde restarts at 1 on a new madde.
    const h = m.cells[ln].header,
      en = at('entryNumber');
    checked.push(h);
    let prev = -1,
      prevKey: string | null = null;
    steps.push((f, row) => {
      const v = (f[ln] ?? '').trim(),
        key = (f[en] ?? '').trim();
      const newMadde = key !== prevKey;
      prevKey = key;
      if (v === '') {
        prev = -1;
        return;
      }
      if (!/^[0-9]{1,12}$/.test(v) || +v < 1) throw cellError(row, ln, h, 'lineNumber', { value: v });
      if (prev >= 0 && +v !== prev + 1 && !(newMadde && +v === 1)) throw cellError(row, ln, h, 'lineNumberGap', { previous: prev, value: v });
      prev = +v;
    });
  }
  const lc = roleAt('line-counter');
  if (lc >= 0) {
    const h = m.cells[lc].header,
      enc = at('entryNumberCounter');
    checked.push(h);
    steps.push((f, row) => {
      const v = (f[lc] ?? '').trim(),
        e = (f[enc] ?? '').trim();
      if (v !== '' && v !== e) throw cellError(row, lc, h, 'lineMaddeNumber', { value: v, header: m.cells[enc].header, madde: e });
    });
  }
  const er = roleAt('entry-ref');
  if (er >= 0) {
    const h = m.cells[er].header,
      en = at('entryNumber');
    checked.push(h);
    let prevKey: string | null = null,
      prevRef = '';
    steps.push((f, row) => {
      const ref = (f[er] ?? '').trim(),
        key = (f[en] ?? '').trim();
      if (key === prevKey && ref !== prevRef) throw cellError(row, er, h, 'maddeFisKeysDiffer', { entryNumber: key, key: ref, other: prevRef });
      prevKey = key;
      prevRef = ref;
    });
  }
  const tx = roleAt('tax-number');
  if (tx >= 0) {
    const h = m.cells[tx].header,
      vkn = ctx.company?.vkn;
    checked.push(h);
    if (vkn) {
      steps.push((f, row) => {
        const v = (f[tx] ?? '').trim();
        if (v !== '' && v !== vkn) throw cellError(row, tx, h, 'lineTaxNumberNotCompany', { value: v, vkn });
      });
    }
  }
  m.cells.forEach((c) => {
    if (c.role === 'erp-key' || c.role === 'derived') notWritten.push(c.header);
  });

  const prepare =
    steps.length === 0
      ? null
      : steps.length === 1
        ? (
            (s: Step) => (row: RowFields) =>
              s(row.fields, row)
          )(steps[0])
        : (row: RowFields) => {
            for (const s of steps) s(row.fields, row);
          };
  return { names, prepare, notWritten, checked };
}
