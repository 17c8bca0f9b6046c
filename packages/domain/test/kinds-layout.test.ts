import { describe, expect, it } from 'vitest';
import {
  BOOKS,
  CANCELLED_DIR,
  DOC_KINDS,
  DOC_KIND_FACTS,
  PAGE_KINDS,
  PAGE_KIND_LABELS,
  VERGI_ACCOUNTS,
  VERGI_ACCOUNT_NAMES,
  assertMonthPart,
  beratOf,
  bookOf,
  defterOf,
  docKindOf,
  docKindOfPage,
  emptyVergi,
  fiscalPeriodOf,
  isBeratKind,
  isDocKind,
  isFirstMonthOfFiscalPeriod,
  isVergiAccount,
  monthFolderPath,
  monthFolderSegments,
  monthPartId,
  monthPartProblem,
  pageKindOf,
  parsePeriod,
  periodOf,
  sameMonthPart,
  DomainError,
} from '../src/index.ts';

describe('document kinds', () => {
  it('maps root + entriesType to one kind and back', () => {
    for (const k of DOC_KINDS) expect(docKindOf(DOC_KIND_FACTS[k].root, DOC_KIND_FACTS[k].entriesType)).toBe(k);
    expect(docKindOf('defter', 'trialbalance')).toBeNull();
    expect(docKindOf('xbrl', 'journal')).toBeNull();
  });
  it('pairs defters and berats, books and page kinds', () => {
    expect(beratOf('Y')).toBe('YB');
    expect(defterOf('EB')).toBe('E');
    expect(DOC_KINDS.filter(isBeratKind)).toEqual(['YB', 'KB', 'EB']);
    expect(DOC_KINDS.map(bookOf)).toEqual(['Y', 'K', 'E', 'Y', 'K', 'E', 'DR']);
    expect([...new Set(DOC_KINDS.map(bookOf))].sort()).toEqual([...BOOKS].sort());
    for (const k of DOC_KINDS) expect(docKindOfPage(pageKindOf(k))).toBe(k);
    expect(new Set(PAGE_KINDS.map(docKindOfPage)).size).toBe(7);
    expect(PAGE_KIND_LABELS.yevmiye).toEqual({ tr: 'Yevmiye', en: 'Journal (Yevmiye)' });
    expect(isDocKind('KB')).toBe(true);
    expect(isDocKind('B')).toBe(false);
  });
  it('labels every kind in Turkish and English', () => {
    for (const k of DOC_KINDS) {
      const f = DOC_KIND_FACTS[k];
      expect(f.tr.length && f.trShort.length && f.en.length).toBeTruthy();
    }
    expect(DOC_KIND_FACTS.K.tr).toBe('Büyük Defter');
    expect(DOC_KIND_FACTS.YB).toEqual({
      root: 'berat',
      entriesType: 'journal',
      context: 'journal_context',
      stylesheet: 'berat.xslt',
      pageKind: 'yevmiye-berati',
      tr: 'Yevmiye Beratı',
      trShort: 'Yevmiye Beratı',
      en: 'Journal berat',
    });
    expect(DOC_KIND_FACTS.E).toMatchObject({ root: 'defter', entriesType: 'assets', context: 'assets_context', stylesheet: 'envanter.xslt' });
    expect(DOC_KIND_FACTS.DR).toMatchObject({ root: 'defterraporu', entriesType: 'trialbalance', context: 'now', stylesheet: 'defterraporu.xslt' });
    expect(Object.isFrozen(DOC_KIND_FACTS.Y)).toBe(true);
  });
});

describe('layout', () => {
  it('builds VKN/HESAP DÖNEMİ/AY for calendar and shifted fiscal years', () => {
    const cal = fiscalPeriodOf({ fiscalYearStart: '01-01' }, { year: 2025, month: 3 });
    expect(cal).toMatchObject({ start: '2025-01-01', end: '2025-12-31', label: '20250101-20251231' });
    expect(monthFolderSegments('6090408038', cal, { year: 2025, month: 3 })).toEqual(['6090408038', '20250101-20251231', '03']);
    const jul = fiscalPeriodOf({ fiscalYearStart: '07-01' }, { year: 2025, month: 2 });
    expect(jul.label).toBe('20240701-20250630');
    expect(monthFolderPath('6090408038', jul, { year: 2025, month: 2 })).toBe('6090408038/20240701-20250630/02');
    expect(isFirstMonthOfFiscalPeriod(jul, { year: 2024, month: 7 })).toBe(true);
    expect(isFirstMonthOfFiscalPeriod(jul, { year: 2025, month: 7 })).toBe(false);
    expect(fiscalPeriodOf({ fiscalYearStart: '03-01' }, { year: 2024, month: 3 }).end).toBe('2025-02-28');
    expect(CANCELLED_DIR).toBe('İPTAL EDİLENLER');
  });
  it('parses and prints periods', () => {
    expect(parsePeriod('202512')).toEqual({ year: 2025, month: 12 });
    expect(parsePeriod('202500')).toBeNull();
    expect(periodOf({ year: 2026, month: 1 })).toBe('202601');
  });
});

describe('month-part key', () => {
  it('accepts good keys and names the bad field', () => {
    expect(monthPartProblem({ vkn: '6090408038', period: '202501', part: '000000' })).toBeNull();
    expect(monthPartProblem({ vkn: '12345678901', period: '202501', part: '000001', branch: '' })).toBeNull();
    expect(monthPartProblem({ vkn: '123', period: '202501', part: '000000' })?.field).toBe('vkn');
    expect(monthPartProblem({ vkn: '6090408038', period: '2025-01', part: '000000' })?.field).toBe('period');
    expect(monthPartProblem({ vkn: '6090408038', period: '202501', part: '1' })?.field).toBe('part');
    const p = monthPartProblem({ vkn: '6090408038', period: '202501', part: '000000', branch: '0000' })!;
    expect(p).toMatchObject({ field: 'branch', tr: 'Geçersiz şube: "0000"', en: 'Invalid branch: "0000"' });
    expect(() => assertMonthPart({ vkn: '6090408038', period: '202501', part: 'x' })).toThrow(DomainError);
  });
  it('compares and prints keys', () => {
    const k = { vkn: '1111111111', period: '202501', part: '000000' };
    expect(sameMonthPart(k, { ...k, branch: '' })).toBe(true);
    expect(sameMonthPart(k, { ...k, branch: '0001' })).toBe(false);
    expect(monthPartId({ vkn: '1111111111', period: '202501', part: '000001', branch: '0002' })).toBe('1111111111-202501-000001-0002');
  });
});

describe('VERGİ accounts', () => {
  it('lists the five accounts with names and empty sums', () => {
    expect(VERGI_ACCOUNTS).toEqual(['391', '191', '600', '601', '602']);
    for (const a of VERGI_ACCOUNTS) expect(VERGI_ACCOUNT_NAMES[a]).toMatch(/^[A-ZÇĞİÖŞÜ ]+$/);
    const s = emptyVergi();
    expect(s['391']).toEqual({ D: 0n, C: 0n });
    expect(emptyVergi()['391']).not.toBe(s['391']);
    expect(isVergiAccount('600')).toBe(true);
    expect(isVergiAccount('100')).toBe(false);
  });
});
