/**
 * The one error catalog (issue 11 item 4): every user-facing error of page library, extension
 * and bridge, by stable message key. Call sites pass a key and named parameters:
 * ```ts
 * throw fail('token.pinIncorrect', { retriesLeft: 2 });
 * ```
 * and never a Turkish/English text pair. The key picks the wire code (unchanged, pages match on
 * it), both texts and `retriable`; the parameters become `details` (never secrets: see entry.ts).
 *
 * Areas live in one file each (transport.ts, token.ts, gib.ts, …); a key always starts with its
 * area's name. A key defined in two areas fails to compile here ({@link NoDuplicateKeys}) and
 * throws at load time ({@link mergeAreas}).
 */
import { mergeAreas, makeFail, type NoDuplicateKeys, type ParamsArg, type ParamsOfEntry } from './entry.ts';
import { BACKUP } from './backup.ts';
import { CLI } from './cli.ts';
import { COMPLIANCE } from './compliance.ts';
import { CONFIG } from './config.ts';
import { DOCUMENTS } from './documents.ts';
import { EXTENSION } from './extension.ts';
import { FLOWS } from './flows.ts';
import { GIB } from './gib.ts';
import { LEDGER } from './ledger.ts';
import { SERVER } from './server.ts';
import { TOKEN } from './token.ts';
import { TRANSPORT } from './transport.ts';
import { TSA } from './tsa.ts';
import { UPDATE } from './update.ts';
import { VALIDATE } from './validate.ts';
import { WORKFLOW } from './workflow.ts';
import { XADES } from './xades.ts';

type Areas = [
  typeof BACKUP,
  typeof CLI,
  typeof COMPLIANCE,
  typeof CONFIG,
  typeof DOCUMENTS,
  typeof EXTENSION,
  typeof FLOWS,
  typeof GIB,
  typeof LEDGER,
  typeof SERVER,
  typeof TOKEN,
  typeof TRANSPORT,
  typeof TSA,
  typeof UPDATE,
  typeof VALIDATE,
  typeof WORKFLOW,
  typeof XADES,
];

/** Compile-time guard: fails with `{ duplicate: key }` when two areas define the same key. */
const noDuplicates: NoDuplicateKeys<Areas> = true;
void noDuplicates;

/** Every entry, by key (frozen). */
export const CATALOG = mergeAreas(
  BACKUP,
  CLI,
  COMPLIANCE,
  CONFIG,
  DOCUMENTS,
  EXTENSION,
  FLOWS,
  GIB,
  LEDGER,
  SERVER,
  TOKEN,
  TRANSPORT,
  TSA,
  UPDATE,
  VALIDATE,
  WORKFLOW,
  XADES,
);

/** Type of the whole catalog. */
export type Catalog = typeof CATALOG;

/** Every message key (`area.name`). */
export type MessageKey = keyof Catalog & string;

/** The named parameters (= wire details) of message `K`. */
export type MessageParams<K extends MessageKey> = ParamsOfEntry<Catalog[K]>;

/** The rest arguments of `fail(key, …)` for message `K` (for helpers that forward to {@link fail}). */
export type MessageParamsArg<K extends MessageKey> = ParamsArg<Catalog[K]>;

/**
 * The {@link EdefterError} of catalog entry `key`, texts rendered from `params`; use as
 * `throw fail(key, params)` or `reject(fail(key, params))`. `params` is optional when the entry has
 * no required parameter. Parameters travel as `details`: never put a PIN, password or key in them.
 */
export const fail = makeFail(CATALOG);

export { GIB_SERVICE_CODES, type GibServiceCode, type GibServiceKey, type GibUnreachableReason } from './gib.ts';
export type { LedgerFieldFacts, LedgerFieldProblem } from './ledger.ts';
export type { TokenFacts, PinCounter } from './token.ts';
export { KEYCHAIN_TEXTS, type KeychainProblem } from './config.ts';
export { msg, area, type Bilingual, type CatalogEntry, type Params, type ParamValue, type NoParams } from './entry.ts';
