/**
 * GİB's Envanter Defteri plan (GİB-UYK §3.4, ../shared/docs/compliance-plan.md §3) as data: five scenarios,
 * two steps each (E, then EB), 10–30 maddeler with different main accounts, some maddeler with more than 2
 * sub-accounts, every element of the Envanter profile, zipped ≤ 1 MB, timestamped berats.
 */

/** One Envanter scenario. */
export interface EnvanterScenario {
  /** `E1` … `E5`. */
  id: string;
  /** `YYYY-MM` of the period. */
  period: string;
  /** The inventory date (ISO): periodCoveredStart = periodCoveredEnd. */
  date: string;
  branch?: string;
  minMaddeler: number;
  maxMaddeler: number;
  full: number;
  quick: number;
  maxZipBytes: number;
}

const base = { minMaddeler: 10, maxMaddeler: 30, full: 24, quick: 12, maxZipBytes: 1_000_000 };

/** The five Envanter scenarios. */
export const ENVANTER_SCENARIOS: readonly EnvanterScenario[] = [
  { id: 'E1', period: '2024-01', date: '2024-01-01', ...base },
  { id: 'E2', period: '2024-12', date: '2024-12-31', ...base },
  { id: 'E3', period: '2025-01', date: '2025-01-01', ...base },
  { id: 'E4', period: '2025-01', date: '2025-01-01', branch: '0001', ...base },
  { id: 'E5', period: '2025-01', date: '2025-01-01', branch: '0002', ...base },
];
