/**
 * The constraints of an e-Defter scenario of GİB's plan (GİB-UYK §3.3), checked on the figures read back
 * from the built files: madde range (per part for a split month), main accounts used with sub-accounts,
 * zipped sizes, maddeler with more than 4 main accounts, kapanış/açılış and the numbering restart, the two
 * parts agreeing (periods and numbering), the şube in names and content, every element present, and the
 * zaman damgası on the berats.
 */
import { KEBIR_ELEMENTS, missingElements, YEVMIYE_ELEMENTS } from './elements.ts';
import type { DefterFigures } from './measure.ts';
import type { DefterScenario } from './scenarios.ts';

/**
 * Figures of one part of a built month: `y`/`yb` are the Yevmiye and its berat (for an Envanter scenario:
 * E and EB), `k`/`kb` the Kebir and its berat (absent for Envanter).
 */
export interface PartFigures {
  index: number;
  names: { y: string; k?: string; yb: string; kb?: string };
  figures: { y: DefterFigures; k?: DefterFigures; yb: DefterFigures; kb?: DefterFigures };
  /** Zipped sizes (upload zips), bytes. */
  zipBytes: { y: number; k?: number };
}

/** A failed constraint. */
export interface Failure {
  tr: string;
  en: string;
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const lastDay = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;

/**
 * Checks a built e-Defter scenario.
 * @param extra what the generator wrote: kapanış and açılış maddeler, and whether timestamps are required
 * @returns the failed constraints (empty: the scenario passes)
 */
export function checkDefterScenario(
  s: DefterScenario,
  parts: PartFigures[],
  extra: { requireTimestamp: boolean; closingMaddeler: number; openingMaddeler: number },
): Failure[] {
  const f: Failure[] = [];
  const fail = (tr: string, en: string) => f.push({ tr, en });
  const wantParts = s.splitAt ? 2 : 1;
  if (parts.length !== wantParts) {
    fail(`${wantParts} parça beklenirken ${parts.length}`, `${wantParts} part(s) expected, got ${parts.length}`);
    return f;
  }
  const ranges = s.splitAt ? parts.map((p) => p.figures.y.maddeler) : [parts.reduce((a, p) => a + p.figures.y.maddeler, 0)];
  ranges.forEach((n, i) => {
    if (n < s.minMaddeler || n > s.maxMaddeler)
      fail(
        `${s.splitAt ? `${i + 1}. parça: ` : ''}${n} madde; ${s.minMaddeler}–${s.maxMaddeler} olmalı`,
        `${s.splitAt ? `part ${i + 1}: ` : ''}${n} maddeler; must be ${s.minMaddeler}–${s.maxMaddeler}`,
      );
  });
  for (const p of parts) {
    const tag = parts.length > 1 ? `${p.index}. parça / part ${p.index}: ` : '';
    if (p.figures.y.mainWithSub.size < s.minMainWithSub)
      fail(
        `${tag}alt hesaplı ana hesap sayısı ${p.figures.y.mainWithSub.size} < ${s.minMainWithSub}`,
        `${tag}${p.figures.y.mainWithSub.size} main accounts with sub-accounts < ${s.minMainWithSub}`,
      );
    if (p.figures.y.satirlar !== p.figures.k?.satirlar)
      fail(
        `${tag}yevmiye ${p.figures.y.satirlar} satır, kebir ${p.figures.k?.satirlar} satır`,
        `${tag}Y has ${p.figures.y.satirlar} lines, K ${p.figures.k?.satirlar}`,
      );
    for (const [k, bytes] of [
      ['Y', p.zipBytes.y],
      ['K', p.zipBytes.k ?? 0],
    ] as const) {
      if (bytes > s.maxZipBytes) fail(`${tag}${k} sıkıştırılmış ${bytes} bayt > ${s.maxZipBytes}`, `${tag}${k} zipped ${bytes} bytes > ${s.maxZipBytes}`);
    }
    if (extra.requireTimestamp) {
      for (const [k, fig] of [
        ['YB', p.figures.yb],
        ['KB', p.figures.kb],
      ] as const)
        if (!fig?.timestamped) fail(`${tag}${k} zaman damgasız`, `${tag}${k} has no timestamp`);
    }
    if (s.branch) {
      for (const [k, name] of Object.entries(p.names))
        if (name && !name.endsWith(`-${s.branch}.xml`)) fail(`${name}: dosya adında şube ${s.branch} yok`, `${name}: file name lacks şube ${s.branch} (${k})`);
      for (const [k, fig] of Object.entries(p.figures))
        if (fig && fig.branch !== s.branch)
          fail(
            `${k.toUpperCase()}: içerikteki şube ${fig.branch ?? 'yok'} ≠ ${s.branch}`,
            `${k.toUpperCase()}: şube in content ${fig.branch ?? 'none'} ≠ ${s.branch}`,
          );
    } else {
      for (const [k, fig] of Object.entries(p.figures))
        if (fig?.branch) fail(`${k.toUpperCase()}: şube beklenmiyordu (${fig.branch})`, `${k.toUpperCase()}: unexpected şube ${fig.branch}`);
    }
    if (s.everyElement) {
      const my = missingElements(p.figures.y.elements, YEVMIYE_ELEMENTS),
        mk = missingElements(p.figures.k?.elements ?? new Map(), KEBIR_ELEMENTS);
      if (my.length) fail(`${tag}yevmiyede eksik elemanlar: ${my.join(', ')}`, `${tag}Y lacks elements: ${my.join(', ')}`);
      if (mk.length) fail(`${tag}kebirde eksik elemanlar: ${mk.join(', ')}`, `${tag}K lacks elements: ${mk.join(', ')}`);
    }
  }
  if (s.wideMaddeler && !parts.some((p) => p.figures.y.wideMaddeler > 0)) fail("4'ten fazla ana hesaplı madde yok", 'no madde with more than 4 main accounts');
  if (s.closing && extra.closingMaddeler < 3) fail(`kapanış maddeleri eksik (${extra.closingMaddeler})`, `closing entries missing (${extra.closingMaddeler})`);
  if (s.opening) {
    if (extra.openingMaddeler !== 1) fail('açılış maddesi yok', 'no opening entry');
    const y = parts[0].figures.y;
    if (y.firstEntryCounter !== 1 || y.firstLine !== 1)
      fail(
        `numaralar 1'den başlamıyor (madde ${y.firstEntryCounter}, satır ${y.firstLine})`,
        `numbering does not start at 1 (madde ${y.firstEntryCounter}, line ${y.firstLine})`,
      );
  }
  if (s.splitAt) {
    const [a, b] = parts.map((p) => p.figures.y);
    const first = `${s.year}-${String(s.month).padStart(2, '0')}-01`;
    if (a.periodStart !== first || a.periodEnd !== s.splitAt || b.periodStart !== nextDay(s.splitAt) || b.periodEnd !== lastDay(s.year, s.month)) {
      fail(
        `parça dönemleri uyuşmuyor: ${a.periodStart}…${a.periodEnd}, ${b.periodStart}…${b.periodEnd}`,
        `part periods do not agree: ${a.periodStart}…${a.periodEnd}, ${b.periodStart}…${b.periodEnd}`,
      );
    }
    if (b.firstEntryCounter !== (a.lastEntryCounter ?? 0) + 1 || b.firstLine !== (a.lastLine ?? 0) + 1) {
      fail(
        `2. parçanın numaraları 1. parçanın devamı değil (madde ${b.firstEntryCounter} ≠ ${(a.lastEntryCounter ?? 0) + 1})`,
        `part 2 numbering does not continue part 1`,
      );
    }
    if (!parts[0].names.y.includes('-Y-000001') || !parts[1].names.y.includes('-Y-000002'))
      fail('parça numaraları 000001 ve 000002 olmalı', 'part numbers must be 000001 and 000002');
  }
  return f;
}
