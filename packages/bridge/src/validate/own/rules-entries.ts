/**
 * Layer (a) rules for entryHeader / entryDetail (spec §3.2–3.4; the same properties GİB's
 * schematron asserts, plus the cross-part ones it cannot see): Borç = Alacak, gap-free madde and
 * line numbers, dates inside the period and in order, amounts > 0 with ≤ 2 decimals, required
 * fields, the documentType vocabulary, kebir grouping and net totals, berat vergi detayı and the
 * Defter Raporu account pairs.
 */
import { DOCUMENT_TYPES, VERGI_ACCOUNTS, taxIdProblem, type VergiAccount } from '@edefter/domain';
import type { FindingList } from '../findings.ts';
import type { RuleHooks } from './collect.ts';
import { kindOf } from './rules-doc.ts';
import type { DetailRec, FileSummary, HeaderRec } from './records.ts';

const AMOUNT = /^[0-9]+(\.[0-9]{1,2})?$/;

/** Parses a checked amount text to kuruş; null when not in the e-Defter format. */
function kurus(s: string | undefined): bigint | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (!AMOUNT.test(t)) return null;
  const dot = t.indexOf('.');
  const intLen = dot < 0 ? t.length : dot;
  // Up to 13 integer digits the kuruş value stays below 2^53: exact in a double, no substrings.
  if (intLen <= 13) {
    let v = 0;
    for (let k = 0; k < intLen; k++) v = v * 10 + (t.charCodeAt(k) - 48);
    v *= 100;
    if (dot >= 0) {
      v += (t.charCodeAt(dot + 1) - 48) * 10;
      if (dot + 2 < t.length) v += t.charCodeAt(dot + 2) - 48;
    }
    return BigInt(v);
  }
  const [i, f = ''] = t.split('.');
  return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
}

/** Expectations from earlier parts/months (cross-file continuity). */
export interface Expect {
  /** entryNumberCounter of the first entryHeader (Y). */
  firstEntry?: number;
  /** lineNumber of the first entryDetail (Y). */
  firstLine?: number;
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const isInt = (s: string | undefined) => s !== undefined && /^\s*[0-9]+\s*$/.test(s);

/** Rules of one file. `kind()` is asked at the first header (documentInfo is known by then). */
export class EntryRules implements RuleHooks {
  private prevLine: number | undefined;
  private prevEntry: number | undefined;
  private prevDate: string | undefined;
  private prevMain: string | undefined;
  private noSubMains = new Set<string>();
  private subs = new Set<string>();
  private maxCounterInHeader = -1;
  private drMains = new Map<string, { D: number; C: number }>();

  constructor(
    private readonly s: FileSummary,
    private readonly out: FindingList,
    private readonly expect: Expect = {},
  ) {}

  private get kind() {
    return (this.s.kind ??= kindOf(this.s));
  }
  private get start() {
    return (this.s.documentInfo['gl-cor:periodCoveredStart'] ?? '').trim();
  }
  private get end() {
    return (this.s.documentInfo['gl-cor:periodCoveredEnd'] ?? '').trim();
  }

  private at(d: { xmlLine: number }, h: HeaderRec | null, det: DetailRec | null, field?: string) {
    const w: { xmlLine: number; entry?: string; line?: string; field?: string } = { xmlLine: d.xmlLine };
    const e = h?.f['gl-cor:entryNumberCounter'];
    if (e) w.entry = e.trim();
    else if (h?.firstMain && this.kind === 'K') w.entry = `${h.firstMain}${h.firstSubID ? '/' + h.firstSubID : ''}`;
    const l = det?.f['gl-cor:lineNumber'];
    if (l) w.line = l.trim();
    if (field) w.field = field;
    return w;
  }

  detailEnd(d: DetailRec, h: HeaderRec): void {
    const f = d.f;
    const o = this.out;
    const kind = this.kind;
    const defter = kind === 'Y' || kind === 'K';
    const w = (field?: string) => this.at(d, h, d, field);
    if (d.dup.length) for (const q of new Set(d.dup)) o.add('DUPLICATE', `${q} birden fazla kez var`, `${q} occurs more than once`, w(q));
    // lineNumber
    const ln = f['gl-cor:lineNumber'];
    if (ln === undefined) o.add('MISSING', 'gl-cor:lineNumber zorunlu', 'gl-cor:lineNumber is required', w('gl-cor:lineNumber'));
    else if (!isInt(ln)) o.add('LINE_NUMBER', `satır numarası tam sayı değil: '${ln}'`, `lineNumber is not an integer: '${ln}'`, w('gl-cor:lineNumber'));
    else {
      const n = +ln;
      if (kind === 'Y') {
        const exp = this.prevLine !== undefined ? this.prevLine + 1 : this.expect.firstLine;
        if (exp !== undefined && n !== exp)
          o.add(
            'LINE_GAP',
            `satır numarası müteselsil değil: ${n}, beklenen ${exp}`,
            `lineNumber not consecutive: ${n}, expected ${exp}`,
            w('gl-cor:lineNumber'),
          );
        if (this.s.firstLine === undefined) this.s.firstLine = n;
        this.s.lastLine = n;
        this.prevLine = n;
      } else if (!defter) {
        const exp = h.details === 1 ? 1 : (this.prevLine ?? 0) + 1;
        if (n !== exp)
          o.add(
            'LINE_GAP',
            `satır numarası ${h.details === 1 ? "1'den başlamalı" : 'müteselsil olmalı'}: ${n}, beklenen ${exp}`,
            `lineNumber must ${h.details === 1 ? 'start at 1' : 'be consecutive'}: ${n}, expected ${exp}`,
            w('gl-cor:lineNumber'),
          );
        this.prevLine = n;
      }
    }
    if (defter) {
      const lc = f['gl-cor:lineNumberCounter'];
      if (lc === undefined) o.add('MISSING', 'gl-cor:lineNumberCounter zorunlu', 'gl-cor:lineNumberCounter is required', w('gl-cor:lineNumberCounter'));
      else if (kind === 'Y') {
        const ec = h.f['gl-cor:entryNumberCounter'];
        if (ec !== undefined && Number(lc) !== Number(ec))
          o.add(
            'LINE_COUNTER',
            `lineNumberCounter (${lc.trim()}) üstteki entryNumberCounter (${ec.trim()}) ile aynı olmalı`,
            `lineNumberCounter (${lc.trim()}) must equal the entryNumberCounter (${ec.trim()})`,
            w('gl-cor:lineNumberCounter'),
          );
      } else {
        const c = Number(lc);
        if (c < this.maxCounterInHeader)
          o.add(
            'KEBIR_ORDER',
            `kebir satırları yevmiye madde sırasına göre olmalı: ${c} < ${this.maxCounterInHeader}`,
            `kebir lines must follow the journal order: ${c} < ${this.maxCounterInHeader}`,
            w('gl-cor:lineNumberCounter'),
          );
        if (c > this.maxCounterInHeader) this.maxCounterInHeader = c;
      }
    }
    // account
    const main = norm(f['gl-cor:accountMainID']);
    if (d.accounts === 0) o.add('MISSING', 'gl-cor:account zorunlu', 'gl-cor:account is required', w('gl-cor:account'));
    else {
      if (main.length !== 3 && main.length !== 4)
        o.add(
          'ACCOUNT_ID',
          `ana hesap kodu 3 veya 4 karakter olmalı: '${main}'`,
          `accountMainID must have 3 or 4 characters: '${main}'`,
          w('gl-cor:accountMainID'),
        );
      if (f['gl-cor:accountMainDescription'] === undefined)
        o.add('MISSING', 'gl-cor:accountMainDescription zorunlu', 'gl-cor:accountMainDescription is required', w('gl-cor:accountMainDescription'));
      if (d.accountSubs > 0) {
        const sub = norm(f['gl-cor:accountSubID']);
        if (f['gl-cor:accountSubID'] === undefined)
          o.add('MISSING', 'gl-cor:accountSubID zorunlu (accountSub içinde)', 'gl-cor:accountSubID is required in accountSub', w('gl-cor:accountSubID'));
        if (f['gl-cor:accountSubDescription'] === undefined)
          o.add(
            'MISSING',
            'gl-cor:accountSubDescription zorunlu (accountSub içinde)',
            'gl-cor:accountSubDescription is required in accountSub',
            w('gl-cor:accountSubDescription'),
          );
        if (sub && main && !sub.startsWith(main))
          o.add(
            'ACCOUNT_SUB',
            `alt hesap '${sub}' ana hesap '${main}' ile başlamalı`,
            `accountSubID '${sub}' must start with '${main}'`,
            w('gl-cor:accountSubID'),
          );
      }
    }
    // amount and D/C
    const amtText = f['gl-cor:amount'];
    const amt = kurus(amtText);
    if (amtText === undefined) o.add('MISSING', 'gl-cor:amount zorunlu', 'gl-cor:amount is required', w('gl-cor:amount'));
    else if (amt === null)
      o.add(
        'AMOUNT_FORMAT',
        `tutar biçimi hatalı (en fazla 2 ondalık, negatif olamaz): '${amtText.trim()}'`,
        `amount format (≤ 2 decimals, not negative): '${amtText.trim()}'`,
        w('gl-cor:amount'),
      );
    else if (defter && amt === 0n) o.add('AMOUNT_ZERO', "tutar 0'dan büyük olmalı", 'amount must be greater than 0', w('gl-cor:amount'));
    const dcRaw = f['gl-cor:debitCreditCode'];
    const dc = dcRaw === 'D' || dcRaw === 'debit' ? 'D' : dcRaw === 'C' || dcRaw === 'credit' ? 'C' : null;
    if (dcRaw === undefined) o.add('MISSING', 'gl-cor:debitCreditCode zorunlu', 'gl-cor:debitCreditCode is required', w('gl-cor:debitCreditCode'));
    else if (!dc) o.add('DC_CODE', `borç/alacak kodu D veya C olmalı: '${dcRaw}'`, `debitCreditCode must be D or C: '${dcRaw}'`, w('gl-cor:debitCreditCode'));
    if (amt === null) h.sumD = h.sumC = null;
    else if (dc === 'D') {
      if (h.sumD !== null) h.sumD += amt;
      this.s.debit += amt;
    } else if (dc === 'C') {
      if (h.sumC !== null) h.sumC += amt;
      this.s.credit += amt;
    }
    if (main) {
      h.mainIDs.add(main);
      if (h.details === 1) {
        h.firstMain = main;
        h.firstSubID = d.accountSubs ? norm(f['gl-cor:accountSubID']) : null;
      }
      if (d.accountSubs) h.subIDs.add(norm(f['gl-cor:accountSubID']));
      if (defter && amt !== null && dc) {
        if ((VERGI_ACCOUNTS as readonly string[]).includes(main)) this.s.vergi[main as VergiAccount][dc] += amt;
        let a = this.s.accounts.get(main);
        if (!a) {
          a = { description: f['gl-cor:accountMainDescription'] ?? '', debit: 0n, credit: 0n, debitCount: 0, creditCount: 0 };
          this.s.accounts.set(main, a);
        }
        if (dc === 'D') {
          a.debit += amt;
          a.debitCount++;
        } else {
          a.credit += amt;
          a.creditCount++;
        }
      }
    }
    if (!defter) {
      h.kept.push(d);
      this.detailReport(d, h, main, dc, amt);
      return;
    }
    // dates
    const pd = f['gl-cor:postingDate'];
    if (pd === undefined) o.add('MISSING', 'gl-cor:postingDate zorunlu', 'gl-cor:postingDate is required', w('gl-cor:postingDate'));
    else if (kind === 'Y') {
      const ed = h.f['gl-cor:enteredDate'];
      if (ed !== undefined && pd !== ed)
        o.add(
          'POSTING_DATE',
          `postingDate (${pd}) maddenin enteredDate değeriyle (${ed}) aynı olmalı`,
          `postingDate (${pd}) must equal the entryHeader's enteredDate (${ed})`,
          w('gl-cor:postingDate'),
        );
    } else if (pd.trim() < this.start || pd.trim() > this.end)
      o.add(
        'DATE_RANGE',
        `postingDate ${pd.trim()} dönem (${this.start} – ${this.end}) dışında`,
        `postingDate ${pd.trim()} outside the period ${this.start} – ${this.end}`,
        w('gl-cor:postingDate'),
      );
    // documents
    const dt = norm(f['gl-cor:documentType']);
    const num = norm(f['gl-cor:documentNumber']);
    if (f['gl-cor:documentType'] !== undefined && !(DOCUMENT_TYPES as readonly string[]).includes(dt))
      o.add(
        'DOC_TYPE',
        `belge türü '${dt}' e-Defter listesinde yok (${DOCUMENT_TYPES.join(', ')})`,
        `documentType '${dt}' is not in the e-Defter list`,
        w('gl-cor:documentType'),
      );
    if (dt === 'other' && !norm(f['gl-cor:documentTypeDescription']))
      o.add(
        'DOC_FIELDS',
        "belge türü 'other' iken documentTypeDescription zorunlu",
        "documentTypeDescription is required for 'other'",
        w('gl-cor:documentTypeDescription'),
      );
    if ((dt === 'other' || dt === 'invoice' || dt === 'check') && (!num || f['gl-cor:documentDate'] === undefined))
      o.add(
        'DOC_FIELDS',
        `belge türü '${dt}' iken documentNumber ve documentDate zorunlu`,
        `documentNumber and documentDate are required for '${dt}'`,
        w(num ? 'gl-cor:documentDate' : 'gl-cor:documentNumber'),
      );
    if ((f['gl-cor:documentNumber'] !== undefined || f['gl-cor:documentDate'] !== undefined) && f['gl-cor:documentType'] === undefined)
      o.add(
        'DOC_FIELDS',
        'documentNumber/documentDate varken documentType zorunlu',
        'documentType is required with documentNumber/documentDate',
        w('gl-cor:documentType'),
      );
    if (
      kind === 'Y' &&
      f['gl-cor:documentReference'] !== undefined &&
      h.f['gl-cor:entryNumber'] !== undefined &&
      f['gl-cor:documentReference'] !== h.f['gl-cor:entryNumber']
    )
      o.add(
        'DOC_REFERENCE',
        `documentReference '${f['gl-cor:documentReference']}' maddenin entryNumber değeriyle ('${h.f['gl-cor:entryNumber']}') aynı olmalı`,
        'documentReference must equal the entryNumber',
        w('gl-cor:documentReference'),
      );
    if (f['gl-bus:paymentMethod'] !== undefined && !norm(f['gl-bus:paymentMethod']))
      o.add('EMPTY', 'gl-bus:paymentMethod boş olamaz', 'gl-bus:paymentMethod must not be empty', w('gl-bus:paymentMethod'));
    // gl-muc (GİB .sch entryDetail rules) and a positive rate (ours)
    const has = (k: string) => f[k] !== undefined;
    if (has('gl-muc:amountCurrency') && this.s.documentInfo['gl-muc:defaultCurrency'] === undefined)
      o.add(
        'MUC',
        'gl-muc:amountCurrency varken documentInfo içinde gl-muc:defaultCurrency olmalı',
        'gl-muc:amountCurrency needs gl-muc:defaultCurrency in documentInfo',
        w('gl-muc:amountCurrency'),
      );
    if (has('gl-muc:amountOriginalAmount') && !has('gl-muc:amountOriginalExchangeRateDate'))
      o.add(
        'MUC',
        'gl-muc:amountOriginalAmount varken gl-muc:amountOriginalExchangeRateDate olmalı',
        'gl-muc:amountOriginalAmount needs gl-muc:amountOriginalExchangeRateDate',
        w('gl-muc:amountOriginalExchangeRateDate'),
      );
    if (has('gl-muc:amountOriginalAmount') && !has('gl-muc:amountOriginalCurrency'))
      o.add(
        'MUC',
        'gl-muc:amountOriginalAmount varken gl-muc:amountOriginalCurrency olmalı',
        'gl-muc:amountOriginalAmount needs gl-muc:amountOriginalCurrency',
        w('gl-muc:amountOriginalCurrency'),
      );
    if (has('gl-muc:amountOriginalCurrency') && !has('gl-muc:amountOriginalExchangeRate'))
      o.add(
        'MUC',
        'gl-muc:amountOriginalCurrency varken gl-muc:amountOriginalExchangeRate olmalı',
        'gl-muc:amountOriginalCurrency needs gl-muc:amountOriginalExchangeRate',
        w('gl-muc:amountOriginalExchangeRate'),
      );
    if (has('gl-muc:amountOriginalExchangeRate') && !(Number(f['gl-muc:amountOriginalExchangeRate'].trim()) > 0))
      o.add(
        'MUC',
        `kur 0'dan büyük olmalı ('${f['gl-muc:amountOriginalExchangeRate'].trim()}')`,
        `the exchange rate must be > 0 ('${f['gl-muc:amountOriginalExchangeRate'].trim()}')`,
        w('gl-muc:amountOriginalExchangeRate'),
      );
    const idCode = f['gl-cor:identifierCode'],
      idDesc = norm(f['gl-cor:identifierDescription']);
    if (idCode !== undefined && (idDesc === 'VKN' || idDesc === 'TCKN')) {
      const p = taxIdProblem(idCode.trim());
      if (p) o.add('TAX_ID', p.tr, p.en, w('gl-cor:identifierCode'));
    }
    if (d.measurables > 1) o.add('MEASURABLE', 'en fazla 1 gl-bus:measurable olabilir', 'at most one gl-bus:measurable', w('gl-bus:measurable'));
    if (d.measurables === 1) {
      const m = d.measurable;
      const want: Record<string, string> = {
        'gl-bus:measurableCode': 'NT',
        'gl-bus:measurableCodeDescription': 'Maddi Olmayan Kalemler',
        'gl-bus:measurableQualifier': 'Fon',
        'gl-bus:measurableUnitOfMeasure': 'Adet',
      };
      for (const [k, v] of Object.entries(want)) if (m[k] !== v) o.add('MEASURABLE', `${k} '${v}' olmalı`, `${k} must be '${v}'`, w(k));
      // GİB compares in XPath doubles: gl-cor:amount = measurableCostPerUnit * measurableQuantity
      const q = Number(m['gl-bus:measurableQuantity']),
        c = Number(m['gl-bus:measurableCostPerUnit']);
      if (amtText !== undefined && Number(amtText.trim()) !== c * q)
        o.add(
          'MEASURABLE',
          'measurableCostPerUnit × measurableQuantity = amount olmalı',
          'measurableCostPerUnit × measurableQuantity must equal amount',
          w('gl-bus:measurable'),
        );
    }
  }

  /** Berat / DR detail rules (kept details are checked per header at the end). */
  private detailReport(d: DetailRec, h: HeaderRec, main: string, dc: 'D' | 'C' | null, amt: bigint | null): void {
    const o = this.out;
    const w = (field?: string) => this.at(d, h, d, field);
    if (d.xbrlIncludes === 0)
      o.add('MISSING', 'gl-cor:xbrlInfo/gl-cor:xbrlInclude zorunlu', 'gl-cor:xbrlInfo/gl-cor:xbrlInclude is required', w('gl-cor:xbrlInclude'));
    else if (norm(d.f['gl-cor:xbrlInclude']) !== 'period_change')
      o.add('XBRL_INCLUDE', "xbrlInclude 'period_change' olmalı", "xbrlInclude must be 'period_change'", w('gl-cor:xbrlInclude'));
    if (this.kind === 'DR') {
      const n = d.f['gl-cor:documentApplyToNumber'];
      if (n === undefined)
        o.add('MISSING', 'gl-cor:documentApplyToNumber zorunlu', 'gl-cor:documentApplyToNumber is required', w('gl-cor:documentApplyToNumber'));
      else if (!/^[0-9]+$/.test(n))
        o.add('DR_COUNT', `documentApplyToNumber sayı olmalı: '${n}'`, `documentApplyToNumber must be a number: '${n}'`, w('gl-cor:documentApplyToNumber'));
      if (main && dc) {
        let e = this.drMains.get(main);
        if (!e) {
          e = { D: 0, C: 0 };
          this.drMains.set(main, e);
        }
        e[dc]++;
        if (amt !== null) {
          let a = this.s.accounts.get(main);
          if (!a) {
            a = { description: d.f['gl-cor:accountMainDescription'] ?? '', debit: 0n, credit: 0n, debitCount: 0, creditCount: 0 };
            this.s.accounts.set(main, a);
          }
          if (dc === 'D') {
            a.debit += amt;
            a.debitCount = Number(n ?? 0);
          } else {
            a.credit += amt;
            a.creditCount = Number(n ?? 0);
          }
        }
      }
    } else if (main && dc && amt !== null && (VERGI_ACCOUNTS as readonly string[]).includes(main)) {
      this.s.vergi[main as VergiAccount][dc] += amt;
    }
  }

  headerEnd(h: HeaderRec): void {
    const o = this.out;
    const kind = this.kind;
    const w = (field?: string) => this.at(h, h, null, field);
    if (h.dup.length) for (const q of new Set(h.dup)) o.add('DUPLICATE', `${q} birden fazla kez var`, `${q} occurs more than once`, w(q));
    const tdText = h.f['gl-bus:totalDebit'],
      tcText = h.f['gl-bus:totalCredit'];
    if (kind === 'Y' || kind === 'K') {
      const td = kurus(tdText),
        tc = kurus(tcText);
      if (tdText === undefined) o.add('MISSING', 'gl-bus:totalDebit zorunlu', 'gl-bus:totalDebit is required', w('gl-bus:totalDebit'));
      else if (td === null)
        o.add('AMOUNT_FORMAT', `totalDebit biçimi hatalı: '${tdText.trim()}'`, `totalDebit format: '${tdText.trim()}'`, w('gl-bus:totalDebit'));
      if (tcText === undefined) o.add('MISSING', 'gl-bus:totalCredit zorunlu', 'gl-bus:totalCredit is required', w('gl-bus:totalCredit'));
      else if (tc === null)
        o.add('AMOUNT_FORMAT', `totalCredit biçimi hatalı: '${tcText.trim()}'`, `totalCredit format: '${tcText.trim()}'`, w('gl-bus:totalCredit'));
      if (kind === 'Y') this.journalHeader(h, td, tc, w);
      else this.ledgerHeader(h, td, tc, w);
      return;
    }
    // berat / DR
    if (this.s.headers > 1) o.add('BERAT_HEADERS', 'yalnızca bir entryHeader olmalı', 'exactly one entryHeader is allowed', w());
    const qe = h.f['gl-cor:qualifierEntry'];
    if (kind !== 'DR' && qe === undefined) o.add('MISSING', 'gl-cor:qualifierEntry zorunlu', 'gl-cor:qualifierEntry is required', w('gl-cor:qualifierEntry'));
    if (qe !== undefined && qe !== 'standard')
      o.add('QUALIFIER', "qualifierEntry 'standard' olmalı", "qualifierEntry must be 'standard'", w('gl-cor:qualifierEntry'));
    if (kind === 'DR') {
      for (const [m, c] of this.drMains) {
        if (c.D !== 1 || c.C !== 1)
          o.add(
            'DR_PAIR',
            `hesap ${m} için tam bir D ve bir C satırı olmalı (D: ${c.D}, C: ${c.C})`,
            `account ${m} needs exactly one D and one C line (D: ${c.D}, C: ${c.C})`,
            { ...w(), entry: m },
          );
      }
      return;
    }
    if (h.details !== 10)
      o.add('VERGI_DETAIL', `vergi detayında 10 satır olmalı (${h.details} var)`, `the vergi detayı needs 10 lines (found ${h.details})`, w());
    for (const acc of VERGI_ACCOUNTS) {
      for (const dc of ['D', 'C'] as const) {
        const n = h.kept.filter((d) => norm(d.f['gl-cor:accountMainID']) === acc && d.f['gl-cor:debitCreditCode'] === dc).length;
        if (n !== 1) o.add('VERGI_DETAIL', `hesap ${acc} ${dc} satırı tam bir kez olmalı (${n})`, `account ${acc} ${dc} must occur exactly once (${n})`, w());
      }
    }
  }

  private journalHeader(h: HeaderRec, td: bigint | null, tc: bigint | null, w: (f?: string) => ReturnType<EntryRules['at']>): void {
    const o = this.out;
    const by = h.f['gl-cor:enteredBy'];
    if (by === undefined) o.add('MISSING', 'gl-cor:enteredBy zorunlu', 'gl-cor:enteredBy is required', w('gl-cor:enteredBy'));
    else if (norm(by).length < 2)
      o.add('ENTERED_BY', 'gl-cor:enteredBy en az iki karakter olmalı', 'gl-cor:enteredBy needs at least two characters', w('gl-cor:enteredBy'));
    const ed = h.f['gl-cor:enteredDate'];
    if (ed === undefined) o.add('MISSING', 'gl-cor:enteredDate zorunlu', 'gl-cor:enteredDate is required', w('gl-cor:enteredDate'));
    else {
      if (ed < this.start || ed > this.end)
        o.add(
          'DATE_RANGE',
          `enteredDate ${ed} dönem (${this.start} – ${this.end}) dışında`,
          `enteredDate ${ed} outside the period ${this.start} – ${this.end}`,
          w('gl-cor:enteredDate'),
        );
      if (this.prevDate !== undefined && ed < this.prevDate)
        o.add(
          'DATE_ORDER',
          `yevmiye tarihe göre sıralı olmalı: ${ed} < önceki ${this.prevDate}`,
          `the journal must be in date order: ${ed} < previous ${this.prevDate}`,
          w('gl-cor:enteredDate'),
        );
      this.prevDate = ed;
    }
    const ec = h.f['gl-cor:entryNumberCounter'];
    if (ec === undefined) o.add('MISSING', 'gl-cor:entryNumberCounter zorunlu', 'gl-cor:entryNumberCounter is required', w('gl-cor:entryNumberCounter'));
    else if (!isInt(ec))
      o.add('ENTRY_COUNTER', `entryNumberCounter tam sayı değil: '${ec}'`, `entryNumberCounter is not an integer: '${ec}'`, w('gl-cor:entryNumberCounter'));
    else {
      const n = +ec;
      const exp = this.prevEntry !== undefined ? this.prevEntry + 1 : this.expect.firstEntry;
      if (exp !== undefined && n !== exp)
        o.add(
          'ENTRY_GAP',
          `yevmiye madde numarası müteselsil değil: ${n}, beklenen ${exp}`,
          `entryNumberCounter not consecutive: ${n}, expected ${exp}`,
          w('gl-cor:entryNumberCounter'),
        );
      if (this.s.firstEntry === undefined) this.s.firstEntry = n;
      this.s.lastEntry = n;
      this.prevEntry = n;
    }
    if (h.details < 2) o.add('DETAILS', 'yevmiye maddesi en az iki entryDetail içermeli', 'an entryHeader needs at least two entryDetails', w());
    if (td !== null && tc !== null && td !== tc)
      o.add(
        'UNBALANCED',
        `madde dengesiz: totalDebit ${tdTxt(h)} ≠ totalCredit ${tcTxt(h)}`,
        `unbalanced: totalDebit ${tdTxt(h)} ≠ totalCredit ${tcTxt(h)}`,
        w('gl-bus:totalDebit'),
      );
    if (td !== null && h.sumD !== null && td !== h.sumD)
      o.add(
        'TOTAL_DEBIT',
        `totalDebit (${tdTxt(h)}) borç satırlarının toplamına (${fmt(h.sumD)}) eşit değil`,
        `totalDebit (${tdTxt(h)}) differs from the sum of D lines (${fmt(h.sumD)})`,
        w('gl-bus:totalDebit'),
      );
    if (tc !== null && h.sumC !== null && tc !== h.sumC)
      o.add(
        'TOTAL_CREDIT',
        `totalCredit (${tcTxt(h)}) alacak satırlarının toplamına (${fmt(h.sumC)}) eşit değil`,
        `totalCredit (${tcTxt(h)}) differs from the sum of C lines (${fmt(h.sumC)})`,
        w('gl-bus:totalCredit'),
      );
  }

  private ledgerHeader(h: HeaderRec, td: bigint | null, tc: bigint | null, w: (f?: string) => ReturnType<EntryRules['at']>): void {
    const o = this.out;
    this.maxCounterInHeader = -1;
    if (h.details < 1) o.add('DETAILS', 'kebir entryHeader en az bir entryDetail içermeli', 'a ledger entryHeader needs at least one entryDetail', w());
    if (td !== null && tc !== null && td !== 0n && tc !== 0n)
      o.add(
        'KEBIR_NET',
        `totalDebit ve totalCredit değerlerinden biri 0 olmalı (${tdTxt(h)} / ${tcTxt(h)})`,
        `one of totalDebit / totalCredit must be 0 (${tdTxt(h)} / ${tcTxt(h)})`,
        w('gl-bus:totalDebit'),
      );
    if (td !== null && tc !== null && h.sumD !== null && h.sumC !== null && td - tc !== h.sumD - h.sumC)
      o.add(
        'KEBIR_TOTAL',
        `totalDebit − totalCredit (${fmt(td - tc)}) satırların borç − alacak farkına (${fmt(h.sumD - h.sumC)}) eşit değil`,
        `totalDebit − totalCredit (${fmt(td - tc)}) differs from D − C of the lines (${fmt(h.sumD - h.sumC)})`,
        w('gl-bus:totalDebit'),
      );
    if (h.mainIDs.size > 1)
      o.add(
        'KEBIR_GROUP',
        `bir kebir entryHeader içinde tek ana hesap olmalı (${[...h.mainIDs].join(', ')})`,
        `one main account per ledger entryHeader (${[...h.mainIDs].join(', ')})`,
        w(),
      );
    if (h.subIDs.size > 1)
      o.add(
        'KEBIR_GROUP',
        `bir kebir entryHeader içinde en fazla bir alt hesap olmalı (${[...h.subIDs].join(', ')})`,
        `at most one sub-account per ledger entryHeader (${[...h.subIDs].join(', ')})`,
        w(),
      );
    const m = h.firstMain;
    if (m !== undefined) {
      if (this.prevMain !== undefined && m < this.prevMain)
        o.add(
          'KEBIR_SORT',
          `kebir ana hesap numarasına göre sıralı olmalı: ${m} < önceki ${this.prevMain}`,
          `the ledger must be sorted by main account: ${m} < previous ${this.prevMain}`,
          w(),
        );
      this.prevMain = m;
      if (h.firstSubID === null) {
        if (this.noSubMains.has(m))
          o.add(
            'KEBIR_DUP',
            `alt hesabı olmayan ${m} hesabı birden çok entryHeader içinde`,
            `main account ${m} without sub-account appears in more than one entryHeader`,
            w(),
          );
        this.noSubMains.add(m);
      } else if (h.firstSubID !== undefined) {
        if (this.subs.has(h.firstSubID))
          o.add(
            'KEBIR_DUP',
            `alt hesap ${h.firstSubID} birden çok entryHeader içinde`,
            `sub-account ${h.firstSubID} appears in more than one entryHeader`,
            w(),
          );
        this.subs.add(h.firstSubID);
      }
    }
  }
}

function fmt(k: bigint): string {
  const neg = k < 0n;
  const a = neg ? -k : k;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
const tdTxt = (h: HeaderRec) => (h.f['gl-bus:totalDebit'] ?? '').trim();
const tcTxt = (h: HeaderRec) => (h.f['gl-bus:totalCredit'] ?? '').trim();
