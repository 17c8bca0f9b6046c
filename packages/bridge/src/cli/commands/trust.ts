/**
 * `edefter trust install|status|remove`: the bridge's local CA in the browsers' trust stores.
 * Linux: NSS databases via certutil (~/.pki/nssdb for Chromium/Chrome, every Firefox profile).
 * Windows/macOS: prints the steps for the OS store.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { ensureLocalTls } from '../../server/tls/local-ca.ts';
import { configDir } from '../../settings/store.ts';
import { hasCertutil, manualSteps, trustInstall, trustRemove, trustStatus } from '../../server/trust/index.ts';

function needCertutil(): void {
  if (!hasCertutil()) {
    throw fail('cli.certutilMissing');
  }
}

/** Registers `edefter trust`. */
export function registerTrust(program: Command): void {
  const trust = program.command('trust').description("Köprünün yerel CA sertifikasına tarayıcı güveni / browser trust for the bridge's local CA");

  trust
    .command('install')
    .description("CA'yı tarayıcıların güven deposuna ekle / add the CA to the browsers' trust stores")
    .action(async () => {
      const tls = await ensureLocalTls({ dir: path.join(configDir(), 'tls') });
      const steps = manualSteps(process.platform, tls.paths.ca);
      if (steps) {
        process.stdout.write(steps + '\n');
        return;
      }
      needCertutil();
      const res = trustInstall(tls.paths.ca);
      for (const r of res) process.stdout.write(`${r.ok ? 'eklendi / added  ' : 'HATA / FAILED    '} ${r.db.label}${r.error ? ` — ${r.error}` : ''}\n`);
      process.stdout.write(
        `CA: ${tls.paths.ca} (SHA-256 ${tls.caFingerprint})\nTarayıcıyı yeniden başlatın (Firefox için gerekli). / Restart the browser (required for Firefox).\n`,
      );
      if (res.some((r) => !r.ok)) process.exitCode = 1;
    });

  trust
    .command('status')
    .description('CA hangi depolarda güvenilir / where the CA is trusted')
    .action(async () => {
      const tls = await ensureLocalTls({ dir: path.join(configDir(), 'tls') });
      process.stdout.write(`CA: ${tls.paths.ca}\nSHA-256: ${tls.caFingerprint}\nSunucu sertifikası bitişi / server certificate until: ${tls.leafNotAfter}\n`);
      const steps = manualSteps(process.platform, tls.paths.ca);
      if (steps) {
        process.stdout.write(steps + '\n');
        return;
      }
      needCertutil();
      const st = trustStatus(tls.caPem);
      for (const e of st)
        process.stdout.write(
          `${e.current ? 'güvenilir / trusted      ' : e.installed ? 'ESKİ CA / old CA         ' : 'güvenilmiyor / not trusted'}  ${e.db.label}\n`,
        );
      if (!st.some((e) => e.current)) process.exitCode = 1;
    });

  trust
    .command('remove')
    .description("CA'yı güven depolarından kaldır / remove the CA from the trust stores")
    .action(async () => {
      if (process.platform !== 'linux') {
        process.stdout.write(
          'Windows: certutil -user -delstore Root "edefter-bridge"\nmacOS: security delete-certificate -c "edefter-bridge yerel köprü CA"\n',
        );
        return;
      }
      needCertutil();
      for (const r of trustRemove()) process.stdout.write(`${r.removed ? 'kaldırıldı / removed' : 'yoktu / absent     '}  ${r.db.label}\n`);
    });
}
