/**
 * The synthetic Envanter Defteri of one inventory date (GİB-EK v1.0): one envanter maddesi per balance-sheet
 * main account (so every madde has a different main account), its sub-accounts as lines with the counted
 * amounts (> 0, no debit/credit), foreign-currency cash, bank and receivables with their original amounts
 * and rates (gl-muc), goods and fixed assets with quantities (gl-bus:measurable, amount = quantity × unit
 * price), a detail comment on each line, and the şube fields. Written as our envanter export CSV.
 */
import { account, CHART, isBalanceSheet } from './chart.ts';
import { seededRng } from './rng.ts';

/** Columns of the synthetic envanter export (docs/erp-export.md, envanter section). */
const ENVANTER_EXPORT_COLUMNS = [
  'entryNumber',
  'postingDate',
  'entryComment',
  'accountMainID',
  'accountMainDescription',
  'accountSubID',
  'accountSubDescription',
  'amount',
  'detailComment',
  'enteredBy',
  'batchID',
  'batchDescription',
  'amountCurrency',
  'amountOriginalAmount',
  'amountOriginalCurrency',
  'amountOriginalExchangeRate',
  'amountOriginalExchangeRateDate',
  'amountOriginalExchangeRateSource',
  'amountOriginalExchangeRateComment',
  'measurableCode',
  'measurableQualifier',
  'measurableQuantity',
  'measurableUnitOfMeasure',
  'measurableCostPerUnit',
] as const;

/** Foreign-currency sub-accounts and their currency. */
const FX: Record<string, 'USD' | 'EUR'> = { '100.02': 'USD', '100.03': 'EUR', '102.03': 'USD', '120.900': 'USD' };
/** Sub-accounts counted in quantities: measurableCode, qualifier, unit. */
const QTY: Record<string, [string, string, string]> = {
  '153.01': ['IN', 'Stok', 'KGM'],
  '153.02': ['IN', 'Stok', 'LTR'],
  '153.03': ['IN', 'Stok', 'C62'],
  '254.01': ['FA', 'Taşıt', 'C62'],
  '255.01': ['FA', 'Demirbaş', 'C62'],
  '255.02': ['FA', 'Demirbaş', 'C62'],
  '118.01': ['OT', 'Fon', 'C62'],
};

/** Main accounts in envanter order: those with more than 2 sub-accounts first, then the rest of the balance sheet. */
function envanterMains(): string[] {
  const bs = Object.keys(CHART)
    .filter(isBalanceSheet)
    .filter((m) => !['590'].includes(m));
  const wide = bs.filter((m) => account(m).subs.length > 2);
  return [...wide, ...bs.filter((m) => !wide.includes(m))];
}

/** Options of {@link envanterCsv}. */
export interface EnvanterGenOptions {
  /** Inventory date (ISO). */
  date: string;
  maddeler: number;
  seed: number;
  /** Şube code and name for batchID / batchDescription (none: `MRK`, Merkez). */
  branch?: { code: string; name: string };
}

const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const money = (k: bigint) => `${k / 100n},${String(k % 100n).padStart(2, '0')}`;
const field = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The envanter export CSV of one date.
 * @throws Error when more maddeler are asked than there are balance-sheet main accounts (a caller bug)
 */
export function envanterCsv(o: EnvanterGenOptions): { csv: string; rows: number } {
  const mains = envanterMains();
  if (o.maddeler > mains.length) throw new Error(`envanter: at most ${mains.length} maddeler (one main account each)`);
  const rng = seededRng(o.seed);
  const users = ['Ayşe Yılmaz', 'Mehmet Öztürk', 'Gülşen Çelik'];
  const lines: string[] = [ENVANTER_EXPORT_COLUMNS.join(';')];
  for (let i = 0; i < o.maddeler; i++) {
    const a = account(mains[i]);
    const entryNumber = `ENV-${o.date.slice(0, 4)}${o.date.slice(5, 7)}-${String(i + 1).padStart(3, '0')}`;
    const enteredBy = rng.pick(users);
    for (const [sub, subName] of a.subs) {
      const v: Record<string, string> = {
        entryNumber,
        postingDate: dmy(o.date),
        entryComment: `${a.name} envanteri (${dmy(o.date)} sayım ve mutabakat)`,
        accountMainID: a.main,
        accountMainDescription: a.name,
        accountSubID: sub,
        accountSubDescription: subName,
        detailComment: `${subName}: sayım tutanağı ${i + 1}`,
        enteredBy,
        batchID: o.branch?.code ?? 'MRK',
        batchDescription: o.branch?.name ?? 'Merkez',
      };
      let amount = BigInt(rng.int(1_000, 900_000)) * 100n + BigInt(rng.int(0, 99));
      const fx = FX[sub];
      if (fx) {
        const orig = BigInt(rng.int(500, 50_000)),
          rate10k = BigInt(fx === 'USD' ? rng.int(290_000, 359_999) : rng.int(310_000, 389_999));
        amount = (orig * 100n * rate10k + 5_000n) / 10_000n;
        Object.assign(v, {
          amountCurrency: 'TRY',
          amountOriginalAmount: `${orig},00`,
          amountOriginalCurrency: fx,
          amountOriginalExchangeRate: `${rate10k / 10_000n},${String(rate10k % 10_000n).padStart(4, '0')}`,
          amountOriginalExchangeRateDate: dmy(o.date),
          amountOriginalExchangeRateSource: 'TCMB',
          amountOriginalExchangeRateComment: 'TCMB döviz alış kuru',
        });
      }
      const q = QTY[sub];
      if (q) {
        const qty = rng.int(1, q[0] === 'IN' ? 5_000 : 12),
          quarters = rng.int(q[0] === 'IN' ? 40 : 40_000, q[0] === 'IN' ? 4_000 : 400_000);
        amount = BigInt(qty * quarters) * 25n; // unit price in quarter-lira steps: exact
        Object.assign(v, {
          measurableCode: q[0],
          measurableQualifier: q[1],
          measurableQuantity: String(qty),
          measurableUnitOfMeasure: q[2],
          measurableCostPerUnit: `${Math.floor(quarters / 4)},${String((quarters % 4) * 25).padStart(2, '0')}`,
        });
      }
      v.amount = money(amount);
      lines.push(ENVANTER_EXPORT_COLUMNS.map((c) => field(v[c] ?? '')).join(';'));
    }
  }
  return { csv: lines.join('\n') + '\n', rows: lines.length - 1 };
}
