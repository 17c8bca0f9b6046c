/**
 * Header matching: which profile a header row belongs to (auto-detected, or forced with `--format`),
 * which canonical column each header cell fills, and which delimiter a text export uses.
 */
import { fail } from '@edefter/protocol';
import { CANONICAL_COLUMNS } from '../csv-rows.ts';
import { REQUIRED_TARGETS, type ColumnRole, type ImportProfile, type ProfileName } from './profile.ts';
import { edefterCsv } from './profiles/edefter-csv.ts';
import { izibiz } from './profiles/izibiz.ts';
import { nilvera } from './profiles/nilvera.ts';
import { turkcell } from './profiles/turkcell.ts';

/** Every header layout, in tie-break order. */
export const PROFILES: readonly ImportProfile[] = [edefterCsv, turkcell, izibiz, nilvera];

/** The profile of a name. */
export function profileByName(name: ProfileName): ImportProfile {
  return PROFILES.find((p) => p.name === name)!;
}

/** One header cell after matching. */
interface MatchedCell {
  /** The cell as written (trimmed, BOM removed). */
  header: string;
  /** Canonical column it fills ('' when none). */
  to: string;
  role?: ColumnRole;
}

/** A header row matched against one profile. */
export interface HeaderMatch {
  profile: ImportProfile;
  cells: MatchedCell[];
  /** Cells that matched the profile or a canonical name. */
  score: number;
  /** Required canonical columns no cell fills, as the profile names them. */
  missing: string[];
}

let canonicalLower: Map<string, string> | null = null;
/** lower-case canonical name → canonical name (built on first use: csv-rows.ts imports this module). */
function canonical(): Map<string, string> {
  canonicalLower ??= new Map(CANONICAL_COLUMNS.map((c) => [c.toLowerCase(), c]));
  return canonicalLower;
}

/** Trims a header cell, drops a BOM and surrounding quotes. */
function cleanHeader(cell: string): string {
  let s = cell.replace(/^\uFEFF/, '').trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).replace(/""/g, '"').trim();
  return s;
}

/** Matches a header row against a profile. */
export function matchProfile(profile: ImportProfile, row: string[]): HeaderMatch {
  const canon = canonical();
  let score = 0;
  const cells = row.map((raw): MatchedCell => {
    const header = cleanHeader(raw);
    let key = header.toLowerCase();
    if (profile.prefixedNames) key = key.replace(/^gl-[a-z]+:/, '');
    const col = profile.columns[key];
    if (col) {
      score++;
      return { header, to: col.to ?? '', ...(col.role ? { role: col.role } : {}) };
    }
    const c = canon.get(key);
    if (c) {
      score++;
      return { header, to: c };
    }
    return { header, to: '' };
  });
  // A madde number on each line (izibiz linenumbercounter) fills entryNumberCounter when nothing else does.
  const lc = cells.find((c) => c.role === 'line-counter');
  if (lc && !cells.some((c) => c.to === 'entryNumberCounter')) {
    lc.to = 'entryNumberCounter';
    delete lc.role;
  }
  const filled = new Set(cells.map((c) => c.to).filter(Boolean));
  const missing = REQUIRED_TARGETS.filter((t) => !filled.has(t)).map((t) => {
    const own = Object.values(profile.columns).find((c) => c.to === t)?.name;
    return own && own !== t ? `${own} (${t})` : t;
  });
  return { profile, cells, score, missing };
}

/** Where the header came from: helps to tell turkcell (txt, tab, prefixed names) from our CSV. */
export interface HeaderContext {
  file: string;
  delimiter?: string;
  container?: 'csv' | 'txt' | 'xlsx';
}

/**
 * Picks the profile of a header row: the forced one, or the complete match with most known cells.
 * @throws EdefterError(BAD_INPUT) `file:1` naming the profile's missing required columns (as the
 *         profile spells them), when the best (or forced) profile lacks any
 */
export function detectProfile(row: string[], ctx: HeaderContext & { forced?: ProfileName; line?: number }): HeaderMatch {
  const line = ctx.line ?? 1;
  let best: HeaderMatch;
  if (ctx.forced) best = matchProfile(profileByName(ctx.forced), row);
  else {
    const all = PROFILES.map((p) => matchProfile(p, row));
    const complete = all.filter((m) => m.missing.length === 0);
    const pool = complete.length ? complete : all;
    best = pool.reduce((a, b) => (b.score > a.score ? b : a));
    if (best.profile.name === 'edefter-csv' || best.profile.name === 'turkcell') {
      const prefixed = best.cells.some((c) => /^gl-[a-z]+:/i.test(c.header));
      const tc = prefixed || ctx.delimiter === '\t' || ctx.container === 'txt';
      best = pool.find((m) => m.profile.name === (tc ? 'turkcell' : 'edefter-csv')) ?? best;
    }
    if (best.score === 0) return matchProfile(edefterCsv, row);
  }
  // Our own layout keeps csv-rows.ts's message for a CSV header (line 1); a workbook's header row is named here.
  if (best.missing.length && (ctx.forced || best.profile.name !== 'edefter-csv' || line !== 1)) {
    const p = best.profile.title;
    throw fail('ledger.importHeaderMissing', { file: ctx.file, line, format: best.profile.name, title: p, missing: best.missing });
  }
  return best;
}

/** Candidate delimiters of text exports, in tie-break order. */
const DELIMITERS = [';', '\t', ',', '|'];

/**
 * Guesses the delimiter from the header line: the candidate whose cells match most known columns
 * of any profile. @returns null when no candidate matches at least three columns
 */
export function sniffDelimiter(headerLine: string): string | null {
  let best: string | null = null,
    bestScore = 2;
  for (const d of DELIMITERS) {
    const cells = headerLine.split(d);
    if (cells.length < 3) continue;
    const score = Math.max(...PROFILES.map((p) => matchProfile(p, cells).score));
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}
