/**
 * `edefter status [--vkn VKN] [--period YYYYMM|YYYY] [--root DIR] [--packages] [--json]`:
 * prints the workflow table like the seed's e-Defter list. With `--root` (and `--vkn`, `--period`)
 * the month folder is read first, so files made by `edefter month` show up.
 */
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../workflow/actor.ts';
import { listPackages } from '../../workflow/package-store.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { syncMonthFromDisk } from '../../workflow/sync.ts';
import { formatStatusTable } from '../../workflow/table.ts';

/** Registers `edefter status`. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('e-Defter listesi: dönem, parça ve durumlar / the e-Defter list with statuses')
    .option('--vkn <vkn>', 'VKN/TCKN')
    .option('--period <period>', 'dönem YYYYMM veya yıl YYYY / period YYYYMM or year YYYY')
    .option('--root <dir>', 'önce bu kök klasördeki ay klasörünü oku / read the month folder under this root first')
    .option('--packages', 'GİB paketlerini de göster / also list the GİB packages')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { vkn?: string; period?: string; root?: string; packages?: boolean; json?: boolean }) => {
      const store = WorkflowStore.open();
      try {
        if (o.root && o.vkn && o.period && /^\d{6}$/.test(o.period)) {
          await syncMonthFromDisk(store, { vkn: o.vkn, period: o.period, root: o.root, actor: CLI_ACTOR });
        }
        const ledgers = store.listLedgers({ vkn: o.vkn, period: o.period });
        const pk = listPackages(store, { vkn: o.vkn, period: o.period && o.period.length === 6 ? o.period : undefined }).filter(
          (p) => !o.period || p.period.startsWith(o.period),
        );
        if (o.json) process.stdout.write(JSON.stringify({ ledgers, packages: pk }, null, 2) + '\n');
        else process.stdout.write(formatStatusTable(ledgers, pk, { packages: o.packages }) + '\n');
      } finally {
        store.close();
      }
    });
}
