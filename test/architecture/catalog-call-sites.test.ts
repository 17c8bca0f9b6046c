/**
 * Error catalog call sites (issue 11 item 4): the bridge areas gib, backup, ledger, validate, workflow and
 * compliance build user-facing errors only through the catalog (`fail(key, params)`), never with an inline
 * Turkish/English pair.
 *
 * - no `new EdefterError(` and no `protocolError(` in those folders (comments and docstrings are skipped);
 * - a field problem shared by the Yevmiye and the Envanter parsers renders one text, with the place first and
 *   "Hiçbir dosya yazılmadı." last, and its facts travel as details;
 * - a GİB web service code gets its wire code and `retriable` from the catalog, and the retry loop's
 *   `details.transient` agrees with `retriable`.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { GIB_SERVICE_CODES, fail } from '../../packages/protocol/src/index.ts';
import { gibCodeError, isTransient } from '../../packages/bridge/src/gib/errors.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
/** Bridge folders whose errors come from the catalog areas gib, backup, ledger, validate, workflow, compliance. */
const AREAS = ['gib', 'backup', 'ledger', 'validate', 'workflow', 'compliance'].map((a) => path.join(root, 'packages', 'bridge', 'src', a));

/** Every .ts file under `dir`. */
function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The file's text without block and line comments (so docstrings may name `new EdefterError`). */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

describe('error catalog call sites (gib, backup, ledger, validate, workflow, compliance)', () => {
  it('builds no error from an inline text pair', () => {
    const files = AREAS.flatMap(tsFiles);
    expect(files.length).toBeGreaterThan(50);
    const inline = files.flatMap((f) => (/\bnew EdefterError\(|\bprotocolError\(/.test(code(f)) ? [path.relative(root, f)] : []));
    expect(inline).toEqual([]);
  });

  it('renders a field problem shared by Yevmiye and Envanter parsing once, place first, facts as details', () => {
    const at = { where: 'a.csv:3:4 (accountMainID)', file: 'a.csv', line: 3, column: 4 };
    const e = fail('ledger.fieldInvalid', { ...at, problem: 'accountMainLength', facts: { value: '12' } });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.key).toBe('ledger.fieldInvalid');
    expect(e.retriable).toBe(false);
    expect(e.tr).toBe("a.csv:3:4 (accountMainID): ana hesap kodu 3 veya 4 karakter olmalı ('12'). Hiçbir dosya yazılmadı.");
    expect(e.en).toBe("a.csv:3:4 (accountMainID): accountMainID must have 3 or 4 characters ('12'). Nothing was written.");
    expect(e.details).toMatchObject({ file: 'a.csv', line: 3, column: 4, problem: 'accountMainLength', facts: { value: '12' } });
  });

  it('takes the wire code and retriable of a GİB web service code from the catalog', () => {
    expect(Object.keys(GIB_SERVICE_CODES).length).toBe(21);
    const db = gibCodeError(110, 'sendDocumentFile', '110 veritabanı');
    expect(db).toMatchObject({ code: 'GIB_UNAVAILABLE', key: 'gib.serviceUnavailable', retriable: true });
    expect(db.tr).toBe('GİB 110: GİB veritabanı hatası (gönderim). (GİB: 110 veritabanı)');
    const name = gibCodeError(108, 'sendDocumentFile');
    expect(name).toMatchObject({ code: 'GIB_ERROR', key: 'gib.serviceFault', retriable: false });
    for (const c of Object.keys(GIB_SERVICE_CODES).map(Number)) {
      const e = gibCodeError(c, 'x');
      expect(isTransient(e), String(c)).toBe(e.retriable);
    }
    expect(gibCodeError(999, 'x')).toMatchObject({ code: 'GIB_ERROR', key: 'gib.serviceUnknownCode', retriable: false });
  });
});
