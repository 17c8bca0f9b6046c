/**
 * The synthetic month of one compliance scenario: maddeler spread over the working days, balances seeded
 * as carried in, the scenario's special entries (açılış first, kapanış last, the entries carrying every
 * optional element, maddeler with more than 4 main accounts), all deterministic for a seed.
 */
import { Books, closingMaddeler, openingMadde, seedBalances } from './books.ts';
import { seededRng } from './rng.ts';
import type { DefterScenario } from './scenarios.ts';
import type { SynMadde } from './synthetic.ts';
import { EVERYDAY, EXPORT_SALE_USD, FUND_PURCHASE, PLEDGED_LOAN, pickEveryday, WIDE_PAYROLL, WIDE_SALE, type Template } from './templates.ts';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const USERS = ['Ayşe Yılmaz', 'Mehmet Öztürk', 'Gülşen Çelik', 'İbrahim Şahin'];

/** Days of the month except Sundays, ISO. */
function workingDays(year: number, month: number): string[] {
  const out: string[] = [];
  const n = new Date(Date.UTC(year, month, 0)).getUTCDate();
  for (let d = 1; d <= n; d++) if (new Date(Date.UTC(year, month - 1, d)).getUTCDay() !== 0) out.push(iso(year, month, d));
  return out;
}

/** Options of {@link generateScenario}. */
export interface GenerateOptions {
  /** Maddeler in the month (closing/opening entries included). */
  maddeler: number;
  seed: number;
  /** Şube name for batchDescription when the scenario has a şube. */
  branchName?: string;
}

/**
 * Generates the maddeler of a scenario's month, in date order, each balanced.
 * @throws Error when `maddeler` is too small for the scenario's special entries (a caller bug)
 */
export function generateScenario(s: DefterScenario, o: GenerateOptions): SynMadde[] {
  const rng = seededRng(o.seed);
  const books = new Books();
  seedBalances(books, rng, !!s.closing);
  const days = workingDays(s.year, s.month);
  const first = iso(s.year, s.month, 1);
  const last = iso(s.year, s.month, new Date(Date.UTC(s.year, s.month, 0)).getUTCDate());
  const out: SynMadde[] = [];
  if (s.opening) out.push(openingMadde(books, first));
  // Special entries first in the month (deterministic coverage), then everyday ones by weight.
  const specials: Template[] = [];
  if (s.everyElement) specials.push(EXPORT_SALE_USD, FUND_PURCHASE, PLEDGED_LOAN);
  // Payroll (5 main accounts) and a discounted sale with its cost (6): maddeler with more than 4 main accounts.
  if (s.everyElement || s.wideMaddeler) specials.push(EVERYDAY[WIDE_PAYROLL][0], EVERYDAY[WIDE_SALE][0]);
  // Purchases, collections, cost of sales, advances: more main accounts with sub-accounts, every documentType.
  if (s.everyElement) specials.push(...[2, 3, 6, 7, 16, 17].map((i) => EVERYDAY[i][0]));
  const closingCount = s.closing ? 7 : 0;
  const everyday = o.maddeler - out.length - closingCount;
  if (everyday < specials.length) throw new Error(`scenario ${s.id}: ${o.maddeler} maddeler are too few`);
  const pool = s.opening ? days.filter((d) => d !== first) : days;
  for (let i = 0; i < everyday; i++) {
    const date = pool[Math.min(pool.length - 1, Math.floor((i / everyday) * pool.length))];
    const t = i < specials.length ? specials[i] : pickEveryday(rng);
    const { comment, lines } = t({ rng, date, seq: out.length + 1 });
    const m: SynMadde = { date, comment, kind: 'olagan', lines };
    books.post(m);
    out.push(m);
  }
  if (s.closing) out.push(...closingMaddeler(books, last));
  for (const m of out) {
    m.cols = { enteredBy: rng.pick(USERS) };
    if (s.everyElement) {
      m.cols.batchID = s.branch ?? 'MRK';
      m.cols.batchDescription = s.branch ? (o.branchName ?? `Şube ${s.branch}`) : 'Merkez muhasebe';
    }
  }
  return out;
}
