/**
 * The Tekdüzen Hesap Planı accounts the synthetic books of `edefter uyumluluk` use (main account code,
 * name, and the company's sub-accounts), and which side a balance normally sits on. Names follow the
 * Muhasebe Sistemi Uygulama Genel Tebliği's chart (the VERGİ accounts' names are @edefter/domain's); sub-accounts are
 * plausible examples of a trading company.
 */
import { VERGI_ACCOUNT_NAMES as V } from '@edefter/domain';

/** One main account with its sub-accounts (`[code, name]`; each code starts with the main code). */
export interface ChartAccount {
  main: string;
  name: string;
  subs: readonly (readonly [string, string])[];
}

const A = (main: string, name: string, ...subs: [string, string][]): ChartAccount => ({ main, name, subs: subs.map(([c, n]) => [`${main}.${c}`, n] as const) });

/** The chart, by main account code. */
export const CHART: Readonly<Record<string, ChartAccount>> = Object.freeze(
  Object.fromEntries(
    [
      A('100', 'KASA', ['01', 'Merkez Kasa (TL)'], ['02', 'Döviz Kasası (USD)'], ['03', 'Döviz Kasası (EUR)']),
      A('101', 'ALINAN ÇEKLER', ['01', 'Portföydeki Çekler'], ['02', 'Tahsildeki Çekler']),
      A('102', 'BANKALAR', ['01', 'T.C. Ziraat Bankası - Kızılay Şb.'], ['02', 'Türkiye İş Bankası - Çankaya Şb.'], ['03', 'Garanti BBVA - USD Hesabı']),
      A('103', 'VERİLEN ÇEKLER VE ÖDEME EMİRLERİ (-)', ['01', 'Verilen Çekler']),
      A('118', 'DİĞER MENKUL KIYMETLER', ['01', 'Yatırım Fonu Katılma Payları']),
      A(
        '120',
        'ALICILAR',
        ['001', 'Özkan Gıda Ltd. Şti.'],
        ['002', 'Çağlar İnşaat A.Ş.'],
        ['003', 'Şeker Tekstil San. Tic.'],
        ['004', 'Işık Market Zinciri'],
        ['900', 'Tbilisi Trading LLC (USD)'],
      ),
      A('121', 'ALACAK SENETLERİ', ['01', 'Portföydeki Senetler']),
      A('136', 'DİĞER ÇEŞİTLİ ALACAKLAR', ['01', 'Personelden Alacaklar']),
      A('153', 'TİCARİ MALLAR', ['01', 'Ticari Mallar - Gıda'], ['02', 'Ticari Mallar - Temizlik'], ['03', 'Ticari Mallar - Ambalaj']),
      A('159', 'VERİLEN SİPARİŞ AVANSLARI', ['01', 'Yurt İçi Sipariş Avansları']),
      A('180', 'GELECEK AYLARA AİT GİDERLER', ['01', 'Peşin Ödenen Kira'], ['02', 'Peşin Ödenen Sigorta']),
      A('191', V[191], ['01', 'İndirilecek KDV %20'], ['02', 'İndirilecek KDV %10']),
      A('193', 'PEŞİN ÖDENEN VERGİLER VE FONLAR', ['01', 'Peşin Ödenen Geçici Vergi']),
      A('253', 'TESİS, MAKİNE VE CİHAZLAR', ['01', 'Depo Raf Sistemleri']),
      A('254', 'TAŞITLAR', ['01', 'Dağıtım Kamyoneti 06 ABC 128']),
      A('255', 'DEMİRBAŞLAR', ['01', 'Büro Mobilyaları'], ['02', 'Bilgisayarlar']),
      A('257', 'BİRİKMİŞ AMORTİSMANLAR (-)', ['01', 'Taşıtlar Birikmiş Amortismanı'], ['02', 'Demirbaşlar Birikmiş Amortismanı']),
      A('300', 'BANKA KREDİLERİ', ['01', 'Ziraat Bankası İşletme Kredisi']),
      A('320', 'SATICILAR', ['001', 'Öztürk Toptan Gıda'], ['002', 'Ilgaz Ambalaj San.'], ['003', 'Çukurova Un Fabrikası'], ['004', 'Ege Zeytinyağı Koop.']),
      A('321', 'BORÇ SENETLERİ', ['01', 'Verilen Senetler']),
      A('335', 'PERSONELE BORÇLAR', ['01', 'Ödenecek Ücretler']),
      A('340', 'ALINAN SİPARİŞ AVANSLARI', ['01', 'Yurt İçi Sipariş Avansları']),
      A('360', 'ÖDENECEK VERGİ VE FONLAR', ['01', 'Gelir Vergisi Stopajı'], ['02', 'Damga Vergisi'], ['03', 'Ödenecek KDV']),
      A('361', 'ÖDENECEK SOSYAL GÜVENLİK KESİNTİLERİ', ['01', 'SGK İşçi Payı'], ['02', 'SGK İşveren Payı']),
      A('370', 'DÖNEM KÂRI VERGİ VE DİĞER YASAL YÜKÜMLÜLÜK KARŞILIKLARI', ['01', 'Kurumlar Vergisi Karşılığı']),
      A('371', 'DÖNEM KÂRININ PEŞİN ÖDENEN VERGİ VE DİĞER YÜKÜMLÜLÜKLERİ (-)', ['01', 'Mahsup Edilecek Geçici Vergi']),
      A('391', V[391], ['01', 'Hesaplanan KDV %20'], ['02', 'Hesaplanan KDV %10']),
      A('500', 'SERMAYE', ['01', 'Ödenmiş Sermaye']),
      A('540', 'YASAL YEDEKLER', ['01', 'Birinci Tertip Yasal Yedek']),
      A('570', 'GEÇMİŞ YILLAR KÂRLARI', ['01', 'Geçmiş Yıllar Kârları']),
      A('590', 'DÖNEM NET KÂRI', ['01', 'Dönem Net Kârı']),
      A('600', V[600], ['01', 'Yurt İçi Toptan Satışlar'], ['02', 'Perakende Satışlar']),
      A('601', V[601], ['01', 'İhracat Satışları']),
      A('602', V[602], ['01', 'Hurda Satış Gelirleri']),
      A('611', 'SATIŞ İSKONTOLARI (-)', ['01', 'Satış İskontoları']),
      A('621', 'SATILAN TİCARİ MALLAR MALİYETİ (-)', ['01', 'Satılan Ticari Mallar Maliyeti']),
      A('631', 'PAZARLAMA SATIŞ VE DAĞITIM GİDERLERİ (-)', ['01', 'Pazarlama Satış ve Dağıtım Giderleri']),
      A('632', 'GENEL YÖNETİM GİDERLERİ (-)', ['01', 'Genel Yönetim Giderleri']),
      A('642', 'FAİZ GELİRLERİ', ['01', 'Mevduat Faiz Gelirleri']),
      A('646', 'KAMBİYO KÂRLARI', ['01', 'Kur Farkı Gelirleri']),
      A('660', 'KISA VADELİ BORÇLANMA GİDERLERİ (-)', ['01', 'Finansman Giderleri']),
      A('690', 'DÖNEM KÂRI VEYA ZARARI', ['01', 'Dönem Kârı veya Zararı']),
      A('691', 'DÖNEM KÂRI VERGİ VE DİĞER YASAL YÜKÜMLÜLÜK KARŞILIKLARI (-)', ['01', 'Kurumlar Vergisi Karşılığı']),
      A('692', 'DÖNEM NET KÂRI VEYA ZARARI', ['01', 'Dönem Net Kârı veya Zararı']),
      A('760', 'PAZARLAMA SATIŞ VE DAĞITIM GİDERLERİ', ['01', 'Nakliye Giderleri'], ['02', 'Reklam ve İlan Giderleri']),
      A('761', 'PAZARLAMA SATIŞ VE DAĞITIM GİDERLERİ YANSITMA HESABI', ['01', 'Yansıtma']),
      A(
        '770',
        'GENEL YÖNETİM GİDERLERİ',
        ['01', 'Kira Giderleri'],
        ['02', 'Elektrik, Su ve Doğalgaz'],
        ['03', 'Personel Ücretleri'],
        ['04', 'SGK İşveren Payı Gideri'],
        ['05', 'Amortisman Giderleri'],
      ),
      A('771', 'GENEL YÖNETİM GİDERLERİ YANSITMA HESABI', ['01', 'Yansıtma']),
      A('780', 'FİNANSMAN GİDERLERİ', ['01', 'Kredi Faizleri'], ['02', 'Banka Komisyonları']),
      A('781', 'FİNANSMAN GİDERLERİ YANSITMA HESABI', ['01', 'Yansıtma']),
    ].map((a) => [a.main, a]),
  ),
);

/** The chart entry of a main account. @throws Error for a code not in {@link CHART} (a generator bug) */
export function account(main: string): ChartAccount {
  const a = CHART[main];
  if (!a) throw new Error(`account ${main} is not in the compliance chart`);
  return a;
}

/** True for balance-sheet accounts (classes 1–5), which the kapanış maddesi closes and the açılış maddesi opens. */
export function isBalanceSheet(main: string): boolean {
  return main[0] >= '1' && main[0] <= '5';
}
