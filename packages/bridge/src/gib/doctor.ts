/**
 * `edefter doctor`: what can stop a GİB send, checked before the user tries (issue 6 §4) —
 * the token (present, PIN not locked), the mali mühür certificate (valid, VKN, expiry warned
 * 30 days ahead), trust (the certificate chains to a trusted CA; GİB's seal trust list is set),
 * the clock (against the GİB endpoint's HTTP Date or NTP; > 30 s is an error), and reachability of
 * the configured endpoints (GİB, TSA, integrator).
 */
import { X509Certificate } from 'node:crypto';
import { httpRequest } from '../net/http.ts';
import { loadConfig } from '../settings/store.ts';
import { checkClock } from './clock.ts';
import { loadGibSettings, loadTrustList } from './settings.ts';
import { certNames, type CertNames } from '../xades/cert.ts';

/** One line of the report. */
export interface DoctorCheck {
  /** token | certificate | trust | clock | endpoint */
  area: string;
  status: 'ok' | 'warn' | 'error';
  tr: string;
  en: string;
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** Only certificates of this VKN/TCKN. */
  vkn?: string;
  tokenLabel?: string;
  /** Days before expiry that warn (default 30). */
  warnDays?: number;
  now?: Date;
  timeoutMs?: number;
}

const DAY = 86_400_000;

/** HEAD request through the one HTTP client (net/http.ts); resolves with the HTTP status (any status means reachable). */
async function probe(url: string, timeoutMs: number): Promise<number> {
  return (await httpRequest({ method: 'HEAD', url, timeoutMs })).status;
}

function collectUrls(v: unknown, out: Set<string>): void {
  if (!v || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string' && /url$/i.test(k) && /^https?:\/\//.test(x)) out.add(x);
    else if (typeof x === 'object') collectUrls(x, out);
  }
}

/** Runs every check; never throws (each failure is a line of the report). */
export async function runDoctor(o: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  const add = (area: string, status: DoctorCheck['status'], tr: string, en: string): void => {
    out.push({ area, status, tr, en });
  };
  const now = (o.now ?? new Date()).getTime();
  const warnDays = o.warnDays ?? 30;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const settings = await loadGibSettings();

  // token and certificates
  let certs: { label: string; subject: string; vkn?: string; tckn?: string; notBefore: string; notAfter: string; der: string }[] = [];
  try {
    const token = await import('../token/index.ts');
    try {
      const tokens = await token.listTokens();
      const chosen = tokens.filter((t) => !o.tokenLabel || t.label === o.tokenLabel);
      if (!chosen.length)
        add(
          'token',
          'error',
          'Mali mühür kartı (token) bulunamadı. Kartı takın, sürücüsünü kurun.',
          'No mali mühür token found. Insert the card and install its driver.',
        );
      for (const t of chosen) {
        if (t.userPinLocked)
          add('token', 'error', `${t.label}: PIN kilitli; kartı veren kuruluşla PUK ile açın.`, `${t.label}: PIN locked; unblock it with the PUK.`);
        else if (t.userPinFinalTry) add('token', 'warn', `${t.label}: PIN için son deneme hakkı kaldı.`, `${t.label}: one PIN try left.`);
        else
          add('token', 'ok', `${t.label} takılı (${t.manufacturer}${t.pinPad ? ', PIN tuş takımlı okuyucu' : ''}).`, `${t.label} present (${t.manufacturer}).`);
      }
      for (const t of chosen) certs.push(...(await token.listCertificates({ tokenLabel: t.label })).map((c) => ({ ...c, label: `${t.label}/${c.label}` })));
    } finally {
      await token.shutdownTokenWorker();
    }
  } catch (e) {
    add(
      'token',
      'error',
      `Kart okunamadı: ${(e as { tr?: string }).tr ?? (e as Error).message}`,
      `The token could not be read: ${(e as { en?: string }).en ?? (e as Error).message}`,
    );
  }
  if (o.vkn) certs = certs.filter((c) => c.vkn === o.vkn || c.tckn === o.vkn);
  if (!certs.length && !out.some((x) => x.area === 'token' && x.status === 'error')) {
    add(
      'certificate',
      'error',
      `Kartta ${o.vkn ? `${o.vkn} için ` : ''}imza sertifikası yok.`,
      `No signing certificate${o.vkn ? ` for ${o.vkn}` : ''} on the token.`,
    );
  }
  const signerTrust = loadTrustListSafe([...settings.signerTrustList, ...settings.trustList]);
  for (const c of certs) {
    const left = Math.floor((Date.parse(c.notAfter) - now) / DAY);
    const who = `${c.label}${c.vkn ? ` (VKN ${c.vkn})` : ''}`;
    if (Date.parse(c.notBefore) > now)
      add('certificate', 'error', `${who}: sertifika henüz geçerli değil (${c.notBefore.slice(0, 10)}).`, `${who}: certificate not yet valid.`);
    else if (left < 0)
      add(
        'certificate',
        'error',
        `${who}: sertifikanın süresi ${c.notAfter.slice(0, 10)} tarihinde dolmuş; yenileyin.`,
        `${who}: certificate expired on ${c.notAfter.slice(0, 10)}; renew it.`,
      );
    else if (left < warnDays)
      add(
        'certificate',
        'warn',
        `${who}: sertifikanın süresi ${left} gün sonra (${c.notAfter.slice(0, 10)}) doluyor; yenileme başvurusu yapın.`,
        `${who}: certificate expires in ${left} days (${c.notAfter.slice(0, 10)}); renew it.`,
      );
    else add('certificate', 'ok', `${who}: geçerli, ${c.notAfter.slice(0, 10)} tarihine kadar.`, `${who}: valid until ${c.notAfter.slice(0, 10)}.`);
    const x = new X509Certificate(Buffer.from(c.der, 'base64'));
    const anchor = signerTrust.map((d) => new X509Certificate(d)).find((a) => x.checkIssued(a) && x.verify(a.publicKey));
    const cn = (n: CertNames, which: 'subject' | 'issuer'): string => (which === 'subject' ? (n.commonName ?? n.subject) : (n.issuerCommonName ?? n.issuer));
    if (anchor) add('trust', 'ok', `${who}: ${cn(certNames(anchor.raw), 'subject')} tarafından verilmiş (güvenilir).`, `${who}: issued by a trusted CA.`);
    else add('trust', 'warn', `${who}: yayıncı (${cn(certNames(x.raw), 'issuer')}) güven listesinde yok.`, `${who}: the issuer is not in the trust list.`);
  }
  if (!settings.trustList.length) {
    add(
      'trust',
      'warn',
      'GİB mühür güven listesi (gib.trustList) ayarlanmamış: onaylı beratlar doğrulanamaz.',
      'The GİB seal trust list (gib.trustList) is not set: approved berats cannot be verified.',
    );
  } else if (!loadTrustListSafe(settings.trustList).length) {
    add(
      'trust',
      'error',
      `GİB mühür güven listesi okunamadı: ${settings.trustList.join(', ')}`,
      `The GİB seal trust list could not be read: ${settings.trustList.join(', ')}`,
    );
  } else {
    add('trust', 'ok', `GİB mühür güven listesi: ${settings.trustList.join(', ')}`, `GİB seal trust list: ${settings.trustList.join(', ')}`);
  }

  // clock
  try {
    const c = await checkClock(settings.clock, settings.endpoint, { maxSkewMs: settings.maxClockSkewMs, timeoutMs, noThrow: true });
    if (!c) add('clock', 'warn', 'Saat denetimi kapalı (gib.clock = off).', 'Clock check is off.');
    else {
      const s = (c.skewMs / 1000).toFixed(1);
      if (!c.ok)
        add(
          'clock',
          'error',
          `Saat farkı ${s} sn (${c.source}); izin verilen ${c.maxSkewMs / 1000} sn. Sistem saatini eşitleyin.`,
          `Clock skew ${s} s (${c.source}); allowed ${c.maxSkewMs / 1000} s. Synchronise the clock.`,
        );
      else
        add(
          'clock',
          Math.abs(c.skewMs) > c.maxSkewMs / 2 ? 'warn' : 'ok',
          `Saat farkı ${s} sn (${c.source}, ±${(c.uncertaintyMs / 1000).toFixed(1)} sn).`,
          `Clock skew ${s} s (${c.source}).`,
        );
    }
  } catch (e) {
    add('clock', 'error', (e as { tr?: string }).tr ?? (e as Error).message, (e as { en?: string }).en ?? (e as Error).message);
  }

  // endpoints
  const urls = new Set<string>();
  if (settings.endpoint) urls.add(settings.endpoint);
  try {
    collectUrls(await loadConfig(), urls);
  } catch {
    /* reported by other commands */
  }
  for (const url of urls) {
    try {
      const st = await probe(url, timeoutMs);
      add('endpoint', st >= 500 ? 'warn' : 'ok', `${url} erişilebilir (HTTP ${st}).`, `${url} reachable (HTTP ${st}).`);
    } catch (e) {
      add('endpoint', 'error', `${url} erişilemiyor: ${(e as Error).message}`, `${url} unreachable: ${(e as Error).message}`);
    }
  }
  return out;
}

function loadTrustListSafe(files: string[]): Buffer[] {
  try {
    return loadTrustList(files.filter(Boolean));
  } catch {
    return [];
  }
}
