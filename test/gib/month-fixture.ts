/**
 * Builds a signed month with the project's own modules, as `edefter month` does: generated ERP
 * export (packages/dev/src/fixtures/generate-month.ts) → ledger buildMonth (Y, K) → xades signXmlFile →
 * ledger buildBerat (YB, KB) → signXmlFile → buildDefterRaporu (DR) → signXmlFile. Files land in the GİB folder layout under `root`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeMonthCsv } from '../../packages/dev/src/fixtures/generate-month.ts';
import { loadCompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import { buildMonth } from '../../packages/bridge/src/ledger/build.ts';
import { buildBerat } from '../../packages/bridge/src/flows/berat.ts';
import { buildDefterRaporu } from '../../packages/bridge/src/ledger/defter-raporu.ts';
import { signXmlFile } from '../../packages/bridge/src/xades/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** A built and signed month. */
export interface SignedMonth {
  folder: string;
  period: string;
  files: string[];
}

async function signInPlace(file: string, signer: RawSigner): Promise<void> {
  const tmp = `${file}.signed.tmp`;
  await signXmlFile({ input: file, output: tmp, signer });
  fs.renameSync(tmp, file);
}

/**
 * @param o.allowGap skip the previous-period guard (first month in a fresh root)
 * @param o.creationDate documentInfo creationDate (default the day after the month)
 */
export async function makeSignedMonth(o: {
  root: string;
  year: number;
  month: number;
  entries?: number;
  signer: RawSigner;
  allowGap?: boolean;
  seed?: number;
  withDr?: boolean;
}): Promise<SignedMonth> {
  const company = await loadCompanyProfile(path.join(repo, 'test/fixtures/company.json'));
  const mm = String(o.month).padStart(2, '0');
  const csv = path.join(o.root, `${company.vkn}-${o.year}${mm}.csv`);
  fs.mkdirSync(o.root, { recursive: true });
  await writeMonthCsv(csv, { year: o.year, month: o.month, entries: o.entries ?? 12, seed: o.seed ?? o.month });
  const next = o.month === 12 ? `${o.year + 1}-01-01` : `${o.year}-${String(o.month + 1).padStart(2, '0')}-01`;
  const built = await buildMonth({ exportPath: csv, company, outRoot: o.root, allowGap: o.allowGap, creationDate: next });
  fs.rmSync(csv);
  const files: string[] = [];
  for (const p of built.parts) {
    for (const f of [p.y, p.k]) {
      await signInPlace(f.path, o.signer);
      const b = await buildBerat({ defter: f.path });
      await signInPlace(b.path, o.signer);
      files.push(f.path, b.path);
    }
  }
  if (o.withDr !== false) {
    const dr = await buildDefterRaporu({ company, month: built.month, accounts: built.accounts, dir: built.dir, creationDate: built.creationDate });
    await signInPlace(dr.path, o.signer);
    files.push(dr.path);
  }
  return { folder: built.dir, period: `${o.year}${mm}`, files };
}
