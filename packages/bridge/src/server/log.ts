/**
 * The bridge's log: one line per event, Turkish message first, then `key=value` facts.
 * Facts whose key looks like a secret (pin, secret, password, mac, key, token bytes) are
 * dropped before formatting, and values are never Buffers: a PIN cannot reach the log by
 * accident. Writes to a stream (stderr by default).
 */

/** Log levels. */
type LogLevel = 'info' | 'warn' | 'error';

/** The bridge logger. */
export interface BridgeLog {
  info(msg: string, facts?: Record<string, unknown>): void;
  warn(msg: string, facts?: Record<string, unknown>): void;
  error(msg: string, facts?: Record<string, unknown>): void;
  /** Plain line for the user (pairing code, URLs), without timestamp. */
  say(text: string): void;
}

const SECRET_KEY = /pin|secret|password|passwd|mac|key|challenge|bytes|xml/i;

/** Formats facts as ` key=value …`, dropping secret-looking keys and binary values. */
function formatFacts(facts: Record<string, unknown> = {}): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(facts)) {
    if (SECRET_KEY.test(k) || v === undefined) continue;
    if (v instanceof Uint8Array || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    // JSON-quote anything with white space or a control character: a value can never forge a log line or a terminal sequence
    parts.push(`${k}=${/[\s\u0000-\u001f\u007f-\u009f"]/.test(s) ? JSON.stringify(s) : s}`);
  }
  return parts.length ? ' ' + parts.join(' ') : '';
}

/** Creates a logger writing to `out` (and `say` lines to `sayOut`). */
export function createLog(out: NodeJS.WritableStream = process.stderr, sayOut: NodeJS.WritableStream = process.stdout): BridgeLog {
  const line = (level: LogLevel, msg: string, facts?: Record<string, unknown>): void => {
    out.write(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}${formatFacts(facts)}\n`);
  };
  return {
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
    say: (t) => {
      sayOut.write(t + '\n');
    },
  };
}
