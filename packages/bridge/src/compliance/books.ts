/**
 * Running balances of the synthetic books (debit − credit per sub-account, kuruş) and the year-end entries
 * built from them: the balances carried into a month (balance sheet, and for a December the year-to-date
 * income statement), the kapanış maddeleri (gider yansıtma, gelir tablosu hesaplarının 690'a devri, vergi
 * karşılığı, dönem net kârı, bilanço hesaplarının kapanışı) and the açılış maddesi of a new fiscal year.
 */
import { account, isBalanceSheet } from './chart.ts';
import type { Rng } from './rng.ts';
import type { SynLine, SynMadde } from './synthetic.ts';

/** Balances by sub-account: debit − credit in kuruş. */
export class Books {
  readonly balance = new Map<string, bigint>();

  /** Applies a madde's lines to the balances. */
  post(m: Pick<SynMadde, 'lines'>): void {
    for (const l of m.lines) this.add(l.sub, l.dc === 'D' ? l.amount : -l.amount);
  }

  /** Adds a signed amount (debit positive) to a sub-account. */
  add(sub: string, v: bigint): void {
    this.balance.set(sub, (this.balance.get(sub) ?? 0n) + v);
  }

  /** Balance of a sub-account (0 when never used). */
  get(sub: string): bigint {
    return this.balance.get(sub) ?? 0n;
  }

  /** Sum of the balances of every sub-account of a main account. */
  mainBalance(main: string): bigint {
    let s = 0n;
    for (const [sub, v] of this.balance) if (sub.split('.')[0] === main) s += v;
    return s;
  }

  /** Non-zero balances whose main account passes `pick`, sorted by sub-account code. */
  nonZero(pick: (main: string) => boolean): [string, bigint][] {
    return [...this.balance].filter(([sub, v]) => v !== 0n && pick(sub.split('.')[0])).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

const mainOf = (sub: string) => sub.split('.')[0];
const TL = (lira: number) => BigInt(Math.round(lira * 100));

/** A closing/opening line moving `bal` (debit positive) to zero, or to the opposite side when `open`. */
function lineFor(sub: string, bal: bigint, open: boolean): SynLine {
  const debitBalance = bal > 0n;
  const dc: 'D' | 'C' = open ? (debitBalance ? 'D' : 'C') : debitBalance ? 'C' : 'D';
  return { main: mainOf(sub), sub, amount: debitBalance ? bal : -bal, dc };
}

/**
 * Seeds the balances carried into the month: balance-sheet accounts (assets, contra assets, liabilities,
 * equity with 570 as the balancing figure) and, with `yearToDate`, the income-statement accounts of the
 * months before (income above expenses, so the year ends with a profit).
 */
export function seedBalances(books: Books, rng: Rng, yearToDate: boolean): void {
  const put = (sub: string, lira: number) => books.add(sub, TL(lira));
  const r = (lo: number, hi: number) => rng.int(lo, hi) + rng.int(0, 99) / 100;
  put('100.01', r(40_000, 90_000));
  put('100.02', r(10_000, 30_000));
  put('101.01', r(50_000, 150_000));
  put('102.01', r(400_000, 900_000));
  put('102.02', r(200_000, 600_000));
  put('102.03', r(80_000, 200_000));
  for (const c of ['001', '002', '003', '004']) put(`120.${c}`, r(60_000, 250_000));
  put('153.01', r(500_000, 1_200_000));
  put('153.02', r(150_000, 400_000));
  put('180.01', r(30_000, 60_000));
  put('253.01', r(150_000, 300_000));
  put('254.01', r(700_000, 1_100_000));
  put('255.01', r(80_000, 160_000));
  put('255.02', r(90_000, 180_000));
  put('257.01', -r(150_000, 300_000));
  put('257.02', -r(40_000, 90_000));
  put('300.01', -r(300_000, 600_000));
  for (const c of ['001', '002', '003', '004']) put(`320.${c}`, -r(50_000, 200_000));
  put('335.01', -r(60_000, 120_000));
  put('360.01', -r(15_000, 40_000));
  put('361.01', -r(20_000, 45_000));
  put('500.01', -1_000_000);
  put('540.01', -r(40_000, 80_000));
  if (yearToDate) {
    put('600.01', -r(6_000_000, 8_000_000));
    put('600.02', -r(900_000, 1_400_000));
    put('601.01', -r(400_000, 900_000));
    put('642.01', -r(20_000, 60_000));
    put('611.01', r(50_000, 120_000));
    put('621.01', r(3_500_000, 4_500_000));
    put('760.01', r(150_000, 300_000));
    put('760.02', r(60_000, 120_000));
    for (const c of ['01', '02', '03', '04', '05']) put(`770.${c}`, r(120_000, 400_000));
    put('780.01', r(80_000, 180_000));
    put('780.02', r(5_000, 15_000));
  }
  let sum = 0n;
  for (const v of books.balance.values()) sum += v;
  books.add('570.01', -sum);
}

/**
 * The year-end kapanış maddeleri on `date`, from the balances (which they bring to zero, except 590 and
 * the balance-sheet accounts, closed by the last madde). Each is posted to `books` as it is built.
 * @returns the maddeler in order: yansıtma, yansıtma kapanışı, gelir tablosu → 690, vergi karşılığı,
 *   690 → 691/692, 692 → 590, bilanço kapanışı
 */
export function closingMaddeler(books: Books, date: string): SynMadde[] {
  const out: SynMadde[] = [];
  const add = (comment: string, kind: string, lines: SynLine[]) => {
    const m: SynMadde = { date, comment, kind, lines: lines.filter((l) => l.amount > 0n) };
    if (m.lines.length >= 2) {
      books.post(m);
      out.push(m);
    }
  };
  const voucher = (no: string): Record<string, string> => ({ documentType: 'voucher', documentNumber: no, documentDate: date });
  // 7/A: costs reflected to the income statement through the yansıtma accounts.
  const pairs: [string, string, string][] = [
    ['760', '761.01', '631.01'],
    ['770', '771.01', '632.01'],
    ['780', '781.01', '660.01'],
  ];
  const refl: SynLine[] = [];
  const close7: SynLine[] = [];
  for (const [cost, yans, pl] of pairs) {
    const b = books.mainBalance(cost);
    if (b <= 0n) continue;
    refl.push(
      { main: mainOf(pl), sub: pl, amount: b, dc: 'D', cols: voucher('KPN-01') },
      { main: mainOf(yans), sub: yans, amount: b, dc: 'C', cols: voucher('KPN-01') },
    );
    close7.push({ main: mainOf(yans), sub: yans, amount: b, dc: 'D', cols: voucher('KPN-02') });
    for (const [sub, v] of books.nonZero((m) => m === cost)) close7.push({ ...lineFor(sub, v, false), cols: voucher('KPN-02') });
  }
  add('Gider hesaplarının gelir tablosuna yansıtılması', 'kapanis', refl);
  add('Yansıtma hesaplarının kapatılması', 'kapanis', close7);
  // Income statement accounts (6xx except 690–692) into 690.
  const is = books.nonZero((m) => m[0] === '6' && !['690', '691', '692'].includes(m));
  const toPl: SynLine[] = is.map(([sub, v]) => ({ ...lineFor(sub, v, false), cols: voucher('KPN-03') }));
  const net = is.reduce((s, [, v]) => s + v, 0n); // debit − credit: negative = profit
  if (net !== 0n) toPl.push({ main: '690', sub: '690.01', amount: net < 0n ? -net : net, dc: net < 0n ? 'C' : 'D', cols: voucher('KPN-03') });
  add('Gelir tablosu hesaplarının 690 Dönem Kârı veya Zararı hesabına devri', 'kapanis', toPl);
  const profit = -books.get('690.01');
  if (profit > 0n) {
    const tax = (profit * 25n) / 100n;
    add('Kurumlar vergisi karşılığı (%25)', 'kapanis', [
      { main: '691', sub: '691.01', amount: tax, dc: 'D', cols: voucher('KPN-04') },
      { main: '370', sub: '370.01', amount: tax, dc: 'C', cols: voucher('KPN-04') },
    ]);
    add('Dönem kârının 691 ve 692 hesaplarına devri', 'kapanis', [
      { main: '690', sub: '690.01', amount: profit, dc: 'D', cols: voucher('KPN-05') },
      { main: '691', sub: '691.01', amount: tax, dc: 'C', cols: voucher('KPN-05') },
      { main: '692', sub: '692.01', amount: profit - tax, dc: 'C', cols: voucher('KPN-05') },
    ]);
    add('Dönem net kârının 590 hesabına devri', 'kapanis', [
      { main: '692', sub: '692.01', amount: profit - tax, dc: 'D', cols: voucher('KPN-06') },
      { main: '590', sub: '590.01', amount: profit - tax, dc: 'C', cols: voucher('KPN-06') },
    ]);
  } else if (profit < 0n) {
    add('Dönem zararının 692 hesabına devri', 'kapanis', [
      { main: '692', sub: '692.01', amount: -profit, dc: 'D', cols: voucher('KPN-05') },
      { main: '690', sub: '690.01', amount: -profit, dc: 'C', cols: voucher('KPN-05') },
    ]);
  }
  // The kapanış maddesi: every balance-sheet account (and anything left) to zero.
  add(
    'Kapanış maddesi: bilanço hesaplarının kapatılması',
    'kapanis',
    books.nonZero(() => true).map(([sub, v]) => ({ ...lineFor(sub, v, false), cols: voucher('KPN-07') })),
  );
  return out;
}

/**
 * The açılış maddesi of a new fiscal year on `date`: every balance-sheet balance carried in, debit
 * balances on the debit side. Does not post (the balances are already the carried ones).
 */
export function openingMadde(books: Books, date: string): SynMadde {
  const cols = { documentType: 'voucher', documentNumber: 'ACL-0001', documentDate: date };
  return {
    date,
    comment: 'Açılış maddesi: önceki hesap döneminden devreden bilanço hesapları',
    kind: 'acilis',
    lines: books.nonZero(isBalanceSheet).map(([sub, v]) => ({ ...lineFor(sub, v, true), cols })),
  };
}

/** The chart name of a sub-account (for the export's description columns). */
export function subName(sub: string): { mainName: string; subName: string } {
  const a = account(mainOf(sub));
  const s = a.subs.find(([c]) => c === sub);
  if (!s) throw new Error(`sub-account ${sub} is not in the compliance chart`);
  return { mainName: a.name, subName: s[1] };
}
