/**
 * `edefter tsa config | credit | test`: zaman damgası (TSA) settings, Kamu SM kontör balance,
 * and a live check of the configured TSA. The password goes to the credential store
 * (config/secrets.ts), is read without echo or from stdin, and is never printed.
 */
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/log.ts';
import type { TsaSettings } from '../../settings/schema.ts';
import { configPath, loadConfig, updateConfig } from '../../settings/store.ts';
import { deleteSecret, storeSecret, type Notice } from '../../config/secrets.ts';
import { KAMUSM_PRODUCTION_URL, KAMUSM_TEST_URL, queryKamusmCredit } from '../../tsa/kamusm.ts';
import { kamusmSecretName, loadTsaConfig, readCertificates } from '../../tsa/settings.ts';
import { checkTsaReady, type TsaConfig } from '../../tsa/timestamper.ts';
import { readSecret } from '../pin-input.ts';
import path from 'node:path';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function warn(n: Notice): void {
  process.stderr.write(`UYARI: ${n.tr}\nWARNING: ${n.en}\n`);
}

/** Human-readable settings (no secrets). */
function formatTsaSettings(s: TsaSettings | undefined): string {
  if (!s) return 'Zaman damgası yapılandırılmamış. / No timestamp server configured.';
  const lines = [
    `Adres / URL:            ${s.url}`,
    `Tür / Mode:             ${s.mode === 'kamusm' ? 'Kamu SM (identity başlığı / identity header)' : 'RFC 3161'}`,
  ];
  if (s.mode === 'kamusm') {
    lines.push(`Müşteri no / Customer: ${s.customerId ?? '(yok / none)'}`);
    lines.push(`Parola / Password:      ${s.credentialRef ? `kayıtlı (${s.credentialRef.split(':')[0]}) / stored` : 'YOK / MISSING'}`);
  }
  lines.push(`Güvenilen kökler / Trust list: ${s.trustList?.length ? s.trustList.join(', ') : 'YOK / NONE'}`);
  lines.push(`Zaman aşımı / Timeout:  ${s.timeoutMs ?? 15000} ms`);
  return lines.join('\n');
}

async function requireConfig(): Promise<TsaConfig> {
  const cfg = await loadTsaConfig();
  if (!cfg) {
    throw fail('cli.tsaNotConfigured');
  }
  return { ...cfg, onWarning: warn };
}

interface ConfigOpts {
  url?: string;
  mode?: string;
  kamusmTest?: boolean;
  customer?: string;
  password?: boolean;
  passwordStdin?: boolean;
  trust?: string[];
  timeout?: string;
  json?: boolean;
}

async function configAction(o: ConfigOpts): Promise<void> {
  const changing = o.url || o.mode || o.kamusmTest || o.customer || o.password || o.passwordStdin || o.trust || o.timeout;
  if (!changing) {
    const s = (await loadConfig()).tsa;
    say(o.json ? JSON.stringify(s ?? null, null, 2) : formatTsaSettings(s));
    return;
  }
  if (o.mode && o.mode !== 'rfc3161' && o.mode !== 'kamusm') {
    throw fail('cli.tsaModeInvalid', { mode: o.mode });
  }
  const trustList = o.trust?.map((f) => path.resolve(f));
  for (const f of trustList ?? []) await readCertificates(f); // fail now, not at signing time
  let password: string | undefined;
  if (o.passwordStdin || o.password) password = await readSecret({ fromStdin: Boolean(o.passwordStdin), prompt: 'Kamu SM parolası / password: ' });
  if (password !== undefined && !password) throw fail('cli.passwordEmpty');

  let notice: Notice | undefined;
  const cfg = await updateConfig(async (c) => {
    const prev = c.tsa;
    const mode = (o.mode as TsaSettings['mode'] | undefined) ?? (o.kamusmTest || o.customer ? 'kamusm' : (prev?.mode ?? 'rfc3161'));
    const url = o.url ?? (o.kamusmTest ? KAMUSM_TEST_URL : (prev?.url ?? (mode === 'kamusm' ? KAMUSM_PRODUCTION_URL : undefined)));
    if (!url || !/^https?:\/\//i.test(url)) throw fail('cli.tsaUrlRequired');
    const next: TsaSettings = { ...prev, url, mode };
    if (o.customer) {
      if (!/^\d{1,18}$/.test(o.customer)) throw fail('tsa.customerIdNotDigits', { customerId: o.customer });
      next.customerId = o.customer;
    }
    if (password !== undefined) {
      if (!next.customerId) throw fail('cli.tsaPasswordNeedsCustomer');
      if (prev?.credentialRef && prev.customerId !== next.customerId) await deleteSecret(prev.credentialRef).catch(() => undefined);
      const stored = await storeSecret(kamusmSecretName(next.customerId), password);
      next.credentialRef = stored.ref;
      notice = stored.warning;
    }
    if (trustList) next.trustList = trustList;
    if (o.timeout) {
      const ms = Number(o.timeout);
      if (!Number.isInteger(ms) || ms < 100 || ms > 300_000) throw fail('cli.tsaTimeoutRange', { value: String(o.timeout) });
      next.timeoutMs = ms;
    }
    c.tsa = next;
    return c;
  });
  password = undefined;
  tryAppendAudit(
    'settings',
    {
      by: 'cli',
      area: 'tsa',
      url: cfg.tsa?.url,
      mode: cfg.tsa?.mode,
      customerId: cfg.tsa?.customerId,
      changed: Object.entries({
        url: o.url || o.kamusmTest,
        mode: o.mode || o.kamusmTest || o.customer,
        customerId: o.customer,
        password: o.password || o.passwordStdin,
        trustList: o.trust,
        timeoutMs: o.timeout,
      })
        .filter(([, v]) => v)
        .map(([k]) => k),
    },
    (e) => warn({ tr: `Denetim kaydı yazılamadı: ${String(e)}`, en: `Audit log write failed: ${String(e)}` }),
  );
  if (notice) warn(notice);
  say(`Kaydedildi / Saved: ${configPath()}`);
  say(formatTsaSettings(cfg.tsa));
  if (cfg.tsa?.mode === 'kamusm' && !cfg.tsa.credentialRef)
    warn({ tr: 'Kamu SM parolası henüz girilmedi (--password).', en: 'No Kamu SM password stored yet (--password).' });
  if (!cfg.tsa?.trustList?.length)
    warn({ tr: 'Güvenilen kök sertifika yok; damgalar reddedilecek (--trust).', en: 'No trusted root; every token will be refused (--trust).' });
}

/** Registers `edefter tsa config|credit|test`. */
export function registerTsa(program: Command): void {
  const tsa = program.command('tsa').description('Zaman damgası sunucusu (timestamp server: RFC 3161 / Kamu SM)');
  tsa
    .command('config')
    .description('Zaman damgası ayarlarını gösterir / değiştirir (shows / changes the TSA settings)')
    .option('--url <url>', 'TSA adresi / URL (Kamu SM: http://zd.kamusm.gov.tr)')
    .option('--mode <mode>', 'rfc3161 | kamusm')
    .option('--kamusm-test', `Kamu SM test sunucusu / test server (${KAMUSM_TEST_URL})`)
    .option('--customer <no>', 'Kamu SM müşteri numarası / customer number')
    .option('--password', 'Kamu SM parolasını sor (gizli) / prompt for the password (hidden)')
    .option('--password-stdin', 'Parolayı standart girdiden oku / read the password from stdin')
    .option('--trust <files...>', 'Güvenilen kök sertifikalar (PEM/DER) / trusted root certificates')
    .option('--timeout <ms>', 'İstek zaman aşımı / request timeout (ms)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(configAction);
  tsa
    .command('credit')
    .description('Kamu SM kalan kontörü gösterir (remaining Kamu SM credit)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { json?: boolean }) => {
      const cfg = await requireConfig();
      if (cfg.mode !== 'kamusm') throw fail('cli.creditOnlyKamusm');
      const c = await queryKamusmCredit(cfg);
      say(o.json ? JSON.stringify(c) : `Kalan kontör / Remaining credit: ${c.remaining} (müşteri / customer ${c.customerId})`);
    });
  tsa
    .command('test')
    .description('Sunucuyu dener: Kamu SM için kontör sorgusu (ücretsiz), RFC 3161 için deneme damgası (checks the TSA)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { json?: boolean }) => {
      const cfg = await requireConfig();
      const r = await checkTsaReady(cfg);
      if (o.json) return say(JSON.stringify({ ok: true, ...r, genTime: r.genTime?.toISOString() }));
      say(`Zaman damgası sunucusu çalışıyor / Timestamp server OK: ${cfg.url}`);
      if (r.credit !== undefined) say(`Kalan kontör / Remaining credit: ${r.credit}`);
      if (r.genTime) say(`Damga zamanı / Time: ${r.genTime.toISOString()}  TSA: ${r.tsa}`);
    });
}
