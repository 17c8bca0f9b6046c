/**
 * A command-line option that takes one of a few words (`--threads 1|2|auto`, `--encoding`, `--decimal`): the one check
 * and the one error for all of them.
 */
import { fail } from '@edefter/protocol/catalog';

/**
 * `value` when it is one of `accepted`.
 * @param option the option's name as typed (`--threads`), for the message
 * @param shown the choices the message lists (default `accepted`; fewer when some accepted words are aliases)
 * @throws EdefterError BAD_INPUT (cli.optionChoice) naming the option, the value and `shown`
 */
export function optionChoice<T extends string>(option: string, value: string, accepted: readonly T[], shown: readonly string[] = accepted): T {
  if ((accepted as readonly string[]).includes(value)) return value as T;
  throw fail('cli.optionChoice', { option, value, choices: [...shown] });
}
