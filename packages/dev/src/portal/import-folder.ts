/**
 * "Dosya Sorgula" of the demo portal: the ERP exports found in an import folder (as the seed's FTP
 * folder), each read with the page's CSV options (başlık satırı var mı, ayraç) and described as the
 * seed lists them: Dosya Adı, Dönem, Dönem Başlangıç / Bitiş (GG.AA.YYYY), Boyut, Durum and Hata
 * Açıklaması. Only the first line and the posting dates are read (streamed); nothing is imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** CSV options of the page. */
export interface CsvOptions {
  /** the first line names the columns (default true) */
  header: boolean;
  /** `;` `,` `\t` or `|` (default `;`) */
  delimiter: string;
}

/** One row of the Dosya Sorgula table. */
export interface ImportFileRow {
  name: string;
  /** `YYYY/AA` */
  period?: string;
  /** GG.AA.YYYY */
  start?: string;
  end?: string;
  bytes: number;
  status: 'Aktarılabilir' | 'Hatalı';
  error?: string;
}

const NAME = /^(\d{10,11})-(\d{4})(\d{2})\.(csv|txt)$/i;
const EXTS = /\.(csv|txt)$/i;
/** Column order of the ERP export (docs/erp-export.md) when there is no header line. */
const DEFAULT_COLUMNS = [
  'entryNumber',
  'postingDate',
  'entryComment',
  'accountMainID',
  'accountMainDescription',
  'accountSubID',
  'accountSubDescription',
  'amount',
  'debitCreditCode',
];

const toIso = (d: string): string | undefined => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(d.trim()) ?? undefined;
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(d.trim()) ? d.trim() : undefined;
};
const trDate = (iso: string): string => iso.split('-').reverse().join('.');

/** Splits one CSV line on the delimiter (double quotes group). */
function cells(line: string, d: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (ch === d && !q) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Reads one export's period and dates; errors become the row's Hata Açıklaması. */
async function describe(file: string, o: CsvOptions): Promise<ImportFileRow> {
  const name = path.basename(file);
  const bytes = fs.statSync(file).size;
  const bad = (error: string, extra: Partial<ImportFileRow> = {}): ImportFileRow => ({ name, bytes, status: 'Hatalı', error, ...extra });
  const m = NAME.exec(name);
  if (!m) return bad('Dosya adı VKN-YYYYAA.csv biçiminde değil.');
  const period = `${m[2]}/${m[3]}`;
  if (!bytes) return bad('Dosya boş.', { period });
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let columns: string[] | undefined = o.header ? undefined : DEFAULT_COLUMNS;
  let first: string | undefined;
  let last: string | undefined;
  let outside: string | undefined;
  let n = 0;
  try {
    for await (const raw of rl) {
      const line = raw.replace(/^\uFEFF/, '');
      if (!line.trim()) continue;
      n++;
      const c = cells(line, o.delimiter);
      if (!columns) {
        columns = c.map((x) => x.trim());
        if (!columns.includes('postingDate')) {
          return bad(
            columns.length < 3
              ? `Ayraç "${o.delimiter === '\t' ? 'sekme' : o.delimiter}" bu dosyaya uymuyor.`
              : 'Başlık satırında postingDate sütunu yok (başlık satırı yoksa seçeneği kaldırın).',
            { period },
          );
        }
        continue;
      }
      const iso = toIso(c[columns.indexOf('postingDate')] ?? '');
      if (!iso) return bad(`${n}. satırda tarih okunamadı (GG.AA.YYYY bekleniyor).`, { period });
      if (iso.slice(0, 7) !== `${m[2]}-${m[3]}` && !outside) outside = `${n}. satırdaki ${trDate(iso)} tarihi ${period} dönemi dışında.`;
      if (!first || iso < first) first = iso;
      if (!last || iso > last) last = iso;
    }
  } finally {
    rl.close();
  }
  const dates = first && last ? { start: trDate(first), end: trDate(last) } : {};
  if (!first) return bad('Dosyada madde yok.', { period });
  if (outside) return bad(outside, { period, ...dates });
  return { name, period, ...dates, bytes, status: 'Aktarılabilir' };
}

/**
 * Lists the exports (`*.csv`, `*.txt`) of a folder, newest name first.
 * @returns one row per file; a missing folder gives no rows
 */
export async function listImportFolder(dir: string, o: CsvOptions): Promise<ImportFileRow[]> {
  if (!fs.existsSync(dir)) return [];
  const names = fs
    .readdirSync(dir)
    .filter((f) => EXTS.test(f) && fs.statSync(path.join(dir, f)).isFile())
    .sort()
    .reverse();
  const rows: ImportFileRow[] = [];
  for (const f of names) rows.push(await describe(path.join(dir, f), o));
  return rows;
}
