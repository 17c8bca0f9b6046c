/**
 * The runnable examples of docs/page-api.md (docs/examples/*.mjs) and what each must do when it
 * is loaded on the demo portal right after "Dosya Oluştur" (Y, K and the Defter Raporu built,
 * nothing signed yet). One list for both browsers: test/e2e/docs-examples.test.ts (Chromium) and
 * test/e2e-firefox/firefox-month.test.ts (Firefox ESR).
 */
import path from 'node:path';
import { repoRoot } from './harness.ts';

/** The folder of the example modules. */
export const EXAMPLES_DIR = path.join(repoRoot, 'docs', 'examples');

/** One example and its expected outcome. */
export interface DocExample {
  /** file name under docs/examples/ */
  file: string;
  /** how the test answers each consent window it opens: PIN + Onayla, or Reddet */
  answer: 'approve' | 'refuse';
  /** error codes the example may end with (printed as `e-Defter (CODE): …`); empty: it must succeed */
  codes: string[];
  /** a console line starting with this marks success (when `codes` is empty) */
  okLine?: string;
  /** a console line starting with this must appear at least once (e.g. progress) */
  alsoLine?: string;
}

/** Every example, in the order the tests run them (sign first: the later ones find a signed Yevmiye). */
export const DOC_EXAMPLES: DocExample[] = [
  { file: 'status.mjs', answer: 'refuse', codes: [], okLine: 'e-Defter durum:' },
  { file: 'sign.mjs', answer: 'approve', codes: [], okLine: 'İmzalandı:' },
  { file: 'progress.mjs', answer: 'approve', codes: [], okLine: 'İmzalandı:', alsoLine: 'İlerleme:' },
  { file: 'gib-send.mjs', answer: 'refuse', codes: ['BAD_INPUT', 'USER_CANCELLED'] },
  { file: 'download.mjs', answer: 'refuse', codes: ['BAD_INPUT', 'USER_CANCELLED'] },
  { file: 'backup.mjs', answer: 'refuse', codes: ['BAD_INPUT', 'EMPTY_FILE', 'BACKUP_ERROR', 'BACKUP_AUTH_FAILED'] },
  { file: 'month-run.mjs', answer: 'refuse', codes: ['USER_CANCELLED', 'TSA_NOT_CONFIGURED', 'BAD_INPUT'] },
];

/** The error code an example printed (`e-Defter (CODE): …`), if any. */
export function exampleCode(lines: string[]): string | undefined {
  return lines.map((l) => /^e-Defter \(([A-Z_]+)\)/.exec(l)?.[1]).find(Boolean);
}

/**
 * What is wrong with one run of `ex` (empty: it did what the list says).
 * @param lines the page's console lines while the example ran
 * @param pageErrors uncaught errors of the page meanwhile
 */
export function exampleProblems(ex: DocExample, lines: string[], pageErrors: string[]): string[] {
  const out: string[] = [];
  if (pageErrors.length) out.push(`page errors: ${pageErrors.join(' | ')}`);
  const code = exampleCode(lines);
  if (ex.codes.length === 0) {
    if (code) out.push(`ended with ${code}`);
    if (ex.okLine && !lines.some((l) => l.startsWith(ex.okLine!))) out.push(`no line starting "${ex.okLine}"`);
  } else if (!code || !ex.codes.includes(code)) out.push(`ended with ${code ?? 'no code'}, expected one of ${ex.codes.join(', ')}`);
  if (ex.alsoLine && !lines.some((l) => l.startsWith(ex.alsoLine!))) out.push(`no line starting "${ex.alsoLine}"`);
  return out;
}
