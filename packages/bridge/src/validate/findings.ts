/**
 * Findings of the validation layers, in one shape for the CLI, the bridge and tests:
 * which file, which yevmiye madde (entryNumberCounter) and line (lineNumber), which field, and
 * the message in Turkish and English.
 */

/** Validation layer: a = our own streaming checks, b = GİB XSD (own streaming validator), c = GİB schematron. */
export type Layer = 'a' | 'b' | 'c';

/** One problem found in a file. */
export interface Finding {
  layer: Layer;
  /** File name (base name). */
  file: string;
  /** Stable short code, e.g. `UNBALANCED`, `LINE_GAP` (layer a), `XSD`, or GİB's rule id `edefter_yevmiye:17` (layer c). */
  code: string;
  tr: string;
  en: string;
  /** Line in the XML file, when known. */
  xmlLine?: number;
  /** Column (1-based, UTF-16 code units) of the element's `<` on that line, when known. */
  column?: number;
  /** entryNumberCounter (madde no) of the enclosing entryHeader, or the kebir account. */
  entry?: string;
  /** lineNumber of the enclosing entryDetail. */
  line?: string;
  /** Element or field name, e.g. `gl-cor:amount`. */
  field?: string;
}

/** Collects findings up to a cap (the count keeps going). */
export class FindingList {
  readonly items: Finding[] = [];
  count = 0;
  constructor(
    readonly file: string,
    readonly layer: Layer = 'a',
    readonly max = 500,
  ) {}
  add(code: string, tr: string, en: string, where: Omit<Finding, 'layer' | 'file' | 'code' | 'tr' | 'en'> = {}): void {
    this.count++;
    if (this.items.length < this.max) this.items.push({ layer: this.layer, file: this.file, code, tr, en, ...where });
  }
}

/** One-line rendering: `[c edefter_yevmiye:74] dosya.xml:123:7 madde 5 satır 12 gl-cor:amount: mesaj`. */
export function formatFinding(f: Finding, lang: 'tr' | 'en' = 'tr'): string {
  const where = [f.xmlLine ? `${f.file}:${f.xmlLine}${f.column ? `:${f.column}` : ''}` : f.file];
  if (f.entry) where.push(lang === 'tr' ? `madde ${f.entry}` : `entry ${f.entry}`);
  if (f.line) where.push(lang === 'tr' ? `satır ${f.line}` : `line ${f.line}`);
  if (f.field) where.push(f.field);
  // GİB rule ids (`edefter_yevmiye:74`) and our cross-file ids (`edefter:continuity-entry`) are shown.
  return `[${f.layer}${f.code.includes(':') ? ` ${f.code}` : ''}] ${where.join(' ')}: ${lang === 'tr' ? f.tr : f.en}`;
}
