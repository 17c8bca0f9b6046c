/**
 * `edefter audit list [--period YYYYMM|YYYY] [--type T] [--json]` and `edefter audit verify`: the
 * audit log of the data folder (audit/log.ts), printed in Turkish, and its hash chain checked.
 * `verify` exits 1 naming each removed, inserted or altered record (by record number and line).
 */
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { AUDIT_TYPE_TR, formatAuditList, readAudit } from '../../audit/format.ts';
import { auditPaths, type AuditType } from '../../audit/log.ts';
import { verifyAudit } from '../../audit/verify.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Registers `edefter audit`. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('denetim kaydı: eşleştirme, onay, imza, gönderim / the audit log');

  audit
    .command('list')
    .description('kayıtları Türkçe listele / list the records')
    .option('--period <period>', 'dönem YYYYMM veya yıl YYYY / period YYYYMM or year YYYY')
    .option('--type <type>', `olay türü / event type: ${Object.keys(AUDIT_TYPE_TR).join(', ')}`)
    .option('--json', 'JSON çıktı / JSON output')
    .action((o: { period?: string; type?: string; json?: boolean }) => {
      if (o.period !== undefined && !/^\d{4}(\d{2})?$/.test(o.period)) {
        throw fail('cli.auditPeriodInvalid', { period: o.period });
      }
      if (o.type !== undefined && !Object.hasOwn(AUDIT_TYPE_TR, o.type)) {
        throw fail('cli.auditTypeUnknown', { type: o.type });
      }
      const records = readAudit({ ...(o.period ? { period: o.period } : {}), ...(o.type ? { type: o.type as AuditType } : {}) });
      say(o.json ? JSON.stringify(records, null, 2) : formatAuditList(records));
    });

  audit
    .command('verify')
    .description('kayıt zincirini doğrula / check the hash chain')
    .option('--json', 'JSON çıktı / JSON output')
    .action((o: { json?: boolean }) => {
      const r = verifyAudit();
      if (o.json) say(JSON.stringify(r, null, 2));
      else if (r.ok) say(`Denetim kaydı sağlam: ${r.records} kayıt (son kayıt ${r.lastSeq}). / Audit log intact: ${r.records} records. ${auditPaths().log}`);
      else {
        say(`Denetim kaydı BOZUK / Audit log BROKEN: ${auditPaths().log}`);
        for (const p of r.problems) say(`  ${p.tr}\n  ${p.en}`);
      }
      if (!r.ok) process.exitCode = 1;
    });
}
