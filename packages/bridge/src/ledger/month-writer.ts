/**
 * Single-pass writer of a month's Y and K parts (spec §1.4, §1.9). Maddeler arrive in date order;
 * each day's Y XML is written straight into the current part (K lines go to a bounded sorter), and
 * when the day ends the parçalı rule decides whether it stays or moves to a new part (its bytes are
 * then cut from the end of the old part and copied once — at most once per part): a part
 * never passes the size limit, never cuts a madde (nor a day: part periods are whole days), and the
 * part periods cover the month without gaps. Manual split dates end a part.
 *
 * The Y head is written when a part opens, with a placeholder periodCoveredEnd of the same width
 * that is patched in place when the part closes (all head fields are fixed-width), so a part is
 * streamed to disk once. The K part is written at close from the part's sorter.
 * All files are temp files in `tmpDir` until {@link MonthWriter.finish} names them.
 */
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { addDays } from './dates.ts';
import { DOC_KIND_FACTS, emptyVergi, isVergiAccount, type VergiAccount, type VergiSums, type FiscalPeriod } from '@edefter/domain';
import type { AccountTotal, OutFile, PartResult } from './build.ts';
import type { CompanyProfile } from './company.ts';
import type { YearMonth } from './dates.ts';
import { ENTRY_HEADER_CLOSE, journalEntryXml, ledgerDetailXml, ledgerHeaderOpen } from './entry-xml.ts';
import { groupKey, KebirSorter } from './kebir-sort.ts';
import { fileName } from './layout.ts';
import { SIGNATURE_RESERVE_BYTES, type PartPlan } from './split.ts';
import { attachmentXmlBytes, writeBinaryObjects } from './attachments.ts';
import type { AttachmentRef, Madde, Numbering } from './types.ts';
import { documentHead, documentTail, type HeaderSpec } from './xbrl-header.ts';
import { AtomicXmlFile } from './xml-out.ts';
import { yyyymm } from './dates.ts';

const PLACEHOLDER_END = '0000-00-00';
/** Bytes of one kebir entryHeader without its details (upper bound). */
const K_GROUP_BYTES = Buffer.byteLength(ledgerHeaderOpen(99999999999999n, 0n) + ENTRY_HEADER_CLOSE);

/** Running figures of a day or a part. */
interface Acc {
  entries: number;
  lines: number;
  total: bigint;
  yBytes: number;
  kLineBytes: number;
  first: number;
  last: number;
  firstLine: number;
  lastLine: number;
  totals: Map<string, { d: bigint; c: bigint }>;
  vergi: VergiSums;
  sorter: KebirSorter;
  /** PDFs of the maddeler (defterek:binaryObject, written at the end of the Y part). */
  attachments: AttachmentRef[];
}

/** A day being written: its Y text goes straight into the current part from byte `yStart`. */
interface Day extends Acc {
  date: string;
  yStart: number;
}
interface Part extends Acc {
  index: number;
  start: string;
  unique: number;
  y: AtomicXmlFile;
  endOffset: number;
}
interface Closed {
  plan: PartPlan;
  y: AtomicXmlFile;
  k: AtomicXmlFile;
  yBytes: number;
  kBytes: number;
  acc: Acc;
  unique: number;
}

/** Context of a month. */
export interface MonthWriterOptions {
  company: CompanyProfile;
  month: YearMonth;
  fiscal: FiscalPeriod;
  creationDate: string;
  /** Where temp files go (same file system as the destination). */
  tmpDir: string;
  start: Numbering;
  /** Part periods: [start, end] per segment (whole month, or cut at split dates). */
  segments: [string, string][];
  manualSplit: boolean;
  maxPartBytes: number;
  kebirBudgetChars?: number;
  /** Bytes written so far (progress). */
  onBytes?: (bytes: number) => void;
  /**
   * Called when a part's Y and K temp files are complete (closed, fsynced), e.g. to sign and check
   * them while the next part is built. The files are not renamed before the returned promise settles.
   */
  onPartClosed?: (p: ClosedPartFiles) => Promise<unknown>;
  /** Foreign currencies of the lines' gl-muc amounts (one xbrli:unit each, in Y and K heads). */
  currencies?: string[];
  /** Write gl-muc:defaultCurrency (some line has gl-muc:amountCurrency). */
  defaultCurrency?: boolean;
}

/** A finished part handed to {@link MonthWriterOptions.onPartClosed}. */
export interface ClosedPartFiles {
  index: number;
  yTemp: string;
  kTemp: string;
  plan: PartPlan;
}

function newAcc(tmpDir: string, budget?: number): Acc {
  return {
    entries: 0,
    lines: 0,
    total: 0n,
    yBytes: 0,
    kLineBytes: 0,
    first: 0,
    last: 0,
    firstLine: 0,
    lastLine: 0,
    totals: new Map(),
    vergi: emptyVergi(),
    sorter: new KebirSorter(tmpDir, budget),
    attachments: [],
  };
}

/** See the file comment. */
export class MonthWriter {
  private seg = 0;
  private cur: Part | null = null;
  private day: Day | null = null;
  /** The last day's sorter, emptied into its part: the next day reuses it (and its arena) instead of growing a new one. */
  private daySorter: KebirSorter | null = null;
  private closed: Closed[] = [];
  private written = 0;
  private pending: Promise<unknown>[] = [];
  private readonly budget: number;
  private readonly tail = Buffer.byteLength(documentTail('defter'));
  private readonly overheadY: number;
  private readonly overheadK: number;
  /** Month movements per main account (Defter Raporu). */
  readonly accounts = new Map<string, AccountTotal>();

  constructor(private readonly o: MonthWriterOptions) {
    this.budget = o.maxPartBytes - SIGNATURE_RESERVE_BYTES;
    this.overheadY = Buffer.byteLength(documentHead(this.spec('Y', o.segments[0][0], o.segments[0][1], 1))) + this.tail;
    this.overheadK = Buffer.byteLength(documentHead(this.spec('K', o.segments[0][0], o.segments[0][1], 1))) + this.tail;
  }

  private spec(kind: 'Y' | 'K', start: string, end: string, counter: number): HeaderSpec {
    const o = this.o;
    const journal = kind === 'Y';
    const f = DOC_KIND_FACTS[kind];
    return {
      root: f.root,
      stylesheet: f.stylesheet,
      contextId: f.context,
      company: o.company,
      instant: o.creationDate,
      fiscalYearStart: o.fiscal.start,
      fiscalYearEnd: o.fiscal.end,
      ...(o.currencies?.length ? { currencies: o.currencies } : {}),
      ...(o.defaultCurrency ? { defaultCurrency: true } : {}),
      documentInfo: {
        entriesType: f.entriesType,
        uniqueID: `${journal ? 'YEV' : 'KEB'}${yyyymm(o.month)}${String(counter).padStart(6, '0')}`,
        creationDate: o.creationDate,
        entriesComment: f.tr,
        periodCoveredStart: start,
        periodCoveredEnd: end,
        sourceApplication: o.company.sourceApplication,
      },
    };
  }

  /** Adds the next madde (date order is guaranteed by readMaddeler). */
  async add(m: Madde): Promise<void> {
    if (this.day && this.day.date !== m.date) await this.endDay();
    if (!this.cur) await this.openPart(this.o.segments[this.seg][0]);
    if (!this.day) await this.startDay(m.date);
    const d = this.day!;
    const y = this.cur!.y;
    d.yBytes += y.append(journalEntryXml(m));
    if (m.attachments?.length) {
      // written at the part's end; counted now so the day moves with its PDFs and the part stays under the limit
      if (!d.attachments.length) d.yBytes += Buffer.byteLength('<extensions>\n</extensions>\n');
      for (const a of m.attachments) {
        d.attachments.push(a);
        d.yBytes += attachmentXmlBytes(a);
      }
    }
    if (y.backlog) await y.flush();
    let ln = m.firstLineNumber;
    for (const l of m.lines) {
      const g = groupKey(l.accountMainID, l.accountSubID);
      d.kLineBytes += await d.sorter.add(g, ledgerDetailXml(l, ln, m.counter));
      let t = d.totals.get(g);
      if (!t) {
        t = { d: 0n, c: 0n };
        d.totals.set(g, t);
      }
      let a = this.accounts.get(l.accountMainID);
      if (!a) {
        a = { mainID: l.accountMainID, description: l.accountMainDescription, debit: 0n, credit: 0n, debitCount: 0, creditCount: 0 };
        this.accounts.set(l.accountMainID, a);
      }
      if (l.debitCreditCode === 'D') {
        t.d += l.amount;
        a.debit += l.amount;
        a.debitCount++;
      } else {
        t.c += l.amount;
        a.credit += l.amount;
        a.creditCount++;
      }
      if (isVergiAccount(l.accountMainID)) d.vergi[l.accountMainID][l.debitCreditCode] += l.amount;
      ln++;
    }
    if (!d.entries) {
      d.first = m.counter;
      d.firstLine = m.firstLineNumber;
    }
    d.last = m.counter;
    d.lastLine = ln - 1;
    d.entries++;
    d.lines += m.lines.length;
    d.total += m.total;
  }

  /** Opens a day: parts of manual segments that end before it are closed first. */
  private async startDay(date: string): Promise<void> {
    const segs = this.o.segments;
    while (date > segs[this.seg][1]) {
      await this.closePart(segs[this.seg][1]);
      this.seg++;
      await this.openPart(segs[this.seg][0]);
    }
    const acc = newAcc(this.o.tmpDir, this.o.kebirBudgetChars);
    if (this.daySorter) acc.sorter = this.daySorter;
    this.daySorter = null;
    this.day = { ...acc, date, yStart: this.cur!.y.bytes };
  }

  private kEstimate(a: Acc, b?: Acc): number {
    const groups = a.totals.size + (b ? b.totals.size : 0);
    return this.overheadK + a.kLineBytes + (b ? b.kLineBytes : 0) + groups * K_GROUP_BYTES;
  }

  private async endDay(): Promise<void> {
    const d = this.day!;
    this.day = null;
    if (this.overheadY + d.yBytes > this.budget || this.kEstimate(d) > this.budget) {
      throw fail('ledger.dayTooLarge', { date: d.date, limit: this.o.maxPartBytes });
    }
    const p = this.cur!;
    if (p.entries > 0 && (p.yBytes + d.yBytes > this.budget || this.kEstimate(p, d) > this.budget)) {
      // The day was written into this part; it moves to the next one (rare: once per part).
      const tmp = await AtomicXmlFile.create(path.join(this.o.tmpDir, `.gun-${d.date}.xml`));
      try {
        await p.y.moveTail(d.yStart, tmp);
        await this.closePart(addDays(d.date, -1));
        await this.openPart(d.date);
        await tmp.moveTail(0, this.cur!.y);
      } finally {
        await tmp.abort();
      }
    }
    const q = this.cur!;
    q.yBytes += d.yBytes;
    q.kLineBytes += d.kLineBytes;
    q.attachments.push(...d.attachments);
    await q.sorter.absorb(d.sorter);
    this.daySorter = d.sorter;
    for (const [g, t] of d.totals) {
      const u = q.totals.get(g);
      if (u) {
        u.d += t.d;
        u.c += t.c;
      } else q.totals.set(g, t);
    }
    for (const a of Object.keys(d.vergi) as VergiAccount[]) {
      q.vergi[a].D += d.vergi[a].D;
      q.vergi[a].C += d.vergi[a].C;
    }
    if (!q.entries) {
      q.first = d.first;
      q.firstLine = d.firstLine;
    }
    q.last = d.last;
    q.lastLine = d.lastLine;
    q.entries += d.entries;
    q.lines += d.lines;
    q.total += d.total;
    this.o.onBytes?.(this.written + q.yBytes);
  }

  private async openPart(start: string): Promise<void> {
    const index = this.closed.length + 1;
    const unique = this.o.start.lastUniqueCounter + index;
    const y = await AtomicXmlFile.create(path.join(this.o.tmpDir, `.Y-${index}.xml`));
    const head = documentHead(this.spec('Y', start, PLACEHOLDER_END, unique));
    const marker = '<gl-cor:periodCoveredEnd contextRef="journal_context">';
    const endOffset = Buffer.byteLength(head.slice(0, head.indexOf(marker) + marker.length));
    y.append(head);
    this.cur = { ...newAcc(this.o.tmpDir, this.o.kebirBudgetChars), index, start, unique, y, endOffset, yBytes: Buffer.byteLength(head) + this.tail };
  }

  private async closePart(end: string): Promise<void> {
    const p = this.cur!;
    this.cur = null;
    const tail = documentTail('defter');
    const rootEnd = tail.lastIndexOf('</edefter:defter>');
    await p.y.write(tail.slice(0, rootEnd));
    await writeBinaryObjects(p.y, p.attachments);
    await p.y.write(tail.slice(rootEnd));
    await p.y.patch(p.endOffset, end);
    const yBytes = await p.y.finish();
    const k = await AtomicXmlFile.create(path.join(this.o.tmpDir, `.K-${p.index}.xml`));
    k.append(documentHead(this.spec('K', p.start, end, p.unique)));
    await p.sorter.drainTo(
      k,
      (g) => {
        const t = p.totals.get(g)!;
        return t.d >= t.c ? ledgerHeaderOpen(t.d - t.c, 0n) : ledgerHeaderOpen(0n, t.c - t.d);
      },
      ENTRY_HEADER_CLOSE,
    );
    await k.write(documentTail('defter'));
    const kBytes = await k.finish();
    for (const [f, n] of [
      [yBytes, 'Y'],
      [kBytes, 'K'],
    ] as const) {
      if (f + SIGNATURE_RESERVE_BYTES > this.o.maxPartBytes) throw fail('ledger.partOverLimit', { part: n, bytes: f });
    }
    this.written += yBytes + kBytes;
    const plan: PartPlan = { index: p.index, part: p.index, start: p.start, end, entries: p.entries, lines: p.lines, yBytes, kBytes };
    this.closed.push({ plan, y: p.y, k, yBytes, kBytes, acc: p, unique: p.unique });
    if (this.o.onPartClosed) {
      const job = this.o.onPartClosed({ index: p.index, yTemp: p.y.tempPath, kTemp: k.tempPath, plan });
      job.catch(() => undefined);
      this.pending.push(job);
    }
  }

  /** Closes the last part, writes parts for remaining split segments, and names the files in `dir`. */
  async finish(dir: string): Promise<PartResult[]> {
    if (!this.cur) await this.openPart(this.o.segments[this.seg][0]);
    if (this.day) await this.endDay();
    await this.closePart(this.o.segments[this.seg][1]);
    for (this.seg++; this.seg < this.o.segments.length; this.seg++) {
      await this.openPart(this.o.segments[this.seg][0]);
      await this.closePart(this.o.segments[this.seg][1]);
    }
    await Promise.all(this.pending);
    this.pending = [];
    const single = this.closed.length === 1 && !this.o.manualSplit;
    const vkn = this.o.company.vkn,
      br = this.o.company.branch?.code;
    const out: PartResult[] = [];
    for (const c of this.closed) {
      const part = single ? 0 : c.plan.index;
      const yName = fileName(vkn, this.o.month, 'Y', part, br),
        kName = fileName(vkn, this.o.month, 'K', part, br);
      await c.y.renameTo(path.join(dir, yName));
      await c.k.renameTo(path.join(dir, kName));
      const file = (p: string, n: string, b: number): OutFile => ({ path: p, name: n, bytes: b });
      out.push({
        plan: { ...c.plan, part },
        y: file(path.join(dir, yName), yName, c.yBytes),
        k: file(path.join(dir, kName), kName, c.kBytes),
        uniqueY: `YEV${yyyymm(this.o.month)}${String(c.unique).padStart(6, '0')}`,
        uniqueK: `KEB${yyyymm(this.o.month)}${String(c.unique).padStart(6, '0')}`,
        firstEntry: c.acc.first,
        lastEntry: c.acc.last,
        firstLine: c.acc.firstLine,
        lastLine: c.acc.lastLine,
        entries: c.acc.entries,
        lines: c.acc.lines,
        totalDebit: c.acc.total,
        totalCredit: c.acc.total,
        vergi: c.acc.vergi,
      });
    }
    this.closed = [];
    return out;
  }

  /** Removes every temp file (after an error). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.pending);
    this.pending = [];
    const d = this.day,
      p = this.cur;
    this.day = null;
    this.cur = null;
    await d?.sorter.dispose();
    await p?.y.abort();
    await p?.sorter.dispose();
    for (const c of this.closed) {
      await c.y.abort();
      await c.k.abort();
    }
    this.closed = [];
  }
}
