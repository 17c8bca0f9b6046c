/**
 * `edefter pairing list | revoke <installId> | revoke --all`: the paired extension installs.
 * While the bridge runs, both go through its local channel (so a revoked install's sockets close
 * at once); when it does not, `<configDir>/pairings.json` is read and edited directly. Revocations
 * are written to the audit log either way. Secrets are never printed.
 */
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { InstallId, fail, type PairingListEntry } from '@edefter/protocol';
import { configDir } from '../../settings/store.ts';
import { PairingStore } from '../../server/pairing-store.ts';
import { isBridgeNotRunning, localRequest } from '../../server/local-channel/client.ts';
import { removePairings } from '../../server/local-channel/handlers.ts';
import { createLog } from '../../server/log.ts';

const say = (s: string): void => {
  process.stdout.write(s + '\n');
};
const quiet = new Writable({
  write(_c, _e, cb) {
    cb();
  },
});

/** The paired installs (through the bridge when it runs, else from the file). */
async function listPairings(): Promise<{ installs: PairingListEntry[]; via: 'bridge' | 'file' }> {
  try {
    const r = await localRequest({ t: 'pairing-list' });
    return { installs: r.installs as PairingListEntry[], via: 'bridge' };
  } catch (e) {
    if (!isBridgeNotRunning(e)) throw e;
  }
  const store = PairingStore.inDir(configDir());
  const installs = (await store.list()).map(([installId, r]) => ({
    installId,
    browser: r.browser,
    extensionOrigin: r.extensionOrigin,
    pairedAt: r.pairedAt,
    ...(r.lastSeenAt ? { lastSeenAt: r.lastSeenAt } : {}),
    allowedOrigins: r.allowedOrigins,
  }));
  return { installs, via: 'file' };
}

/**
 * Revokes one install or all.
 * @returns how many were removed and whether the running bridge did it
 * @throws EdefterError BAD_INPUT for a malformed install id
 */
async function revokePairing(which: { installId: string } | { all: true }): Promise<{ revoked: number; via: 'bridge' | 'file' }> {
  if ('installId' in which && !InstallId.safeParse(which.installId).success) {
    throw fail('cli.installIdInvalid', { installId: which.installId });
  }
  try {
    const r = await localRequest({ t: 'pairing-revoke', ...which } as { t: 'pairing-revoke'; installId: string } | { t: 'pairing-revoke'; all: true });
    return { revoked: Number(r.revoked), via: 'bridge' };
  } catch (e) {
    if (!isBridgeNotRunning(e)) throw e;
  }
  const removed = await removePairings({ store: PairingStore.inDir(configDir()), log: createLog(quiet, quiet) }, which, 'cli');
  return { revoked: removed.length, via: 'file' };
}

/** Registers `edefter pairing list|revoke`. */
export function registerPairing(program: Command): void {
  const cmd = program.command('pairing').description('Eşleşmiş eklentiler / paired extension installs');
  cmd
    .command('list')
    .description('Eşleşmiş kurulumları listele / list paired installs')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { json?: boolean }) => {
      const { installs, via } = await listPairings();
      if (o.json) {
        say(JSON.stringify(installs, null, 2));
        return;
      }
      if (installs.length === 0) {
        say('Eşleşmiş kurulum yok. / No paired installs.');
        return;
      }
      say(`Eşleşmiş kurulumlar / paired installs (${installs.length}, ${via === 'bridge' ? 'köprüden / from the bridge' : 'dosyadan / from the file'}):`);
      for (const i of installs) {
        say(`  ${i.installId}  ${i.browser}  ${i.extensionOrigin}`);
        say(`    eşleşme / paired ${i.pairedAt}${i.lastSeenAt ? `  son bağlantı / last seen ${i.lastSeenAt}` : ''}`);
        say(`    izinli siteler / allowed sites: ${i.allowedOrigins.length ? i.allowedOrigins.join(', ') : '(yok / none)'}`);
      }
    });
  cmd
    .command('revoke [installId]')
    .description('Bir kurulumun (ya da --all ile tümünün) eşleşmesini kaldır / revoke one install (or all with --all)')
    .option('--all', 'tümü / all installs')
    .action(async (installId: string | undefined, o: { all?: boolean }) => {
      if (!o.all && !installId) throw fail('cli.installIdOrAll');
      if (o.all && installId) throw fail('cli.installIdAndAll');
      const { revoked } = await revokePairing(o.all ? { all: true } : { installId: installId! });
      if (revoked === 0) {
        say('Kaldırılacak eşleşme bulunamadı. / No such pairing.');
        process.exitCode = 1;
        return;
      }
      say(`${revoked} eşleşme kaldırıldı; eklenti yeniden eşleşmeli. / ${revoked} pairing(s) revoked; the extension must pair again.`);
    });
}
