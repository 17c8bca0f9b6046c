/**
 * The one builder of `ledger.fieldInvalid` errors (catalog packages/protocol/src/catalog/ledger.ts): a bad
 * field of an input row, placed as `dosya.csv:12:5 (alan)`. Shared by the journal CSV reader
 * (csv-rows.ts rowError), the profile import (import/row-prep.ts) and the Envanter export reader
 * (envanter/parse-line.ts, envanter/read-export.ts).
 */
import { type EdefterError, fail, type LedgerFieldFacts, type LedgerFieldProblem } from '@edefter/protocol';

/** Where a bad field is: file name, 1-based line, and when known the 1-based column and the field (column name or header cell). */
export interface FieldAt {
  file: string;
  line: number;
  /** 1-based column; undefined leaves `:column` out of the place and the params. */
  column?: number;
  /** Field name; undefined leaves ` (field)` out of the place and the params. */
  field?: string;
}

/**
 * `ledger.fieldInvalid` for one field problem: params `where` (`file:line[:column][ (field)]`), `problem`,
 * `facts`, `file`, `line`, and `column` / `field` when given.
 * @returns the EdefterError (BAD_INPUT) to throw
 */
export function fieldInvalid<N extends LedgerFieldProblem>(at: FieldAt, problem: N, facts: LedgerFieldFacts<N>): EdefterError {
  const { file, line, column, field } = at;
  const where = `${file}:${line}${column !== undefined ? ':' + column : ''}${field !== undefined ? ` (${field})` : ''}`;
  return fail('ledger.fieldInvalid', {
    where,
    problem,
    facts: facts as unknown as Record<string, string>,
    file,
    line,
    ...(column !== undefined ? { column } : {}),
    ...(field !== undefined ? { field } : {}),
  });
}
