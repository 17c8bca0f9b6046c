/**
 * `edefter audit verify`: checks the hash chain of the audit log (log.ts) and names every break.
 *
 * Each line carries `seq` (1, 2, 3, …) and `prev` = SHA-256 of the previous line's bytes; the head
 * file holds the last `seq` and the SHA-256 of the last line. For line i the checker looks up which
 * earlier line's hash equals its `prev`:
 * - the line right before it, with `seq` one more: fine;
 * - an earlier line j, with `seq` following j's: the lines between j and i were inserted;
 * - no line, and `seq` jumps: the records in the gap were removed;
 * - no line, `seq` follows: the line before i was altered (or, for the first line, this one);
 * - the line right before, but `seq` wrong: this line was altered.
 * The head file then finds a removed tail (head `seq` beyond the last line), an altered last line
 * (hash differs) and lines appended behind the bridge's back (beyond the head).
 *
 * What it cannot find: someone who rewrites every line after the change and the head file as
 * well. That needs the user's own files (out of scope, docs/security.md): the chain is a tamper
 * evidence, not a signature.
 */
import fs from 'node:fs';
import { GENESIS, auditPaths, lineHash } from './log.ts';

/** One break in the chain, named by record number and line. */
interface AuditProblem {
  kind: 'removed' | 'inserted' | 'altered' | 'unreadable' | 'head';
  /** record number(s) concerned: the record's own `seq`, or the missing ones */
  seq?: number;
  /** last missing `seq` when several records are gone */
  seqTo?: number;
  /** 1-based line number in audit.log (for removed: the line where the gap shows) */
  line?: number;
  tr: string;
  en: string;
}

/** Outcome of {@link verifyAudit}. */
export interface AuditVerifyResult {
  ok: boolean;
  /** lines read */
  records: number;
  /** `seq` of the last line (0 when empty) */
  lastSeq: number;
  problems: AuditProblem[];
}

interface Parsed {
  line: string;
  seq: number | undefined;
  prev: string | undefined;
}

function parseLine(line: string): Parsed {
  try {
    const r = JSON.parse(line) as { seq?: unknown; prev?: unknown };
    return { line, seq: Number.isSafeInteger(r.seq) ? (r.seq as number) : undefined, prev: typeof r.prev === 'string' ? r.prev : undefined };
  } catch {
    return { line, seq: undefined, prev: undefined };
  }
}

function range(a: number, b: number): string {
  return a === b ? `${a}` : `${a}–${b}`;
}

function removed(from: number, to: number, line: number | undefined, where: { tr: string; en: string }): AuditProblem {
  return {
    kind: 'removed',
    seq: from,
    ...(to !== from ? { seqTo: to } : {}),
    ...(line !== undefined ? { line } : {}),
    tr: `Kayıt ${range(from, to)} silinmiş (${where.tr}).`,
    en: `Record ${range(from, to)} removed (${where.en}).`,
  };
}

/**
 * Verifies the audit log in `dir` (default: the data folder).
 * @returns ok and the problems found, each naming the record (`seq`) and the line; an absent log
 *   with no head file is ok (nothing recorded yet)
 * @throws the fs error when the files exist but cannot be read
 */
export function verifyAudit(dir?: string): AuditVerifyResult {
  const p = auditPaths(dir);
  let text = '';
  try {
    text = fs.readFileSync(p.log, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let headText: string | undefined;
  try {
    headText = fs.readFileSync(p.head, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }

  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const recs = lines.map(parseLine);
  let problems: AuditProblem[] = [];
  /** hash of a line → its index (first occurrence) */
  const byHash = new Map<string, number>();
  /** `seq` of the line before (one more than its predecessor's when it is unreadable) */
  let prevSeq = 0;

  recs.forEach((r, i) => {
    const lineNo = i + 1;
    const beforeSeq = prevSeq;
    let seqAltered = false;
    if (r.seq === undefined || r.prev === undefined) {
      problems.push({
        kind: 'unreadable',
        seq: beforeSeq + 1,
        line: lineNo,
        tr: `Satır ${lineNo} okunamıyor (kayıt ${beforeSeq + 1}?): değiştirilmiş.`,
        en: `Line ${lineNo} is unreadable (record ${beforeSeq + 1}?): altered.`,
      });
    } else if (i === 0 ? r.prev === GENESIS : byHash.get(r.prev) === i - 1) {
      if (r.seq !== beforeSeq + 1) {
        if (r.seq > beforeSeq + 1 && i === 0) problems.push(removed(1, r.seq - 1, lineNo, { tr: 'günlüğün başında', en: 'at the start of the log' }));
        else {
          seqAltered = true;
          problems.push({
            kind: 'altered',
            seq: r.seq,
            line: lineNo,
            tr: `Kayıt ${r.seq} (satır ${lineNo}) değiştirilmiş: sıra numarası ${beforeSeq + 1} olmalıydı.`,
            en: `Record ${r.seq} (line ${lineNo}) altered: its number should be ${beforeSeq + 1}.`,
          });
        }
      }
    } else {
      const j = r.prev === GENESIS ? -1 : byHash.get(r.prev);
      if (j !== undefined && j < i - 1 && (j < 0 ? r.seq === 1 : r.seq === (recs[j].seq ?? NaN) + 1)) {
        for (let k = j + 1; k < i; k++) {
          const s = recs[k].seq;
          problems = problems.filter((x) => x.line !== k + 1);
          problems.push({
            kind: 'inserted',
            ...(s !== undefined ? { seq: s } : {}),
            line: k + 1,
            tr: `Satır ${k + 1} (kayıt ${s ?? '?'}) sonradan eklenmiş.`,
            en: `Line ${k + 1} (record ${s ?? '?'}) was inserted.`,
          });
        }
      } else if (r.seq > beforeSeq + 1) {
        problems.push(removed(beforeSeq + 1, r.seq - 1, lineNo, { tr: `satır ${lineNo} öncesinde`, en: `before line ${lineNo}` }));
      } else if (i === 0) {
        problems.push({
          kind: 'altered',
          seq: r.seq,
          line: lineNo,
          tr: `Kayıt ${r.seq} (satır ${lineNo}) değiştirilmiş.`,
          en: `Record ${r.seq} (line ${lineNo}) altered.`,
        });
      } else if (!problems.some((x) => x.line === i && x.kind !== 'removed')) {
        const s = beforeSeq;
        problems.push({
          kind: 'altered',
          seq: s,
          line: i,
          tr: `Kayıt ${s} (satır ${i}) değiştirilmiş: sonraki kaydın zinciri tutmuyor.`,
          en: `Record ${s} (line ${i}) altered: the next record's link does not match.`,
        });
      }
    }
    prevSeq = seqAltered || r.seq === undefined ? prevSeq + 1 : r.seq;
    const h = lineHash(r.line);
    if (!byHash.has(h)) byHash.set(h, i);
  });

  const last = recs[recs.length - 1];
  const lastSeq = recs.length ? prevSeq : 0;
  if (headText === undefined) {
    if (recs.length)
      problems.push({
        kind: 'head',
        tr: 'audit.head dosyası yok: son kayıtların silinip silinmediği bilinemiyor.',
        en: 'audit.head is missing: a removed tail cannot be ruled out.',
      });
  } else {
    let head: { seq?: unknown; hash?: unknown } = {};
    try {
      head = JSON.parse(headText) as typeof head;
    } catch {
      /* reported below */
    }
    const hs = Number.isSafeInteger(head.seq) ? (head.seq as number) : undefined;
    if (hs === undefined || typeof head.hash !== 'string') {
      problems.push({ kind: 'head', tr: 'audit.head okunamıyor.', en: 'audit.head is unreadable.' });
    } else if (hs > lastSeq) {
      problems.push(removed(lastSeq + 1, hs, recs.length ? recs.length + 1 : 1, { tr: 'günlüğün sonundan', en: 'from the end of the log' }));
    } else if (hs < lastSeq) {
      const k = recs.findIndex((r) => r.seq !== undefined && r.seq > hs);
      for (let m = Math.max(0, k); m < recs.length; m++) {
        problems.push({
          kind: 'inserted',
          seq: recs[m].seq,
          line: m + 1,
          tr: `Satır ${m + 1} (kayıt ${recs[m].seq ?? '?'}) köprünün son kaydından sonra eklenmiş.`,
          en: `Line ${m + 1} (record ${recs[m].seq ?? '?'}) was appended after the bridge's last record.`,
        });
      }
    } else if (last && lineHash(last.line) !== head.hash) {
      problems.push({
        kind: 'altered',
        seq: lastSeq,
        line: recs.length,
        tr: `Son kayıt ${lastSeq} (satır ${recs.length}) değiştirilmiş.`,
        en: `Last record ${lastSeq} (line ${recs.length}) altered.`,
      });
    }
  }
  return { ok: problems.length === 0, records: recs.length, lastSeq, problems };
}
