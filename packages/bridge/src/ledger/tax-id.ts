/**
 * VKN / TCKN checks for ledger input: the check-digit rules are in @edefter/domain (tax-id.ts);
 * {@link assertTaxId} throws the catalog's ledger.taxIdInvalid with the problem.
 */
import { fail } from '@edefter/protocol';
import { taxIdProblem } from '@edefter/domain';

export { isValidTckn, isValidVkn, taxIdKind, taxIdProblem } from '@edefter/domain';

/**
 * Throws when `s` is not a valid VKN/TCKN.
 * @param where prefix for the message (e.g. `company.json: vkn`)
 * @throws EdefterError(BAD_INPUT) with `{ where, value, reason: 'tax-id' }`
 */
export function assertTaxId(s: string, where: string): void {
  const p = taxIdProblem(s);
  if (p) throw fail('ledger.taxIdInvalid', { where, value: s, reason: 'tax-id', problem: { tr: p.tr, en: p.en } });
}
