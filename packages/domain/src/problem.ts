/**
 * How the domain refuses input: a {@link Problem} (Turkish and English text plus the field at fault)
 * that callers turn into their own error (the bridge into an `EdefterError` BAD_INPUT), or a thrown
 * {@link DomainError} carrying the same facts. The domain has no dependency on protocol's errors.
 */

/** Why a value was refused. */
export interface Problem {
  /** the field or value kind at fault, e.g. `name`, `vkn`, `period`, `part`, `branch` */
  field: string;
  /** Turkish message */
  tr: string;
  /** English message */
  en: string;
}

/** A refused value: `code` is always `BAD_INPUT` (protocol's ErrorCode.BadInput). */
export class DomainError extends Error {
  readonly code = 'BAD_INPUT' as const;
  readonly tr: string;
  readonly en: string;
  readonly details: { field: string; value?: unknown };

  /** @param p the problem; @param value the refused value (kept in `details.value`) */
  constructor(p: Problem, value?: unknown) {
    super(`${p.tr} / ${p.en}`);
    this.name = 'DomainError';
    this.tr = p.tr;
    this.en = p.en;
    this.details = { field: p.field, ...(value === undefined ? {} : { value }) };
  }
}
