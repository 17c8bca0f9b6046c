/**
 * Everyday entries of the synthetic trading company (Tekdüzen Hesap Planı, 7/A cost accounts): sales,
 * purchases, collections, payments, expenses, payroll, depreciation, advances, and the entries that carry
 * the optional elements (foreign-currency export sale, investment fund units with a quantity, a bank loan
 * with its ticari rehin sözleşmesi attached). Each template returns balanced lines with document fields.
 */
import type { Rng } from './rng.ts';
import type { SynLine } from './synthetic.ts';

/** What a template gets: the generator, the madde's ISO date and its number in the month (1-based). */
interface TemplateContext {
  rng: Rng;
  date: string;
  seq: number;
}

/** A template: comment and lines of one madde. */
export type Template = (c: TemplateContext) => { comment: string; lines: SynLine[] };

/** File name of the ticari rehin sözleşmesi PDF the loan entry attaches (inside the export zip). */
export const PLEDGE_PDF = 'ticari-rehin-sozlesmesi.pdf';

const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const kurus = (rng: Rng, lo: number, hi: number) => BigInt(rng.int(lo, hi)) * 100n + BigInt(rng.int(0, 99));
const kdv = (net: bigint, rate = 20n) => (net * rate + 50n) / 100n;
const L = (sub: string, amount: bigint, dc: 'D' | 'C', cols?: Record<string, string>): SynLine => ({
  main: sub.split('.')[0],
  sub,
  amount,
  dc,
  ...(cols ? { cols } : {}),
});
const doc = (c: TemplateContext, type: string, prefix: string, description?: string): Record<string, string> => ({
  documentType: type,
  ...(description ? { documentTypeDescription: description } : {}),
  documentNumber: `${prefix}${c.date.slice(0, 4)}${String(c.seq).padStart(9, '0')}`,
  documentDate: dmy(c.date),
});
const CUSTOMERS = ['001', '002', '003', '004'];
const SUPPLIERS = ['001', '002', '003', '004'];
const BANKS = ['102.01', '102.02'];

/** The everyday templates with their weights. */
export const EVERYDAY: readonly [Template, number][] = [
  [
    (c) => {
      // toptan satış
      const net = kurus(c.rng, 1_000, 250_000),
        t = kdv(net),
        d = doc(c, 'invoice', 'DSF');
      return {
        comment: 'Toptan satış faturası',
        lines: [L(`120.${c.rng.pick(CUSTOMERS)}`, net + t, 'D', { ...d, paymentMethod: 'Açık hesap' }), L('600.01', net, 'C', d), L('391.01', t, 'C', d)],
      };
    },
    18,
  ],
  [
    (c) => {
      // perakende
      const net = kurus(c.rng, 100, 20_000),
        t = kdv(net),
        d = doc(c, 'receipt', 'Z');
      return {
        comment: 'Perakende nakit satış (Z raporu)',
        lines: [L('100.01', net + t, 'D', { ...d, paymentMethod: 'Nakit' }), L('600.02', net, 'C', d), L('391.01', t, 'C', d)],
      };
    },
    8,
  ],
  [
    (c) => {
      // alış
      const net = kurus(c.rng, 1_000, 200_000),
        t = kdv(net),
        d = doc(c, 'invoice', 'ALF');
      return {
        comment: 'Ticari mal alış faturası',
        lines: [L(c.rng.pick(['153.01', '153.02']), net, 'D', d), L('191.01', t, 'D', d), L(`320.${c.rng.pick(SUPPLIERS)}`, net + t, 'C', d)],
      };
    },
    16,
  ],
  [
    (c) => {
      // tahsilat
      const a = kurus(c.rng, 1_000, 200_000),
        d = doc(c, 'other', 'DK', 'Banka Dekontu');
      return {
        comment: 'Müşteri tahsilatı (EFT)',
        lines: [L(c.rng.pick(BANKS), a, 'D', { ...d, paymentMethod: 'EFT' }), L(`120.${c.rng.pick(CUSTOMERS)}`, a, 'C', d)],
      };
    },
    12,
  ],
  [
    (c) => {
      // ödeme
      const a = kurus(c.rng, 1_000, 150_000),
        d = doc(c, 'other', 'DK', 'Banka Dekontu');
      return {
        comment: 'Satıcı ödemesi (havale)',
        lines: [L(`320.${c.rng.pick(SUPPLIERS)}`, a, 'D', d), L(c.rng.pick(BANKS), a, 'C', { ...d, paymentMethod: 'Havale' })],
      };
    },
    10,
  ],
  [
    (c) => {
      // gider
      const net = kurus(c.rng, 200, 30_000),
        t = kdv(net),
        d = doc(c, 'invoice', 'GDR');
      return {
        comment: 'Gider faturası',
        lines: [
          L(c.rng.pick(['770.01', '770.02', '760.01', '760.02']), net, 'D', d),
          L('191.01', t, 'D', d),
          L('100.01', net + t, 'C', { ...d, paymentMethod: 'Nakit' }),
        ],
      };
    },
    8,
  ],
  [
    (c) => {
      // maliyet
      const a = kurus(c.rng, 1_000, 150_000),
        d = doc(c, 'shipment', 'IRS');
      return { comment: 'Sevk irsaliyesi ile satılan malın maliyeti', lines: [L('621.01', a, 'D', d), L('153.01', a, 'C', d)] };
    },
    6,
  ],
  [
    (c) => {
      // çek tahsilatı
      const a = kurus(c.rng, 5_000, 100_000),
        d = doc(c, 'check', 'CEK');
      return { comment: 'Müşteri çeki alındı', lines: [L('101.01', a, 'D', d), L(`120.${c.rng.pick(CUSTOMERS)}`, a, 'C', d)] };
    },
    4,
  ],
  [
    (c) => {
      // faiz
      const a = kurus(c.rng, 100, 20_000),
        d = doc(c, 'other', 'FZ', 'Faiz Dekontu');
      return { comment: 'Vadeli mevduat faizi', lines: [L('102.01', a, 'D', d), L('642.01', a, 'C', { ...d, detailComment: 'Aylık faiz tahakkuku' })] };
    },
    2,
  ],
  [
    (c) => {
      // komisyon
      const a = kurus(c.rng, 10, 2_000),
        d = doc(c, 'other', 'KM', 'Banka Dekontu');
      return { comment: 'Banka komisyonu', lines: [L('780.02', a, 'D', d), L(c.rng.pick(BANKS), a, 'C', d)] };
    },
    2,
  ],
  [
    (c) => {
      // bordro: 5 ana hesap
      const gross = kurus(c.rng, 40_000, 120_000),
        isv = (gross * 155n) / 1000n,
        sgk = (gross * 15n) / 100n,
        gv = (gross * 12n) / 100n,
        dv = (gross * 759n) / 100_000n;
      const adv = kurus(c.rng, 500, 3_000),
        net = gross - sgk - gv - dv - adv,
        d = doc(c, 'voucher', 'BRD');
      return {
        comment: 'Aylık ücret bordrosu tahakkuku',
        lines: [
          L('770.03', gross, 'D', d),
          L('770.04', isv, 'D', d),
          L('335.01', net, 'C', d),
          L('360.01', gv, 'C', d),
          L('360.02', dv, 'C', d),
          L('361.01', sgk, 'C', d),
          L('361.02', isv, 'C', d),
          L('136.01', adv, 'C', { ...d, detailComment: 'Personel avans kesintisi' }),
        ],
      };
    },
    1,
  ],
  [
    (c) => {
      // iskontolu satış ve maliyeti: 6 ana hesap
      const gross = kurus(c.rng, 10_000, 200_000),
        disc = gross / 20n,
        net = gross - disc,
        t = kdv(net),
        cost = (net * 7n) / 10n,
        d = doc(c, 'invoice', 'DSF');
      return {
        comment: 'İskontolu toptan satış ve maliyeti',
        lines: [
          L(`120.${c.rng.pick(CUSTOMERS)}`, net + t, 'D', { ...d, paymentMethod: 'Açık hesap' }),
          L('611.01', disc, 'D', d),
          L('600.01', gross, 'C', d),
          L('391.01', t, 'C', d),
          L('621.01', cost, 'D', d),
          L('153.01', cost, 'C', d),
        ],
      };
    },
    2,
  ],
  [
    (c) => {
      // demirbaş alımı
      const net = kurus(c.rng, 5_000, 60_000),
        t = kdv(net),
        d = doc(c, 'invoice', 'DMB');
      return {
        comment: 'Demirbaş alımı (bilgisayar)',
        lines: [L('255.02', net, 'D', d), L('191.01', t, 'D', d), L(`320.${c.rng.pick(SUPPLIERS)}`, net + t, 'C', d)],
      };
    },
    1,
  ],
  [
    (c) => {
      // amortisman
      const a = kurus(c.rng, 2_000, 15_000),
        d = doc(c, 'voucher', 'AMR');
      return { comment: 'Aylık amortisman ayrılması', lines: [L('770.05', a, 'D', d), L('257.02', a, 'C', d)] };
    },
    1,
  ],
  [
    (c) => {
      // peşin kira
      const a = kurus(c.rng, 20_000, 60_000),
        d = doc(c, 'other', 'DK', 'Banka Dekontu');
      return { comment: 'Üç aylık kira peşin ödendi', lines: [L('180.01', a, 'D', d), L('102.01', a, 'C', { ...d, paymentMethod: 'Havale' })] };
    },
    1,
  ],
  [
    (c) => {
      // vergi ve SGK ödemesi
      const a = kurus(c.rng, 5_000, 30_000),
        b = kurus(c.rng, 5_000, 30_000),
        d = doc(c, 'other', 'TH', 'Tahsilat Makbuzu');
      return {
        comment: 'Muhtasar ve SGK primleri ödendi',
        lines: [L('360.01', a, 'D', d), L('361.01', b, 'D', d), L('102.02', a + b, 'C', { ...d, paymentMethod: 'Banka' })],
      };
    },
    1,
  ],
  [
    (c) => {
      // alınan sipariş avansı
      const a = kurus(c.rng, 5_000, 50_000),
        d = doc(c, 'order-customer', 'SPR');
      return { comment: 'Müşteriden sipariş avansı alındı', lines: [L('102.01', a, 'D', { ...d, paymentMethod: 'EFT' }), L('340.01', a, 'C', d)] };
    },
    1,
  ],
  [
    (c) => {
      // verilen sipariş avansı
      const a = kurus(c.rng, 5_000, 50_000),
        d = doc(c, 'order-vendor', 'SPV');
      return { comment: 'Satıcıya sipariş avansı verildi', lines: [L('159.01', a, 'D', d), L('102.02', a, 'C', { ...d, paymentMethod: 'EFT' })] };
    },
    1,
  ],
];

/** Index in {@link EVERYDAY} of the payroll entry (5 main accounts) and of the discounted sale with its cost (6). */
export const WIDE_PAYROLL = 10;
export const WIDE_SALE = 11;

/** Export sale in US dollars: the TL amount with the original amount, currency, rate, its date, source and comment (gl-muc). */
export const EXPORT_SALE_USD: Template = (c) => {
  const usd = BigInt(c.rng.int(2_000, 20_000)),
    rate10k = BigInt(c.rng.int(190_000, 199_999)); // 19.0000–19.9999 TL/USD
  const tl = (usd * 100n * rate10k + 5_000n) / 10_000n;
  const rate = `${rate10k / 10_000n},${String(rate10k % 10_000n).padStart(4, '0')}`;
  const muc = {
    amountCurrency: 'TRY',
    amountOriginalAmount: `${usd},00`,
    amountOriginalCurrency: 'USD',
    amountOriginalExchangeRate: rate,
    amountOriginalExchangeRateDate: dmy(c.date),
    amountOriginalExchangeRateSource: 'TCMB',
    amountOriginalExchangeRateComment: 'TCMB döviz alış kuru',
  };
  const d = doc(c, 'invoice', 'IHR');
  return {
    comment: `İhracat faturası ${usd} USD (Gürcistan)`,
    lines: [L('120.900', tl, 'D', { ...d, ...muc, paymentMethod: 'Akreditif' }), L('601.01', tl, 'C', { ...d, ...muc })],
  };
};

/** Purchase of investment fund units: quantity × unit price = amount (gl-bus:measurable, GİB's fixed codes). */
export const FUND_PURCHASE: Template = (c) => {
  const qty = c.rng.int(100, 2_000),
    quarters = c.rng.int(20, 80); // unit price in quarter-lira steps: exact in binary
  const amount = BigInt(qty * quarters) * 25n;
  const price = `${Math.floor(quarters / 4)},${String((quarters % 4) * 25).padStart(2, '0')}`;
  const m = {
    measurableCode: 'NT',
    measurableCodeDescription: 'Maddi Olmayan Kalemler',
    measurableQualifier: 'Fon',
    measurableQuantity: String(qty),
    measurableUnitOfMeasure: 'Adet',
    measurableCostPerUnit: price,
  };
  const d = doc(c, 'other', 'FON', 'Fon Alım Dekontu');
  return {
    comment: `Yatırım fonu katılma payı alımı (${qty} adet)`,
    lines: [L('118.01', amount, 'D', { ...d, ...m, detailComment: 'Para piyasası fonu' }), L('102.01', amount, 'C', { ...d, paymentMethod: 'Havale' })],
  };
};

/** A bank loan secured by a ticari rehin; the pledge contract travels as a PDF attachment. */
export const PLEDGED_LOAN: Template = (c) => {
  const a = kurus(c.rng, 100_000, 400_000),
    d = doc(c, 'other', 'KRD', 'Kredi Sözleşmesi');
  return {
    comment: 'İşletme kredisi kullanımı (ticari rehin karşılığı)',
    lines: [
      L('102.01', a, 'D', { ...d, paymentMethod: 'Virman' }),
      L('300.01', a, 'C', { ...d, attachmentFile: PLEDGE_PDF, detailComment: 'Ticari rehin sözleşmesi ektedir' }),
    ],
  };
};

/** Picks an everyday template by weight. */
export function pickEveryday(rng: Rng): Template {
  const total = EVERYDAY.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [t, w] of EVERYDAY) {
    x -= w;
    if (x < 0) return t;
  }
  return EVERYDAY[0][0];
}
