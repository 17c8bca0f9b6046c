/**
 * The hook csv-rows.ts calls once per export source, before any row: which delimiter, whether the
 * rows come from csv-parse or from an Excel workbook, how the header maps onto canonical columns
 * (auto-detected profile or `--format`), and the per-row conventions of that profile.
 */
import type { Readable } from 'node:stream';
import type { DecimalMode } from '../amount.ts';
import type { ExportSource } from '../export-source.ts';
import { detectProfile, sniffDelimiter, profileByName } from './detect.ts';
import { openAsUtf8, readHeadLine, type Utf16 } from './head-line.ts';
import { IMPORT_FORMATS, type ImportFormat, type ProfileName } from './profile.ts';
import { prepareHeader, type ImportCompany, type RowFields } from './row-prep.ts';
import { xlsxRecords } from './xlsx-records.ts';
import { fail } from '@edefter/protocol';

/** Import options carried by csv-rows.ts's CsvOptions (and so by build/month options). */
export interface ImportOptions {
  /** `--format`: force a profile (default: detected from the header). `xlsx` only says the source is a workbook. */
  format?: ImportFormat;
  /** company.json facts for the profiles' checks (TaxNumber = VKN, şube numbers). */
  company?: ImportCompany;
  /** `--decimal` as given. */
  decimal?: DecimalMode;
  /** Receives one line per source naming the profile and the columns read but not written. */
  onNotice?: (tr: string, en: string) => void;
  /** Inflated-size limit of a workbook (`--max-zip-bytes`; default 8 GiB). */
  maxWorkbookBytes?: number;
}

/** What csv-rows.ts needs for one source. */
export interface ImportPlan {
  /** Delimiter for csv-parse (text sources). */
  delimiter: string;
  /** Records `{ record, info: { lines } }` replacing csv-parse (workbooks); null for text. */
  records: Readable | null;
  /** Opens the text bytes for csv-parse (UTF-16 text comes transcoded to UTF-8). */
  open(): Promise<Readable>;
  /**
   * Maps the header record onto canonical names (see PreparedHeader.names) and arms {@link prepare}.
   * @throws EdefterError(BAD_INPUT) for a profile's missing required columns or a doubly filled column
   */
  header(cells: string[], line: number): string[];
  /** Applies the profile's conventions and checks to one row (null until header(), or when none). */
  prepare: ((row: RowFields) => void) | null;
  /** Header cells the profile reads itself and never writes (ERP keys, checked numbers): csv-rows.ts passes them to indexHeader as ignored. Set by header(). */
  consumed: string[];
  /** The profile the header matched (set by header()). */
  format: ProfileName | null;
  /** Header cells read but not written because no XBRL-GL element holds them (ERP keys; set by header()). */
  notWritten: string[];
}

/** True when a source is an Excel workbook. */
function isWorkbook(src: ExportSource): boolean {
  return src.kind === 'xlsx' || /\.xlsx$/i.test(src.name);
}

/** Checks a `--format` value. @throws EdefterError(BAD_INPUT) naming the known formats */
export function parseFormat(v: string | undefined): ImportFormat | undefined {
  if (v === undefined || v === '' || v === 'auto') return undefined;
  if ((IMPORT_FORMATS as readonly string[]).includes(v)) return v as ImportFormat;
  throw fail('ledger.unknownFormat', { value: v, formats: IMPORT_FORMATS });
}

/**
 * Plans the reading of one source (see {@link ImportPlan}).
 * @param delimiter `--delimiter` as given (undefined: from the header)
 */
export async function planImport(src: ExportSource, opts: ImportOptions & { delimiter?: string }): Promise<ImportPlan> {
  const forced: ProfileName | undefined = opts.format && opts.format !== 'xlsx' ? opts.format : undefined;
  const workbook = isWorkbook(src);
  const container = workbook ? 'xlsx' : /\.txt$/i.test(src.name) ? 'txt' : 'csv';
  let delimiter = opts.delimiter;
  let utf16: Utf16 = null;
  if (!workbook) {
    const head = await readHeadLine(src);
    utf16 = head.utf16;
    delimiter ??= sniffDelimiter(head.line) ?? (forced ? profileByName(forced).delimiter : container === 'txt' ? '\t' : ';');
  }
  const plan: ImportPlan = {
    delimiter: delimiter ?? ';',
    records: null,
    open: () => (utf16 ? openAsUtf8(src, utf16) : src.open()),
    prepare: null,
    consumed: [],
    format: null,
    notWritten: [],
    header(cells, line) {
      const match = detectProfile(cells, { file: src.name, line, delimiter: plan.delimiter, container, ...(forced ? { forced } : {}) });
      const ph = prepareHeader(match, { file: src.name, line, company: opts.company, decimal: opts.decimal, typedNumbers: workbook });
      plan.prepare = ph.prepare;
      plan.consumed = match.cells.filter((c) => c.role && !c.to).map((c) => c.header);
      plan.format = match.profile.name;
      plan.notWritten = ph.notWritten;
      if (opts.onNotice) {
        const wb = workbook ? ' (Excel)' : '';
        const tr = [`${src.name}: biçim ${match.profile.name}${wb} (${forced ? '--format ile' : 'başlıktan algılandı'})`];
        const en = [`${src.name}: format ${match.profile.name}${wb} (${forced ? 'forced with --format' : 'detected from the header'})`];
        if (ph.notWritten.length) {
          tr.push(`XBRL-GL karşılığı olmadığından yazılmayan sütunlar: ${ph.notWritten.join(', ')}`);
          en.push(`columns not written (no XBRL-GL element): ${ph.notWritten.join(', ')}`);
        }
        if (ph.checked.length) {
          tr.push(`yalnızca denetlenen sütunlar: ${ph.checked.join(', ')}`);
          en.push(`columns only checked: ${ph.checked.join(', ')}`);
        }
        opts.onNotice(tr.join('; '), en.join('; '));
      }
      return ph.names;
    },
  };
  if (workbook) plan.records = xlsxRecords(src, opts.maxWorkbookBytes);
  return plan;
}

const noticesSeen = new WeakMap<object, Set<string>>();

/**
 * The import options of a build (`--format`, company.json's VKN and şube, notices through the
 * build's `warn`, each notice once per build even though the export is read more than once).
 */
export function importOptionsOf(o: {
  format?: ImportFormat;
  company: ImportCompany;
  warn?: (tr: string, en: string) => void;
  zipLimits?: { maxUncompressedBytes?: number };
}): ImportOptions {
  let seen = noticesSeen.get(o);
  if (!seen) {
    seen = new Set();
    noticesSeen.set(o, seen);
  }
  const s = seen;
  return {
    ...(o.format ? { format: o.format } : {}),
    ...(o.zipLimits?.maxUncompressedBytes ? { maxWorkbookBytes: o.zipLimits.maxUncompressedBytes } : {}),
    company: { vkn: o.company.vkn, ...(o.company.branch ? { branch: o.company.branch } : {}) },
    ...(o.warn
      ? {
          onNotice: (tr: string, en: string) => {
            if (!s.has(tr)) {
              s.add(tr);
              o.warn!(tr, en);
            }
          },
        }
      : {}),
  };
}
