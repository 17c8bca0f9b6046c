/**
 * The VERGİ accounts: the five Tekdüzen Hesap Planı main accounts whose period movements every
 * Yevmiye and Kebir berat reports in its "vergi detayı" entryHeader (spec §1.5 step 3; GİB-TK berat):
 * 391 Hesaplanan KDV, 191 İndirilecek KDV, 600 Yurt İçi Satışlar, 601 Yurt Dışı Satışlar, 602 Diğer Gelirler.
 * An envanter berat (EB) carries no vergi detayı.
 */

/** The accounts, in the order the berat lists them. */
export const VERGI_ACCOUNTS = Object.freeze(['391', '191', '600', '601', '602'] as const);

/** One of {@link VERGI_ACCOUNTS}. */
export type VergiAccount = (typeof VERGI_ACCOUNTS)[number];

/** `gl-cor:accountMainDescription` of each account in the berat (Tekdüzen Hesap Planı names). */
export const VERGI_ACCOUNT_NAMES: Readonly<Record<VergiAccount, string>> = Object.freeze({
  391: 'HESAPLANAN KDV',
  191: 'İNDİRİLECEK KDV',
  600: 'YURT İÇİ SATIŞLAR',
  601: 'YURT DIŞI SATIŞLAR',
  602: 'DİĞER GELİRLER',
});

/** Period movements of the vergi accounts: debit (D) and credit (C) per account, in kuruş. */
export type VergiSums = Record<VergiAccount, { D: bigint; C: bigint }>;

/** True when `accountMainID` is one of the VERGİ accounts. */
export function isVergiAccount(accountMainID: string): accountMainID is VergiAccount {
  return (VERGI_ACCOUNTS as readonly string[]).includes(accountMainID);
}

/** Zero sums for every VERGİ account (a fresh object each call). */
export function emptyVergi(): VergiSums {
  return Object.fromEntries(VERGI_ACCOUNTS.map((a) => [a, { D: 0n, C: 0n }])) as VergiSums;
}
