/**
 * GİB's e-Defter compliance plan (GİB-UYK v1.7 §3.3, ../shared/docs/compliance-plan.md §2) as data: each
 * scenario's period, madde range, zipped-size limit, main accounts with sub-accounts, split and şube, and the
 * madde counts `edefter uyumluluk` generates (full run, and `--quick`: the low end of each range, every
 * constraint kept). The Envanter plan (§3.4) is in envanter-scenarios.ts.
 */

/** One e-Defter scenario of the plan. */
export interface DefterScenario {
  /** Scenario number(s) in GİB's plan: `1`, …, `5-6` (one split month gives scenarios 5 and 6), `7`. */
  id: string;
  /** Turkish / English title. */
  tr: string;
  en: string;
  year: number;
  month: number;
  /** Madde range GİB asks for (per part for a split month). */
  minMaddeler: number;
  maxMaddeler: number;
  /** Maddeler generated: full run and --quick. */
  full: number;
  quick: number;
  /** Largest zipped Y or K allowed, bytes (GİB's 1/2/10 MB, decimal megabytes). */
  maxZipBytes: number;
  /** Fewest distinct main accounts used with a sub-account. */
  minMainWithSub: number;
  /** At least one madde with more than 4 main accounts. */
  wideMaddeler?: boolean;
  /** Year-end closing entries (kapanış) at the end of the month. */
  closing?: boolean;
  /** Opening entry (açılış) first; numbering starts again (first month of the fiscal year). */
  opening?: boolean;
  /** Split the month at the end of this day (ISO): part 1 and part 2. */
  splitAt?: string;
  /** Şube code of every file. */
  branch?: string;
  /** Every optional element of the profile used (multi-currency, measurable, paymentMethod, documentReference, şube fields, PDF attachment). */
  everyElement?: boolean;
}

const MB = 1_000_000;

/** The seven e-Defter scenarios (5 and 6 are one split month). */
export const DEFTER_SCENARIOS: readonly DefterScenario[] = [
  {
    id: '1',
    tr: "Tüm elemanlar, 4'ten fazla ana hesaplı maddeler",
    en: 'every element, maddeler with more than 4 main accounts',
    year: 2023,
    month: 4,
    minMaddeler: 10,
    maxMaddeler: 30,
    full: 24,
    quick: 12,
    maxZipBytes: 1 * MB,
    minMainWithSub: 10,
    wideMaddeler: true,
    everyElement: true,
  },
  {
    id: '2',
    tr: 'Yıl sonu kapanış kayıtları',
    en: 'year-end closing entries',
    year: 2022,
    month: 12,
    minMaddeler: 100,
    maxMaddeler: 1000,
    full: 600,
    quick: 100,
    maxZipBytes: 2 * MB,
    minMainWithSub: 15,
    closing: true,
  },
  {
    id: '3',
    tr: 'Açılış kaydı, numaralar yeniden başlar',
    en: 'opening entry, numbering starts again',
    year: 2023,
    month: 1,
    minMaddeler: 100,
    maxMaddeler: 1000,
    full: 600,
    quick: 100,
    maxZipBytes: 2 * MB,
    minMainWithSub: 15,
    opening: true,
  },
  {
    id: '4',
    tr: '5000–10000 madde',
    en: '5000–10000 maddeler',
    year: 2023,
    month: 2,
    minMaddeler: 5000,
    maxMaddeler: 10000,
    full: 8000,
    quick: 5000,
    maxZipBytes: 10 * MB,
    minMainWithSub: 20,
  },
  {
    id: '5-6',
    tr: 'Bölünmüş ay: 1. ve 2. (son) parça',
    en: 'split month: part 1 and part 2 (last)',
    year: 2023,
    month: 4,
    minMaddeler: 10,
    maxMaddeler: 10000,
    full: 3000,
    quick: 30,
    maxZipBytes: 10 * MB,
    minMainWithSub: 10,
    splitAt: '2023-04-14',
  },
  {
    id: '7',
    tr: 'Senaryo 1 ve şube 0001',
    en: 'as scenario 1, şube 0001',
    year: 2023,
    month: 4,
    minMaddeler: 10,
    maxMaddeler: 30,
    full: 24,
    quick: 12,
    maxZipBytes: 1 * MB,
    minMainWithSub: 10,
    wideMaddeler: true,
    everyElement: true,
    branch: '0001',
  },
];

/** `YYYY-MM` of a scenario. */
export function periodOf(s: Pick<DefterScenario, 'year' | 'month'>): string {
  return `${s.year}-${String(s.month).padStart(2, '0')}`;
}
