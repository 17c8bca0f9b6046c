/**
 * `edefter audit list`: reading the audit log (log.ts) and printing it in Turkish — one line per
 * record: date and time (Türkiye time), the event in Turkish, then the facts.
 */
import fs from 'node:fs';
import { auditPaths, type AuditRecord, type AuditType } from './log.ts';

/** Every event and its Turkish name. */
export const AUDIT_TYPE_TR: Readonly<Record<AuditType, string>> = Object.freeze({
  pairing: 'Eşleştirme',
  'pairing-revoke': 'Eşleştirme kaldırıldı',
  'pairing-refused': 'Eşleştirme reddedildi',
  allowlist: 'İzinli siteler değişti',
  settings: 'Ayar değişikliği',
  'consent-shown': 'Onay penceresi açıldı',
  'consent-answer': 'Onay penceresi yanıtlandı',
  sign: 'İmza',
  'sign-refused': 'İmza reddedildi',
  'gib-send': "GİB'e gönderim",
  'gib-download': 'Onaylı berat indirme',
  'backup-send': 'Entegratöre yedek gönderimi',
  'month-run': 'Ayı tamamla',
  'export-columns': 'Dışa aktarım sütunu bilerek atıldı / PDF eklendi',
});

/** Turkish names of common facts (others are printed by their own name). */
const FACT_TR: Readonly<Record<string, string>> = Object.freeze({
  origin: 'site',
  action: 'işlem',
  answer: 'yanıt',
  vkn: 'VKN',
  period: 'dönem',
  part: 'parça',
  branch: 'şube',
  file: 'dosya',
  files: 'dosyalar',
  documents: 'belgeler',
  sha256: 'SHA-256',
  kind: 'belge türü',
  certificate: 'sertifika',
  install: 'kurulum',
  browser: 'tarayıcı',
  origins: 'siteler',
  changed: 'değişenler',
  area: 'ayar',
  packages: 'paketler',
  result: 'sonuç',
  reason: 'neden',
  by: 'yapan',
  endpoint: 'adres',
  trigger: 'tetikleyen',
  url: 'adres',
  count: 'adet',
});

/** Turkish words for common fact values. */
const VALUE_TR: Readonly<Record<string, string>> = Object.freeze({
  approve: 'onaylandı',
  'approve-all': 'tümü onaylandı',
  refuse: 'reddedildi',
  closed: 'pencere kapatıldı',
  timeout: 'süre doldu',
  error: 'hata',
  sent: 'gönderildi',
  failed: 'başarısız',
  manual: 'elle',
  auto: 'otomatik',
  cli: 'komut satırı',
  extension: 'eklenti',
  true: 'evet',
  false: 'hayır',
});

/** Filter of {@link readAudit}. */
export interface AuditFilter {
  /** `YYYYMM` or `YYYY`: records whose `period` fact starts with it, or (without one) made in that month / year (Türkiye time) */
  period?: string;
  type?: AuditType;
}

/** Date and time in Türkiye (Europe/Istanbul), `GG.AA.YYYY SS:DD:ss`. */
function formatAuditTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d
    .toLocaleString('tr-TR', {
      timeZone: 'Europe/Istanbul',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    })
    .replace(',', '');
}

/** `YYYYMM` of a time in Türkiye. */
function localMonth(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul', year: 'numeric', month: '2-digit' }).formatToParts(d);
  return `${parts.find((p) => p.type === 'year')?.value ?? ''}${parts.find((p) => p.type === 'month')?.value ?? ''}`;
}

/**
 * Reads the records of the log in `dir` (default: the data folder), unreadable lines skipped
 * (`edefter audit verify` names them).
 * @throws the fs error when the log exists but cannot be read
 */
export function readAudit(filter: AuditFilter = {}, dir?: string): AuditRecord[] {
  let text = '';
  try {
    text = fs.readFileSync(auditPaths(dir).log, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    let r: AuditRecord;
    try {
      r = JSON.parse(line) as AuditRecord;
    } catch {
      continue;
    }
    if (!r || typeof r !== 'object') continue;
    if (filter.type && r.type !== filter.type) continue;
    if (filter.period) {
      const p = typeof r.period === 'string' ? r.period : undefined;
      if (p ? !p.startsWith(filter.period) : !localMonth(String(r.time)).startsWith(filter.period)) continue;
    }
    out.push(r);
  }
  return out;
}

/** A stored string as printable text: control and bidi characters become `\uXXXX` escapes (no forged lines or terminal sequences). */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function value(v: unknown): string {
  if (Array.isArray(v)) return v.map(value).join(' ');
  if (typeof v === 'string') return VALUE_TR[v] ?? printable(v);
  if (typeof v === 'boolean') return VALUE_TR[String(v)];
  return v === null ? '-' : String(v);
}

/** One record as a Turkish line: `06.12.2026 20:34:49  #12 İmza — site: https://…, VKN: …`. */
function formatAuditRecord(r: AuditRecord): string {
  const facts = Object.entries(r)
    .filter(([k]) => k !== 'seq' && k !== 'time' && k !== 'type' && k !== 'prev')
    .map(([k, v]) => `${FACT_TR[k] ?? printable(k)}: ${value(v)}`);
  const name = AUDIT_TYPE_TR[r.type] ?? String(r.type);
  return `${formatAuditTime(String(r.time))}  #${r.seq} ${name}${facts.length ? ` — ${facts.join(', ')}` : ''}`;
}

/** The listing: one line per record, or a note when there are none. */
export function formatAuditList(records: AuditRecord[]): string {
  if (!records.length) return 'Denetim kaydı yok. / No audit records.';
  return records.map(formatAuditRecord).join('\n');
}
