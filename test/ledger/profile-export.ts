/**
 * The every-element export of the profile tests: 3 maddeler (6 lines) of January 2026 for the demo
 * company using every canonical column (gl-muc in USD and EUR, gl-bus:measurable, documentReference,
 * paymentMethod, şube, taxNumber, attachmentFile), and a small real PDF.
 */
import fs from 'node:fs';
import path from 'node:path';

export const COLS = [
  'entryNumber',
  'postingDate',
  'entryComment',
  'accountMainID',
  'accountMainDescription',
  'accountSubID',
  'accountSubDescription',
  'amount',
  'debitCreditCode',
  'documentType',
  'documentTypeDescription',
  'documentNumber',
  'documentReference',
  'documentDate',
  'paymentMethod',
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
  'measurableCodeDescription',
  'measurableQualifier',
  'measurableQuantity',
  'measurableUnitOfMeasure',
  'measurableCostPerUnit',
  'attachmentFile',
  'taxNumber',
] as const;
export type Row = Partial<Record<(typeof COLS)[number], string>>;

const base = (entryNumber: string, date: string, comment: string): Row => ({
  entryNumber,
  postingDate: date,
  entryComment: comment,
  enteredBy: 'Muhasebe Servisi',
  batchID: 'MRK',
  batchDescription: 'Merkez',
});
const usd: Row = {
  amountCurrency: 'TRY',
  amountOriginalAmount: '1.000,00',
  amountOriginalCurrency: 'USD',
  amountOriginalExchangeRate: '34,5678',
  amountOriginalExchangeRateDate: '05.01.2026',
  amountOriginalExchangeRateSource: 'TCMB',
  amountOriginalExchangeRateComment: 'TCMB döviz alış kuru',
};
const eur: Row = {
  amountOriginalAmount: '250,5',
  amountOriginalCurrency: 'eur',
  amountOriginalExchangeRate: '37,1',
  amountOriginalExchangeRateDate: '2026-01-05',
};

/** The every-element month: 3 maddeler, 6 lines. */
export function rows(): Row[] {
  const m1 = base('F-0001', '05.01.2026', 'Döviz tahsilatı');
  const m2 = base('F-0002', '10.01.2026', 'Yatırım fonu alımı');
  const m3 = base('F-0003', '20.01.2026', 'Rehinli banka kredisi');
  return [
    {
      ...m1,
      accountMainID: '102',
      accountMainDescription: 'BANKALAR',
      accountSubID: '102.01',
      accountSubDescription: 'USD Hesabı',
      amount: '34.567,80',
      debitCreditCode: 'B',
      documentReference: 'F-0001',
      paymentMethod: 'Havale',
      taxNumber: '4540536920',
      ...usd,
    },
    {
      ...m1,
      accountMainID: '120',
      accountMainDescription: 'ALICILAR',
      accountSubID: '120.01',
      accountSubDescription: 'Yurt Dışı Alıcı',
      amount: '34.567,80',
      debitCreditCode: 'A',
      documentReference: 'F-0001',
      taxNumber: '10000000146',
      ...usd,
      amountCurrency: '',
    },
    {
      ...m2,
      accountMainID: '118',
      accountMainDescription: 'DİĞER MENKUL KIYMETLER',
      accountSubID: '118.01',
      accountSubDescription: 'Yatırım Fonu',
      amount: '1.500,00',
      debitCreditCode: 'B',
      measurableCode: 'NT',
      measurableCodeDescription: 'Maddi Olmayan Kalemler',
      measurableQualifier: 'Fon',
      measurableQuantity: '100',
      measurableUnitOfMeasure: 'Adet',
      measurableCostPerUnit: '15',
    },
    {
      ...m2,
      accountMainID: '102',
      accountMainDescription: 'BANKALAR',
      accountSubID: '102.02',
      accountSubDescription: 'TL Hesabı',
      amount: '1.500,00',
      debitCreditCode: 'A',
      paymentMethod: 'EFT',
      ...eur,
      amountOriginalAmount: '40,43',
      amountOriginalExchangeRate: '37,1',
    },
    {
      ...m3,
      accountMainID: '102',
      accountMainDescription: 'BANKALAR',
      accountSubID: '102.02',
      accountSubDescription: 'TL Hesabı',
      amount: '50.000,00',
      debitCreditCode: 'B',
      documentType: 'other',
      documentTypeDescription: 'Kredi sözleşmesi',
      documentNumber: 'KR-77',
      documentDate: '20.01.2026',
      attachmentFile: 'rehin.pdf',
    },
    {
      ...m3,
      accountMainID: '300',
      accountMainDescription: 'BANKA KREDİLERİ',
      accountSubID: '300.01',
      accountSubDescription: 'Rehinli Kredi',
      amount: '50.000,00',
      debitCreditCode: 'A',
      detailComment: 'Ticari rehin karşılığı',
    },
  ];
}

export function csvText(rs: Row[], cols: readonly string[] = COLS): string {
  const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [cols.join(';'), ...rs.map((r) => cols.map((c) => q((r as Record<string, string>)[c] ?? '')).join(';'))].join('\n') + '\n';
}

/** A small but real PDF. */
export function pdf(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n` +
      'x'.repeat(1000 + text.length),
    'latin1',
  );
}

export function writeExport(dir: string, rs: Row[], cols?: readonly string[], name = '6090408038-202601.csv'): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, csvText(rs, cols));
  return f;
}
