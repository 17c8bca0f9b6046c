/**
 * `edefter backup config | send | status`: Yedekleme from the command line.
 *
 * - `config`: per company "Dosyaları Entegratöre Yedekleyebilir" (--enable/--disable, then user name
 *   and password are mandatory), "e-Defter Otomatik Yedeklensin" (--auto evet|hayir, default hayır),
 *   integrator URL and trusted CAs; `--test` checks the credentials with the integrator. The password
 *   is read without echo or from stdin and goes to the credential store, never to config.json.
 * - `send`: Yedekleme › Gönder of one month part (çapraz doğrulama first).
 * - `status`: the Yedekleme Durumu table; with `--period` also Yedekleme › Durum Sorgula.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { BACKUP_STATUS_LABELS, type MonthPartKey } from '@edefter/domain';
import { configPath } from '../../settings/store.ts';
import type { Notice } from '../../config/secrets.ts';
import { IntegratorClient } from '../../backup/client.ts';
import { queryBackupStatus, sendBackup, type BackupContext } from '../../backup/service.ts';
import { getCompanyBackupSettings, loadIntegratorConfig, setCompanyBackupSettings, type CompanyBackupView } from '../../backup/settings.ts';
import { auditBackupSettings } from '../../backup/settings-audit.ts';
import { BackupStore, type BackupRow } from '../../backup/store.ts';
import { backupContext } from '../../flows/backup.ts';
import { readCertificates } from '../../tsa/settings.ts';
import { CLI_ACTOR } from '../../workflow/actor.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { findMonthFolder, syncMonthFromDisk } from '../../workflow/sync.ts';
import { renderTable } from '../../workflow/table.ts';
import { readSecret } from '../pin-input.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const warn = (n: Notice): void => {
  process.stderr.write(`UYARI: ${n.tr}\nWARNING: ${n.en}\n`);
};

function yesNo(v: string): boolean {
  const s = v.toLocaleLowerCase('tr');
  if (['evet', 'e', 'yes', 'y', 'true', '1', 'açık', 'on'].includes(s)) return true;
  if (['hayır', 'hayir', 'h', 'no', 'n', 'false', '0', 'kapalı', 'off'].includes(s)) return false;
  throw fail('cli.yesNoExpected', { value: v });
}

/** Text view of a company's settings (no password). */
function formatBackupSettings(v: CompanyBackupView): string {
  return [
    `VKN/TCKN:                                   ${v.vkn}`,
    `Dosyaları Entegratöre Yedekleyebilir:       ${v.enabled ? 'Evet' : 'Hayır'}`,
    `e-Defter Otomatik Yedeklensin:              ${v.autoBackup ? 'Evet' : 'Hayır'}`,
    `Kullanıcı adı / User name:                  ${v.username ?? '-'}`,
    `Şifre / Password:                           ${v.hasPassword ? 'kayıtlı / stored' : 'YOK / MISSING'}`,
    `Entegratör adresi / Integrator URL:         ${v.url ?? '-'}`,
  ].join('\n');
}

/** The Yedekleme Durumu table of backup rows. */
function formatBackupTable(rows: BackupRow[]): string {
  if (!rows.length) return 'Yedekleme kaydı yok. / No backup records.';
  return renderTable(
    ['VKN/TCKN', 'Dönem', 'Parça', 'Yedekleme Durumu', 'Gönderim', 'Son Gönderim', 'Açıklama'],
    rows.map((r) => [
      r.vkn,
      `${r.period.slice(4)}/${r.period.slice(0, 4)}`,
      r.part + (r.branch ? `-${r.branch}` : ''),
      BACKUP_STATUS_LABELS[r.status].tr + (r.sending ? ' (gönderim yarım kaldı)' : ''),
      String(r.sends),
      r.sentAt ?? '-',
      r.error ? `HATA: ${r.error.tr}` : (r.message ?? '-'),
    ]),
  );
}

const refOf = (o: MonthPartKey) => ({ vkn: o.vkn, period: o.period, part: o.part, ...(o.branch ? { branch: o.branch } : {}) });

async function trust(files?: string[]): Promise<Buffer[] | undefined> {
  if (!files?.length) return undefined;
  const out: Buffer[] = [];
  for (const f of files) out.push(...(await readCertificates(path.resolve(f))));
  return out;
}

/** Registers `edefter backup`. */
export function registerBackup(program: Command): void {
  const backup = program.command('backup').description('Yedekleme: dosyaları entegratöre yedekle / back up the month files to the integrator');

  backup
    .command('config')
    .description('yedekleme ayarları / backup settings')
    .requiredOption('--vkn <vkn>', 'VKN/TCKN')
    .option('--enable', 'Dosyaları Entegratöre Yedekleyebilir = Evet')
    .option('--disable', 'Dosyaları Entegratöre Yedekleyebilir = Hayır')
    .option('--auto <evet|hayir>', 'e-Defter Otomatik Yedeklensin')
    .option('--user <name>', 'entegratör kullanıcı adı / integrator user name')
    .option('--password', 'şifreyi sor / ask for the password')
    .option('--password-stdin', 'şifreyi stdin’den oku / read the password from stdin')
    .option('--url <url>', 'entegratör adresi / integrator base URL')
    .option('--trust <file...>', 'entegratör TLS için güvenilen CA (PEM/DER) / CA files trusted for the integrator TLS')
    .option('--test', 'kimlik bilgilerini entegratörde dene / check the credentials with the integrator')
    .option('--json', 'JSON çıktı / JSON output')
    .action(
      async (o: {
        vkn: string;
        enable?: boolean;
        disable?: boolean;
        auto?: string;
        user?: string;
        password?: boolean;
        passwordStdin?: boolean;
        url?: string;
        trust?: string[];
        test?: boolean;
        json?: boolean;
      }) => {
        if (o.enable && o.disable) throw fail('cli.enableAndDisable');
        const password =
          o.passwordStdin || o.password
            ? await readSecret({ fromStdin: Boolean(o.passwordStdin), prompt: 'Entegratör şifresi / Integrator password: ' })
            : undefined;
        const changing = o.enable || o.disable || o.auto !== undefined || o.user !== undefined || password !== undefined || o.url !== undefined || o.trust;
        let view = await getCompanyBackupSettings(o.vkn);
        if (changing) {
          const r = await setCompanyBackupSettings(
            o.vkn,
            {
              ...(o.enable ? { enabled: true } : o.disable ? { enabled: false } : {}),
              ...(o.auto !== undefined ? { autoBackup: yesNo(o.auto) } : {}),
              ...(o.user !== undefined ? { username: o.user } : {}),
              ...(password !== undefined ? { password } : {}),
              ...(o.url !== undefined ? { url: o.url } : {}),
            },
            o.trust ? { trustList: o.trust.map((f) => path.resolve(f)) } : {},
          );
          if (r.warning) warn(r.warning);
          auditBackupSettings(view, r.settings, Boolean(password), 'cli', (e) =>
            warn({ tr: `Denetim kaydı yazılamadı: ${String(e)}`, en: `Audit log write failed: ${String(e)}` }),
          );
          view = r.settings;
        }
        if (o.json) say(JSON.stringify(view, null, 2));
        else {
          say(formatBackupSettings(view));
          if (changing) say(`Kaydedildi / Saved: ${configPath()}`);
        }
        if (o.test) {
          const cfg = await loadIntegratorConfig(o.vkn);
          const who = await new IntegratorClient(cfg).checkCredentials();
          say(`Entegratör bağlantısı tamam, kullanıcı ${who.user}. / Integrator connection OK, user ${who.user}.`);
        }
      },
    );

  const withRef = (c: Command): Command =>
    c
      .requiredOption('--vkn <vkn>', 'VKN/TCKN')
      .option('--part <part>', 'parça numarası / part number', '000000')
      .option('--branch <code>', 'şube kodu / branch code');

  withRef(backup.command('send').description('Yedekleme › Gönder'))
    .requiredOption('--period <YYYYMM>', 'dönem / period')
    .option('--dir <monthDir>', 'ay klasörü / month folder')
    .option('--root <root>', 'defter kök klasörü (<root>/<VKN>/<mali dönem>/<MM>) / ledger root folder')
    .option('--trust <file...>', 'imza doğrulaması için güvenilen kök sertifikalar / trust anchors for the signature checks')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: MonthPartKey & { dir?: string; root?: string; trust?: string[]; json?: boolean }) => {
      const wf = WorkflowStore.open();
      try {
        let monthDir = o.dir && path.resolve(o.dir);
        if (!monthDir && o.root) {
          monthDir = findMonthFolder(path.resolve(o.root), o.vkn, o.period);
          await syncMonthFromDisk(wf, { vkn: o.vkn, period: o.period, root: path.resolve(o.root), actor: CLI_ACTOR });
        }
        const anchors = await trust(o.trust);
        const ctx: BackupContext = backupContext(wf, CLI_ACTOR, anchors ? { trustedCerts: anchors } : {});
        let last = -1;
        const r = await sendBackup(ctx, refOf(o), {
          monthDir,
          onProgress: (done, total) => {
            const pct = Math.floor((done / total) * 100);
            if (!o.json && process.stderr.isTTY && pct !== last) process.stderr.write(`\rGönderiliyor / Uploading ${(last = pct)}%`);
          },
        });
        if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
        if (o.json) say(JSON.stringify({ row: r.row, remote: r.remote, crossCheck: r.crossCheck }, null, 2));
        else {
          say(`Çapraz doğrulama tamam (6 dosya). / Cross check passed (6 files).`);
          say(`${r.row.statusText} — entegratör paket no / integrator package id ${r.remote.id}`);
        }
      } finally {
        wf.close();
      }
    });

  withRef(backup.command('status').description('Yedekleme Durumu; --period ile Durum Sorgula / backup status, with --period query the integrator'))
    .option('--period <YYYYMM|YYYY>', 'dönem / period')
    .option('--local', 'entegratöre sorma, yalnızca kayıtlı durumu göster / do not ask the integrator')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: Omit<MonthPartKey, 'period'> & { period?: string; local?: boolean; json?: boolean }) => {
      const wf = WorkflowStore.open();
      try {
        const store = new BackupStore(wf);
        const ctx: BackupContext = { store, actor: CLI_ACTOR };
        if (o.period && /^\d{6}$/.test(o.period) && !o.local) {
          const ref = refOf({ ...o, period: o.period });
          const row = store.get(ref);
          if (row && (row.status !== 'NOT_SENT' || row.sending)) await queryBackupStatus(ctx, ref);
        }
        const rows = store.list({ vkn: o.vkn, period: o.period });
        if (o.json) say(JSON.stringify(rows, null, 2));
        else {
          say(formatBackupTable(rows));
          const done = rows.filter((r) => r.status === 'STORED' && r.message);
          for (const r of done) if (o.period) say(r.message!);
        }
      } finally {
        wf.close();
      }
    });
}
