import { describe, expect, it } from 'vitest';
import {
  AT_GIB_STATES,
  BACKUP_STATUS_CODES,
  BACKUP_STATUS_LABELS,
  LEDGER_STATUS_CODES,
  LEDGER_STATUS_LABELS,
  LEDGER_STATUS_RANK,
  PACKAGE_STATE_CODES,
  PACKAGE_STATE_LABELS,
  canQueryBackupStatus,
  isAtGib,
  isErrorStatus,
  isPendingBackupStatus,
  parseBackupStatus,
  parseLedgerStatus,
  parsePackageState,
} from '../src/index.ts';

const tables = [
  ['ledger', LEDGER_STATUS_CODES, LEDGER_STATUS_LABELS, parseLedgerStatus],
  ['package', PACKAGE_STATE_CODES, PACKAGE_STATE_LABELS, parsePackageState],
  ['backup', BACKUP_STATUS_CODES, BACKUP_STATUS_LABELS, parseBackupStatus],
] as const;

describe('status tables', () => {
  for (const [name, codes, labels, parse] of tables) {
    it(`${name}: every code has a Turkish and an English label, and parses back`, () => {
      expect(Object.keys(labels).sort()).toEqual([...codes].sort());
      for (const c of codes) {
        const l = (labels as Record<string, { tr: string; en: string }>)[c];
        expect(l.tr).toMatch(/\S/);
        expect(l.en).toMatch(/\S/);
        expect(l.tr).not.toBe(l.en);
        expect((parse as (s: string) => string)(c)).toBe(c);
      }
      expect(() => (parse as (s: string) => string)('NOPE')).toThrow(/unknown/);
      expect(() => (parse as (s: string) => string)('toString')).toThrow(/unknown/);
    });
  }

  it('keeps the seed texts', () => {
    expect(LEDGER_STATUS_LABELS.APPROVED_DOWNLOADED.tr).toBe('Onaylı Berat İndirildi');
    expect(BACKUP_STATUS_LABELS.STORED.tr).toBe('Yedeklendi');
    expect(BACKUP_STATUS_LABELS.NOT_SENT.tr).toBe('Entegratöre Gönderilmedi');
    expect(PACKAGE_STATE_LABELS.APPROVED.tr).toBe('Paket Başarıyla İşlendi');
  });

  it('ranks and classifies', () => {
    for (const c of LEDGER_STATUS_CODES) expect(LEDGER_STATUS_RANK[c]).toBeGreaterThanOrEqual(0);
    expect(LEDGER_STATUS_CODES.filter(isErrorStatus)).toEqual([
      'BUILD_FAILED',
      'SIGN_FAILED',
      'BERAT_FAILED',
      'BERAT_SIGN_FAILED',
      'SEND_FAILED',
      'GIB_REJECTED',
      'DOWNLOAD_FAILED',
    ]);
    expect(PACKAGE_STATE_CODES.filter(isAtGib)).toEqual([...AT_GIB_STATES]);
    expect(isAtGib('BUILT')).toBe(false);
    expect(BACKUP_STATUS_CODES.filter(isPendingBackupStatus)).toEqual(['RECEIVED', 'PROCESSED']);
    expect(BACKUP_STATUS_CODES.filter(canQueryBackupStatus)).not.toContain('NOT_SENT');
  });
});
