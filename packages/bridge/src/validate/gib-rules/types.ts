/**
 * Public shapes of the GİB rule engine (issue 14 item 1): every assert of GİB's six schematron
 * files, compiled from the `.sch` files of the configured GİB package at run time and evaluated
 * in one streaming pass.
 *
 * Rule ids are `<sch base name>:<n>`, n = 1-based document-order index of the assert/report
 * element in that `.sch` (commented-out ones do not count), e.g. `edefter_yevmiye:17` — the same
 * ids the test oracle (test/kit/gib-schematron.ts) reports.
 */
import type { GibPackage } from '../gib-package.ts';

/** Which of GİB's six `.sch` files checks a document. */
export type GibRuleKind = 'yevmiye' | 'kebir' | 'berat' | 'rapor' | 'envanter_defter' | 'envanter_berat';

/** One failed assert (or fired report, or an assert whose test raised a dynamic XPath error). */
export interface RuleFailure {
  /** `<sch base name>:<n>`, e.g. `edefter_yevmiye:17`; `<sch>:let:<rule n>` for an error in a rule's `let`. */
  ruleId: string;
  /** Base name of the `.sch` (`edefter_yevmiye`). */
  sch: string;
  /** n of the rule id (1-based document-order index of the assert/report in the `.sch`); 0 for a `let` error. */
  index: number;
  /** `assert` failed, `report` fired, or `error`: the test raised a dynamic error (GİB's engine stops; we report). */
  kind: 'assert' | 'report' | 'error';
  /** The pattern's id, when it has one. */
  pattern?: string;
  /** The rule's context, as written. */
  context: string;
  /** The assert's test, whitespace-normalised. */
  test: string;
  /** GİB's Turkish message with its `value-of`s evaluated, whitespace-normalised. */
  tr: string;
  /** Base name of the checked file. */
  file: string;
  /** 1-based line of the context node's start tag in the XML file (0 for the document node). */
  xmlLine: number;
  /** 1-based column (UTF-16 code units) of the context node's `<` on that line (0 for the document node). */
  column: number;
  /** `/edefter:defter[1]/xbrli:xbrl[1]/…` of the context node. */
  location: string;
  /** entryNumberCounter (madde no) of the enclosing gl-cor:entryHeader, when any. */
  entry?: string;
  /** lineNumber of the enclosing gl-cor:entryDetail, when any. */
  line?: string;
  /** For `error`: the XPath error (code and text). */
  error?: string;
}

/** A compiled `.sch` file. Opaque to callers apart from these facts. */
export interface RuleSet {
  /** Absolute path of the `.sch`. */
  file: string;
  /** Base name without `.sch` (`edefter_yevmiye`), the rule-id prefix. */
  sch: string;
  title: string;
  /** Number of asserts + reports (the highest rule index). */
  count: number;
  /** Every rule id in document order with its test and message template (for the docs table). */
  rules: { ruleId: string; index: number; pattern?: string; context: string; test: string; message: string; report: boolean }[];
}

/** Options of {@link checkGibRules}. */
export interface CheckGibRulesOptions {
  /** The GİB package holding `sch/`. */
  gib: GibPackage;
  /** Which `.sch` to use; default from the file name (Y, K, YB/KB, DR, E, EB) then the root element and entriesType. */
  kind?: GibRuleKind;
  /** The name `base-uri()` / `$dosyaAdi` sees (GİB's file-name rules); default the file's own base name. */
  name?: string;
  /** Keep at most this many failures (default 1000); `count` keeps counting. */
  maxFindings?: number;
  /**
   * Drop failures (e.g. the ds:Signature assert of an unsigned draft). Beyond `maxFindings` it sees
   * the failure without its message and location (only the count goes on there).
   */
  ignore?: (f: RuleFailure) => boolean;
  /** Progress in bytes of the file read so far. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** Result of {@link checkGibRules}. */
export interface CheckGibRulesResult {
  ok: boolean;
  /** Failures in document order, capped at maxFindings. */
  failures: RuleFailure[];
  /** Total failures (not capped). */
  count: number;
  /** Wall time in milliseconds. */
  ms: number;
  /** The `.sch` base name used. */
  sch: string;
}
