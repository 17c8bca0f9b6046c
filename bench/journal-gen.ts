/**
 * Streams a synthetic GİB yevmiye (XBRL-GL journal, spec §1.4) of about `targetBytes` to `path`,
 * for benchmarks: the header of test/fixtures/sample-yevmiye.xml, then balanced entryHeaders with
 * Turkish text until the size is reached. Never holds more than one batch of entries in memory.
 *
 * `messy: true` writes what some ERP exports look like and C14N has to rewrite: attributes out of
 * order, `'` quotes, CRLF line ends, `<a/>` empty elements and character references.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ACCOUNTS: [string, string, string, string][] = [
  ['100', 'KASA', '100.01', 'Merkez TL Kasası'],
  ['102', 'BANKALAR', '102.01', 'Ziraat Bankası Çankırı Cd. Şb.'],
  ['120', 'ALICILAR', '120.01.015', 'Çankaya Gıda Ltd. Şti.'],
  ['153', 'TİCARİ MALLAR', '153.01', 'Zeytinyağı ve Türevleri'],
  ['191', 'İNDİRİLECEK KDV', '191.20', 'İndirilecek KDV %20'],
  ['320', 'SATICILAR', '320.01.007', 'Öztürk Tarım Ürünleri A.Ş.'],
  ['391', 'HESAPLANAN KDV', '391.20', 'Hesaplanan KDV %20'],
  ['600', 'YURT İÇİ SATIŞLAR', '600.01', 'Ticari Mal Satışları'],
  ['770', 'GENEL YÖNETİM GİDERLERİ', '770.05', 'Kira Giderleri'],
];

/** Options of {@link writeJournal}. */
export interface JournalOptions {
  /** Non-canonical layout (see file comment). Default false. */
  messy?: boolean;
}

/**
 * Writes the journal; resolves with the byte size written.
 * @param targetBytes approximate size in bytes (the closing tags are added after the last entry)
 */
export async function writeJournal(file: string, targetBytes: number, opts: JournalOptions = {}): Promise<number> {
  const sample = readFileSync(path.join(root, 'test/fixtures/sample-yevmiye.xml'), 'utf8');
  const head = sample.slice(0, sample.indexOf('      <gl-cor:entryHeader>'));
  const tail = '    </gl-cor:accountingEntries>\n  </xbrli:xbrl>\n</edefter:defter>\n';
  const messy = opts.messy === true;
  const nl = messy ? '\r\n' : '\n';
  const C = 'contextRef="journal_context"';
  const s = (tag: string, v: string) => (messy ? `<${tag} contextRef='journal_context'>${v}</${tag}>` : `<${tag} ${C}>${v}</${tag}>`);
  const amt = (tag: string, v: string) =>
    messy ? `<${tag} unitRef="try" decimals="INF" ${C}>${v}</${tag}>` : `<${tag} ${C} decimals="INF" unitRef="try">${v}</${tag}>`;
  const cnt = (tag: string, v: string) =>
    messy ? `<${tag} unitRef="countable" ${C} decimals="INF">${v}</${tag}>` : `<${tag} ${C} decimals="INF" unitRef="countable">${v}</${tag}>`;
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (str: string) => {
    const b = Buffer.from(messy ? str.replace(/\n/g, nl) : str, 'utf8');
    bytes += b.length;
    if (!out.write(b)) await once(out, 'drain');
  };
  await write(head);
  let entry = 1;
  let line = 1;
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  while (bytes < targetBytes) {
    const parts: string[] = [];
    for (let e = 0; e < 200; e++, entry++) {
      const day = String(1 + (Math.floor(entry / 4000) % 31)).padStart(2, '0');
      const date = `2026-10-${day}`;
      const eno = `YEV-2026-${String(entry).padStart(7, '0')}`;
      const kurus = Math.floor(rnd() * 5_000_000) + 100;
      const amount = (kurus / 100).toFixed(2);
      const a = ACCOUNTS[entry % ACCOUNTS.length];
      const b = ACCOUNTS[(entry * 7 + 3) % ACCOUNTS.length];
      parts.push(
        `      <gl-cor:entryHeader>\n` +
          `        ${s('gl-cor:enteredBy', 'Mehmet Öztürk')}\n` +
          `        ${s('gl-cor:enteredDate', date)}\n` +
          `        ${s('gl-cor:entryNumber', eno)}\n` +
          `        ${s('gl-cor:entryComment', messy ? `Satış &#x26; tahsilat, fiş ${entry}` : `Satış &amp; tahsilat, fiş ${entry}`)}\n` +
          `        ${amt('gl-bus:totalDebit', amount)}\n` +
          `        ${amt('gl-bus:totalCredit', amount)}\n` +
          `        ${cnt('gl-cor:entryNumberCounter', String(entry))}\n`,
      );
      for (const [acc, dc] of [
        [a, 'D'],
        [b, 'C'],
      ] as const) {
        parts.push(
          `        <gl-cor:entryDetail>\n` +
            `          ${s('gl-cor:lineNumber', String(line))}\n` +
            `          ${cnt('gl-cor:lineNumberCounter', String(entry))}\n` +
            `          <gl-cor:account>\n` +
            `            ${s('gl-cor:accountMainID', acc[0])}\n` +
            `            ${s('gl-cor:accountMainDescription', acc[1])}\n` +
            `            <gl-cor:accountSub>\n` +
            `              ${s('gl-cor:accountSubDescription', acc[3])}\n` +
            `              ${s('gl-cor:accountSubID', acc[2])}\n` +
            `            </gl-cor:accountSub>\n` +
            `          </gl-cor:account>\n` +
            `          ${amt('gl-cor:amount', amount)}\n` +
            `          ${s('gl-cor:debitCreditCode', dc)}\n` +
            `          ${s('gl-cor:postingDate', date)}\n` +
            `          ${s('gl-cor:documentType', 'invoice')}\n` +
            `          ${s('gl-cor:documentNumber', `DMO2026${String(entry).padStart(9, '0')}`)}\n` +
            `          ${s('gl-cor:documentReference', eno)}\n` +
            `          ${s('gl-cor:documentDate', date)}\n` +
            (messy
              ? `          <gl-cor:detailComment contextRef="journal_context"/>\n`
              : `          ${s('gl-cor:detailComment', 'Fatura: zeytinyağı, 48 koli')}\n`) +
            `        </gl-cor:entryDetail>\n`,
        );
        line++;
      }
      parts.push(`      </gl-cor:entryHeader>\n`);
    }
    await write(parts.join(''));
  }
  await write(tail);
  out.end();
  await once(out, 'close');
  return bytes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, mb, messy] = process.argv.slice(2);
  const n = await writeJournal(file, Number(mb) * 1e6, { messy: messy === 'messy' });
  console.log(`${file}: ${n} bytes`);
}
