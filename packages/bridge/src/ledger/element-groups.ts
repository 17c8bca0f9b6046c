/**
 * Counts which optional element groups of GİB's profile a month's files carry, so the build/month
 * summary can say what was written (no silent loss: the accountant sees that the export's currency,
 * quantity, document, şube and attachment data reached the defter).
 */
import type { Madde } from './types.ts';

/** One optional element group and how many Y lines carry it (attachments: how many PDFs). */
export interface ElementGroupCount {
  /** Element names as GİB's guide writes them. */
  group: string;
  tr: string;
  en: string;
  /** Lines of the Yevmiye carrying the group (for binaryObject: PDFs embedded). */
  count: number;
  /** Also written in the Büyük Defter (K) lines. */
  inKebir: boolean;
}

const GROUPS = [
  { key: 'sub', group: 'gl-cor:accountSub', tr: 'alt hesap', en: 'sub-account', inKebir: true },
  { key: 'doc', group: 'gl-cor:documentType/Number/Date', tr: 'belge bilgileri', en: 'document data', inKebir: true },
  {
    key: 'ref',
    group: 'gl-cor:documentReference',
    tr: 'belge referansı (= fiş no, yevmiyede her satırda)',
    en: 'document reference (= entryNumber, every journal line)',
    inKebir: false,
  },
  { key: 'pay', group: 'gl-bus:paymentMethod', tr: 'ödeme şekli', en: 'payment method', inKebir: true },
  { key: 'cmt', group: 'gl-cor:detailComment', tr: 'satır açıklaması', en: 'line comment', inKebir: true },
  {
    key: 'muc',
    group: 'gl-muc:amountOriginal*',
    tr: 'döviz (tutar, para birimi, kur, kur tarihi)',
    en: 'foreign currency (amount, currency, rate, rate date)',
    inKebir: true,
  },
  { key: 'mcur', group: 'gl-muc:amountCurrency', tr: 'tutarın para birimi (TRY)', en: 'currency of the amount (TRY)', inKebir: true },
  { key: 'meas', group: 'gl-bus:measurable', tr: 'miktar (miktar, birim fiyat)', en: 'quantity (quantity, unit cost)', inKebir: true },
  { key: 'tax', group: 'gl-cor:identifierReference', tr: 'karşı taraf VKN/TCKN (taxNumber)', en: 'counterparty VKN/TCKN (taxNumber)', inKebir: true },
  { key: 'batch', group: 'gl-bus:batchID/batchDescription', tr: 'şube (maddenin satırları)', en: "şube (the madde's lines)", inKebir: false },
  { key: 'pdf', group: 'defterek:binaryObject', tr: 'PDF eki (adet)', en: 'PDF attachment (count)', inKebir: false },
] as const;
type Key = (typeof GROUPS)[number]['key'];

/** Accumulates counts madde by madde. */
export class ElementGroupCounter {
  private readonly n: Record<Key, number> = { sub: 0, doc: 0, ref: 0, pay: 0, cmt: 0, muc: 0, mcur: 0, meas: 0, tax: 0, batch: 0, pdf: 0 };

  /** Counts one madde's lines (and its attachments). */
  add(m: Madde): void {
    const n = this.n;
    n.ref += m.lines.length;
    if (m.batchID) n.batch += m.lines.length;
    n.pdf += m.attachments?.length ?? 0;
    for (const l of m.lines) {
      if (l.accountSubID) n.sub++;
      if (l.documentType) n.doc++;
      if (l.paymentMethod) n.pay++;
      if (l.detailComment) n.cmt++;
      if (l.muc?.originalAmount) n.muc++;
      if (l.muc?.amountCurrency) n.mcur++;
      if (l.measurable) n.meas++;
      if (l.taxNumber) n.tax++;
    }
  }

  /** Every group with its count (0 when not written), in a fixed order. */
  result(): ElementGroupCount[] {
    return GROUPS.map((g) => ({ group: g.group, tr: g.tr, en: g.en, count: this.n[g.key], inKebir: g.inKebir }));
  }
}
