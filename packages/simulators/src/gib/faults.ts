/**
 * Fault injection for the GİB simulator: HTTP errors, timeouts (no answer), slow answers, any GİB
 * error code, dropped connections, and processing failures — per operation and optionally per
 * package, a limited number of times.
 */

/** Operations a rule can target. `HEAD` is the clock check; `*` any SOAP operation. */
export type FaultOp = 'sendDocumentFile' | 'getBatchStatus' | 'receiveDocumentFile' | 'HEAD' | '*';

/** One fault rule. */
export interface FaultRule {
  op?: FaultOp;
  /** Only requests / packages whose paket ID contains this text. */
  paketId?: string;
  /**
   * - `http`: answer HTTP `status` (default 503) with a SOAP Receiver fault without a GİB code;
   * - `timeout`: never answer (the socket is held until the client gives up or the simulator closes);
   * - `slow`: answer normally after `delayMs` (default 2 000);
   * - `gib-code`: answer a SOAP fault carrying GİB code `code`;
   * - `drop`: close the connection without an answer;
   * - `process-fail`: the package is accepted but its processing fails with `message`;
   * - `tamper` (receiveDocumentFile): the approved berat returned is damaged per `tamper`.
   */
  kind: 'http' | 'timeout' | 'slow' | 'gib-code' | 'drop' | 'process-fail' | 'tamper';
  /**
   * For `tamper`: `countersignature` (one character of GİB's SignatureValue changed), `berat-content`
   * (an amount in the berat changed: the berat's own signature breaks), `untrusted-seal` (sealed by a
   * look-alike "GİB" certificate from another CA).
   */
  tamper?: 'countersignature' | 'berat-content' | 'untrusted-seal';
  status?: number;
  code?: number;
  delayMs?: number;
  /** Number of matching requests it applies to (default 1; 0 or negative = always). */
  times?: number;
  /** sendDocumentFile only: store the upload first, then fault the answer ("it landed, the answer was lost"). */
  afterReceive?: boolean;
  message?: string;
}

/** Keeps the rules and consumes them as they fire. */
export class FaultPlan {
  private rules: (FaultRule & { left: number })[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces all rules. */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r, left: r.times === undefined ? 1 : r.times <= 0 ? Infinity : r.times }));
  }

  /** Adds a rule. */
  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times === undefined ? 1 : rule.times <= 0 ? Infinity : rule.times });
  }

  /** Current rules (with what is left). */
  list(): FaultRule[] {
    return this.rules.filter((r) => r.left > 0).map(({ left, ...r }) => ({ ...r, times: left === Infinity ? 0 : left }));
  }

  /** Takes the first matching rule for a request (consuming one use), or undefined. */
  take(op: Exclude<FaultOp, '*'>, paketId: string | undefined, kinds?: FaultRule['kind'][]): FaultRule | undefined {
    const r = this.rules.find(
      (x) =>
        x.left > 0 &&
        (!x.op || x.op === op || (x.op === '*' && op !== 'HEAD')) &&
        (!x.paketId || (paketId ?? '').includes(x.paketId)) &&
        (!kinds || kinds.includes(x.kind)) &&
        (kinds?.includes('process-fail') || x.kind !== 'process-fail'),
    );
    if (r) r.left -= 1;
    return r;
  }
}
