import { describe, expect, it } from 'vitest';
import {
  DomainError,
  approvedBeratName,
  compareGibNames,
  gibFileName,
  gibNameProblem,
  gibStem,
  packageId,
  packageZipName,
  parseGibName,
  partNumber,
  requireGibName,
  yearMonthOf,
  DOC_KINDS,
  type GibName,
} from '../src/index.ts';

describe('GİB names', () => {
  it('round-trips every kind, with and without şube, through gibFileName → parseGibName', () => {
    for (const type of DOC_KINDS) {
      for (const branch of ['', '0001']) {
        const name = gibFileName({ vkn: '6090408038', period: '202501', type, part: '000002', branch });
        const n = parseGibName(name)!;
        expect(n).toEqual({ vkn: '6090408038', period: '202501', type, part: '000002', branch, approved: false, ext: '.xml' });
        expect(gibFileName(n)).toBe(name);
      }
    }
  });

  it('reads an approved berat, a package zip, a paket ID and a path', () => {
    expect(parseGibName('GIB-6090408038-202501-YB-000000.xml')).toMatchObject({ approved: true, type: 'YB', ext: '.xml' });
    expect(approvedBeratName({ vkn: '6090408038', period: '202501', type: 'KB', part: '000000' })).toBe('GIB-6090408038-202501-KB-000000.xml');
    const zip = packageZipName({ vkn: '12345678901', period: '202412', part: '000001', branch: '0002', kind: 'KB' });
    expect(zip).toBe('12345678901-202412-KB-000001-0002.zip');
    expect(parseGibName(zip)).toMatchObject({ vkn: '12345678901', type: 'KB', branch: '0002', ext: '.zip', approved: false });
    const id = packageId({ vkn: '6090408038', period: '202501', part: '000000', kind: 'DR' });
    expect(parseGibName(id)).toMatchObject({ type: 'DR', ext: '' });
    expect(gibStem(parseGibName(id)!)).toBe(id);
    expect(parseGibName('/a/b/6090408038-202501-Y-000003.xml')).toMatchObject({ type: 'Y', part: '000003' });
    expect(parseGibName('C:\\e\\6090408038-202501-E-000001.xml')).toMatchObject({ type: 'E' });
  });

  it('gives the month and part number', () => {
    const n = parseGibName('6090408038-202507-K-000012.xml')!;
    expect(yearMonthOf(n)).toEqual({ year: 2025, month: 7 });
    expect(partNumber(n)).toBe(12);
  });

  it('refuses bad names with a clear Turkish and English reason', () => {
    const bad: Array<[string, RegExp]> = [
      ['6090408038-202501-Y-000000-0000.xml', /0000/],
      ['6090408038-202513-Y-000000.xml', /biçim/],
      ['609040803-202501-Y-000000.xml', /biçim/],
      ['6090408038-202501-X-000000.xml', /biçim/],
      ['6090408038-202501-Y-00000.xml', /biçim/],
      ['6090408038-202501-Y-000000.txt', /biçim/],
      ['GIB-6090408038-202501-Y-000000.xml', /GIB-/],
      ['', /biçim/],
    ];
    for (const [name, why] of bad) {
      expect(parseGibName(name)).toBeNull();
      const p = gibNameProblem(name)!;
      expect(p.field).toBe('name');
      expect(p.tr).toMatch(why);
      expect(p.tr).toContain('GİB dosya adı değil');
      expect(p.en).toContain('Not a GİB file name');
      let err: unknown;
      try {
        requireGibName(name);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'BAD_INPUT', tr: p.tr, en: p.en, details: { field: 'name' } });
    }
    expect(requireGibName('6090408038-202501-Y-000000.xml').type).toBe('Y');
  });

  it('orders names as a month folder lists them', () => {
    const names = [
      'GIB-1111111111-202501-YB-000000.xml',
      '1111111111-202501-DR-000000.xml',
      '1111111111-202501-YB-000000.xml',
      '1111111111-202501-K-000002.xml',
      '1111111111-202501-K-000001.xml',
      '1111111111-202501-Y-000001.xml',
    ];
    const sorted = names
      .map((n) => parseGibName(n)!)
      .sort(compareGibNames)
      .map((n: GibName) => gibFileName(n));
    expect(sorted).toEqual([
      '1111111111-202501-Y-000001.xml',
      '1111111111-202501-K-000001.xml',
      '1111111111-202501-K-000002.xml',
      '1111111111-202501-YB-000000.xml',
      'GIB-1111111111-202501-YB-000000.xml',
      '1111111111-202501-DR-000000.xml',
    ]);
  });
});
