/**
 * VKN / TCKN check digits (ledger/tax-id.ts) and where they are enforced: company.json and documents
 * to be signed (documents/inspect.ts refuses a bad number before any consent window).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertTaxId, isValidTckn, isValidVkn, taxIdProblem } from '../../packages/bridge/src/ledger/tax-id.ts';
import { checkCompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import { inspectDocument } from '../../packages/bridge/src/documents/inspect.ts';

const ROOT = path.resolve(__dirname, '../..');

describe('VKN / TCKN check digits', () => {
  it('accepts known-good numbers', () => {
    // the demo VKN and published company VKNs; TCKN 10000000146 is the usual valid test number
    for (const v of ['6090408038', '4540536920', '1750051846']) expect(isValidVkn(v), v).toBe(true);
    for (const t of ['10000000146']) expect(isValidTckn(t), t).toBe(true);
    expect(taxIdProblem('6090408038')).toBeNull();
    expect(taxIdProblem('10000000146')).toBeNull();
  });
  it('refuses a changed digit, wrong lengths, a TCKN starting with 0', () => {
    expect(isValidVkn('6090408039')).toBe(false);
    expect(isValidVkn('6090408138')).toBe(false);
    expect(isValidTckn('10000000147')).toBe(false);
    expect(isValidTckn('10000000156')).toBe(false);
    expect(isValidTckn('01000000146')).toBe(false);
    expect(isValidVkn('609040803')).toBe(false);
    expect(taxIdProblem('6090408039')?.en).toMatch(/VKN 6090408039 is invalid: the check digit/);
    expect(taxIdProblem('10000000147')?.tr).toMatch(/TCKN 10000000147 geçersiz/);
    expect(taxIdProblem('12AB')?.en).toMatch(/neither a 10-digit VKN nor an 11-digit TCKN/);
    expect(() => assertTaxId('6090408039', 'x.csv:2:5 (taxNumber)')).toThrow(/x\.csv:2:5 \(taxNumber\): VKN 6090408039 geçersiz/);
  });
  it('every single-digit change of the demo VKN is caught', () => {
    const v = '6090408038';
    let caught = 0,
      total = 0;
    for (let i = 0; i < 10; i++)
      for (let d = 0; d < 10; d++) {
        if (String(d) === v[i]) continue;
        total++;
        if (!isValidVkn(v.slice(0, i) + d + v.slice(i + 1))) caught++;
      }
    expect(caught).toBe(total);
  });
});

describe('company.json', () => {
  it('refuses VKN 6090408039 (bad check digit) with a clear error', () => {
    const good = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/company.json'), 'utf8'));
    expect(checkCompanyProfile(good).problems).toEqual([]);
    const { profile, problems } = checkCompanyProfile({ ...good, vkn: '6090408039' });
    expect(profile).toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'vkn',
        tr: expect.stringMatching(/VKN 6090408039 geçersiz: kontrol basamağı/),
        en: expect.stringMatching(/check digit/),
      }),
    ]);
  });
});

describe('documents to be signed', () => {
  it('a document whose xbrli:identifier has a bad check digit is refused before any window', () => {
    const sample = readFileSync(path.join(ROOT, 'test/fixtures/sample-yevmiye.xml'), 'utf8');
    expect(() => inspectDocument(Buffer.from(sample), 'belge.xml')).not.toThrow();
    const bad = sample.replace(/(<xbrli:identifier[^>]*>)6090408038</, '$16090408039<');
    expect(bad).not.toBe(sample);
    let err: unknown;
    try {
      inspectDocument(Buffer.from(bad), 'belge.xml');
    } catch (e) {
      err = e;
    }
    expect((err as { details?: { reason?: string } }).details?.reason).toBe('bad-tax-id');
    expect(String((err as Error).message)).toMatch(/6090408039/);
  });
});
