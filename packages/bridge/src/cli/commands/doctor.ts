/**
 * `edefter doctor [--vkn VKN] [--token LABEL] [--json]`: checks token, certificate expiry (warns
 * 30 days ahead), trust, clock and endpoint reachability before a GİB send (gib/doctor.ts).
 * Exit code 1 when any check is an error.
 */
import type { Command } from 'commander';
import { runDoctor } from '../../gib/doctor.ts';

const MARK = { ok: 'TAMAM', warn: 'UYARI', error: 'HATA ' } as const;

/** Registers `edefter doctor`. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('kart, sertifika, güven, saat ve bağlantı denetimi / token, certificate, trust, clock and endpoint checks')
    .option('--vkn <vkn>', 'yalnız bu VKN/TCKN’nin sertifikaları / only this VKN’s certificates')
    .option('--token <label>', 'token etiketi / token label')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { vkn?: string; token?: string; json?: boolean }) => {
      const checks = await runDoctor({ vkn: o.vkn, tokenLabel: o.token });
      if (o.json) process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
      else {
        for (const c of checks) process.stdout.write(`[${MARK[c.status]}] ${c.area.padEnd(11)} ${c.tr}\n`);
        const errors = checks.filter((c) => c.status === 'error').length;
        const warns = checks.filter((c) => c.status === 'warn').length;
        process.stdout.write(`\n${errors} hata, ${warns} uyarı / ${errors} errors, ${warns} warnings\n`);
      }
      if (checks.some((c) => c.status === 'error')) process.exitCode = 1;
    });
}
