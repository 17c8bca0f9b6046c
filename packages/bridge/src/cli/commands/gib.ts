/**
 * `edefter gib send|status|download` — GİB'e Gönder and Onaylı Beratı İndir from the command line
 * (issue 6). Every call to GİB is signed with the mali mühür on the token; the PIN comes from
 * `--pin-stdin` (first line of stdin), a terminal prompt, or EDEFTER_PIN (cli/pin-input.ts);
 * `--pin-pad` logs in on the reader's keypad.
 *
 *   edefter gib send --vkn 6090408038 --period 202501 --root out/ [--wait] --pin-stdin
 *   edefter gib status --vkn 6090408038 --period 202501 --pin-stdin
 *   edefter gib download --vkn 6090408038 --period 202501 [--wait] --pin-stdin
 *
 * Endpoint and behaviour: config.json › gib (gib/settings.ts) or EDEFTER_GIB_* variables.
 */
import type { Command } from 'commander';
import { PACKAGE_STATE_LABELS, type PackageKind } from '@edefter/domain';
import { obtainPin } from '../pin-input.ts';
import { CLI_ACTOR, describeCertificate } from '../../workflow/actor.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { listPackages } from '../../workflow/package-store.ts';
import { formatStatusTable } from '../../workflow/table.ts';
import { createGibSession } from '../../gib/session.ts';
import { sendMonth, type GibProgress } from '../../gib/send.ts';
import { downloadMonthFlow } from '../../flows/gib.ts';
import type { RawSigner } from '../../xades/signer.ts';

/** Token options shared by the gib subcommands. */
interface SignerOpts {
  token?: string;
  cert?: string;
  pinStdin?: boolean;
  pinPad?: boolean;
}

/** Opens the mali mühür signer on the token (PIN: --pin-stdin, a terminal prompt, or EDEFTER_PIN; none with --pin-pad). */
async function openTokenSigner(o: SignerOpts): Promise<RawSigner & { close(): Promise<void> }> {
  const token = await import('../../token/index.ts');
  const label = o.token ?? process.env.EDEFTER_TOKEN_LABEL;
  const pin = o.pinPad ? null : await obtainPin({ pinStdin: o.pinStdin, tokenLabel: label ?? 'Token' });
  return token.openSigner({ tokenLabel: label, certId: o.cert, pin });
}

function progress(json: boolean): (p: GibProgress) => void {
  let lastPct = -1;
  return (p) => {
    if (json || p.phase === 'status') return; // every poll asks GİB; the 'wait' line says what is pending
    if (p.phase === 'upload' && p.total) {
      const pct = Math.floor(((p.bytes ?? 0) * 100) / p.total);
      if (pct === lastPct || (pct % 25 !== 0 && pct !== 100)) return;
      lastPct = pct;
      process.stderr.write(`[gib] ${p.message} %${pct}\n`);
      return;
    }
    process.stderr.write(`[gib] ${p.message}\n`);
  };
}

function signerOptions(c: Command): Command {
  return c
    .option('--token <label>', 'token etiketi / token label')
    .option('--cert <id>', 'sertifika CKA_ID (hex) veya rsa|ec / certificate id')
    .option('--pin-stdin', 'PIN standart girdiden / read the PIN from stdin')
    .option('--pin-pad', 'PIN kart okuyucunun tuş takımından / PIN on the reader keypad');
}

async function withSession<T>(
  o: SignerOpts,
  json: boolean,
  fn: (s: Awaited<ReturnType<typeof createGibSession>>, store: WorkflowStore, actorCert: string) => Promise<T>,
): Promise<T> {
  const signer = await openTokenSigner(o);
  const store = WorkflowStore.open();
  try {
    const session = await createGibSession(signer);
    if (!json) process.stderr.write(`[gib] GİB web servisi: ${session.client.endpoint}\n`);
    return await fn(session, store, describeCertificate(signer.certificate));
  } finally {
    store.close();
    await signer.close();
    const { shutdownTokenWorker } = await import('../../token/index.ts');
    await shutdownTokenWorker();
  }
}

/** Registers `edefter gib …`. */
export function registerGib(program: Command): void {
  const gib = program.command('gib').description("GİB'e Gönder, durum sorgula, onaylı beratı indir / send to GİB, query, download approved berats");

  signerOptions(gib.command('send'))
    .description("ayın paketlerini GİB'e gönder (Y+YB, KB, DR; gib.sendEnvanter açıksa E+EB) / upload the month's packages")
    .requiredOption('--vkn <vkn>', 'VKN/TCKN')
    .requiredOption('--period <YYYYMM>', 'dönem / period')
    .option('--root <dir>', 'defter kök klasörü / ledger root (<root>/<VKN>/<mali dönem>/<MM>/)', '.')
    .option('--folder <dir>', 'ay klasörü (doğrudan) / the month folder itself')
    .option('--kinds <list>', 'yalnız bu paketler: YB,KB,DR,EB / only these package kinds')
    .option('--wait', 'GİB işleyene kadar bekle ve onaylı beratları indir / wait for GİB and download')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: SignerOpts & { vkn: string; period: string; root: string; folder?: string; kinds?: string; wait?: boolean; json?: boolean }) => {
      await withSession(o, !!o.json, async (s, store, cert) => {
        const ctx = { store, client: s.client, actor: { ...CLI_ACTOR, certificate: cert }, onProgress: progress(!!o.json) };
        const kinds = o.kinds ? (o.kinds.split(',').map((k) => k.trim().toUpperCase()) as PackageKind[]) : undefined;
        const sent = await sendMonth(ctx, { vkn: o.vkn, period: o.period, root: o.root, folder: o.folder, kinds, sendEnvanter: s.settings.sendEnvanter });
        let downloaded;
        if (o.wait && !sent.some((r) => r.result === 'failed')) {
          downloaded = await downloadMonthFlow(ctx, {
            vkn: o.vkn,
            period: o.period,
            wait: true,
            pollIntervalMs: s.settings.pollIntervalMs,
            maxWaitMs: s.settings.maxWaitMs,
            trustedCerts: s.trustedCerts,
            gibPackage: s.settings.gibPackage,
          });
        }
        if (o.json) process.stdout.write(JSON.stringify({ sent, downloaded }, null, 2) + '\n');
        else {
          for (const r of sent) process.stdout.write(`${r.paketId}: ${r.result === 'failed' ? 'HATA — ' : ''}${r.message}\n`);
          for (const r of downloaded ?? []) process.stdout.write(`${r.paketId}: ${PACKAGE_STATE_LABELS[r.state].tr} — ${r.message}\n`);
        }
        if (sent.some((r) => r.result === 'failed') || (downloaded ?? []).some((r) => r.error)) process.exitCode = 1;
      });
    });

  signerOptions(gib.command('status'))
    .description("paketlerin GİB'deki durumunu sorgula / query GİB for the packages' status")
    .requiredOption('--vkn <vkn>', 'VKN/TCKN')
    .requiredOption('--period <YYYYMM>', 'dönem / period')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: SignerOpts & { vkn: string; period: string; json?: boolean }) => {
      await withSession(o, !!o.json, async (s, store) => {
        const out = [];
        for (const p of listPackages(store, { vkn: o.vkn, period: o.period })) {
          const st = await s.client.getBatchStatus(p.name);
          out.push({ paketId: p.name, local: p.state, gib: st });
          if (!o.json) process.stdout.write(`${p.name}: ${st.length ? st.map((x) => `${x.code} ${x.text}`).join('; ') : 'GİB’de bulunamadı (304)'}\n`);
        }
        if (o.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      });
    });

  signerOptions(gib.command('download'))
    .description('onaylı beratları indir, doğrula ve kaydet / download, check and store the approved berats')
    .requiredOption('--vkn <vkn>', 'VKN/TCKN')
    .requiredOption('--period <YYYYMM>', 'dönem / period')
    .option('--wait', 'GİB işleyene kadar bekle / wait until GİB has processed everything')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: SignerOpts & { vkn: string; period: string; wait?: boolean; json?: boolean }) => {
      await withSession(o, !!o.json, async (s, store, cert) => {
        const ctx = { store, client: s.client, actor: { ...CLI_ACTOR, certificate: cert }, onProgress: progress(!!o.json) };
        const res = await downloadMonthFlow(ctx, {
          vkn: o.vkn,
          period: o.period,
          wait: o.wait,
          pollIntervalMs: s.settings.pollIntervalMs,
          maxWaitMs: s.settings.maxWaitMs,
          trustedCerts: s.trustedCerts,
          gibPackage: s.settings.gibPackage,
        });
        if (o.json) process.stdout.write(JSON.stringify(res, null, 2) + '\n');
        else {
          for (const r of res) process.stdout.write(`${r.paketId}: ${PACKAGE_STATE_LABELS[r.state].tr} — ${r.message}\n`);
          process.stdout.write('\n' + formatStatusTable(store.listLedgers({ vkn: o.vkn, period: o.period }), []) + '\n');
        }
        if (res.some((r) => r.error)) process.exitCode = 1;
      });
    });
}
