/** Small display helpers for the consent window and popup. */

/** Human size: bytes → "12,3 KB" / "4,56 MB" (1 KB = 1024 bytes). */
export function formatBytes(n: number, lang: 'tr' | 'en'): string {
  const fmt = (v: number, d: number): string => v.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
  if (n < 1024) return `${fmt(n, 0)} B`;
  if (n < 1024 * 1024) return `${fmt(n / 1024, 1)} KB`;
  return `${fmt(n / 1024 / 1024, 2)} MB`;
}

/** SHA-256 hex in groups of 8 for reading aloud / comparing. */
export function groupHex(hex: string): string {
  return hex.replace(/(.{8})/g, '$1 ').trim();
}

/** ISO date/time → local date (dd.mm.yyyy in Turkish). */
export function formatDate(iso: string | undefined, lang: 'tr' | 'en'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(lang === 'tr' ? 'tr-TR' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** Whole days from now until `iso` (negative when past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / 86_400_000);
}
