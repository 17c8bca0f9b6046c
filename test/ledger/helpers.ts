/**
 * Helpers for the ledger tests: temp folders, the sample company, small generated months, a
 * software mali mühür signer (TEST certificate from the demo CA) and GİB's package from
 * ../shared/gib (never copied into the repository).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';
import { issueWithNewKey, maliMuhurSubject } from '../../packages/dev/src/pki/demo-pki.ts';
import { keySigner, signXmlFile } from '../../packages/bridge/src/xades/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';
import { checkCompanyProfile, type CompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import { buildMonth, type BuildOptions, type BuildResult } from '../../packages/bridge/src/ledger/build.ts';
import { buildBerat } from '../../packages/bridge/src/flows/berat.ts';
import { buildDefterRaporu } from '../../packages/bridge/src/ledger/defter-raporu.ts';
import { gibPackageAt, type GibPackage } from '../../packages/bridge/src/validate/index.ts';
import { writeMonthCsv, type GenOptions } from '../../packages/dev/src/fixtures/generate-month.ts';

export { repoRoot };
/** require() resolving from packages/bridge (its dependencies: iconv-lite, yazl, …). */
export const bridgeRequire = createRequire(path.join(repoRoot, 'packages/bridge/package.json'));
export const FIXTURES = path.join(repoRoot, 'test', 'fixtures');
export const COMPANY_JSON = path.join(FIXTURES, 'company.json');
export const SAMPLE_EXPORT = path.join(FIXTURES, '6090408038-202601.csv');

/** GİB's package from ../shared/gib (tests fail loudly when it is missing). */
export function gib(): GibPackage {
  const p = gibPackageAt(path.resolve(repoRoot, '..', 'shared', 'gib'));
  if (!p) throw new Error('GİB package not found at ../shared/gib');
  return p;
}

/** A new temp folder. */
export function tmpDir(prefix = 'ledger'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `edefter-${prefix}-`));
}

/** The sample company (test/fixtures/company.json). */
export function company(over: Partial<CompanyProfile> = {}): CompanyProfile {
  const { profile } = checkCompanyProfile(JSON.parse(fs.readFileSync(COMPANY_JSON, 'utf8')));
  return { ...profile!, ...over };
}

let signer: Promise<RawSigner> | null = null;
/** A software RawSigner with a TEST mali mühür certificate for VKN 6090408038 (cached per file). */
export function testSigner(): Promise<RawSigner> {
  signer ??= issueWithNewKey({
    keyType: 'rsa',
    subject: maliMuhurSubject('6090408038', 'DEMO TİCARET A.Ş.'),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  }).then((c) => keySigner(c.privateKey, c.der));
  return signer;
}

/** Writes a generated month CSV named `6090408038-YYYYMM.csv` in `dir`. */
export async function monthCsv(dir: string, o: Partial<GenOptions> & { year?: number; month?: number; entries?: number } = {}, name?: string): Promise<string> {
  const year = o.year ?? 2026,
    month = o.month ?? 1;
  const file = path.join(dir, name ?? `6090408038-${year}${String(month).padStart(2, '0')}.csv`);
  await writeMonthCsv(file, { year, month, entries: o.entries ?? 12, ...o });
  return file;
}

/** Builds a month from a generated CSV. */
export async function buildSmall(root: string, o: Partial<GenOptions> & { entries?: number } = {}, build: Partial<BuildOptions> = {}): Promise<BuildResult> {
  const csvDir = tmpDir('csv');
  const exportPath = await monthCsv(csvDir, o);
  return buildMonth({ exportPath, company: company(), outRoot: root, creationDate: '2026-11-20', ...build });
}

/** Signs every part, builds and signs berats and the DR. @returns all file paths */
export async function signAll(b: BuildResult): Promise<{ defters: string[]; berats: string[]; dr: string }> {
  const s = await testSigner();
  const defters = b.parts.flatMap((p) => [p.y.path, p.k.path]);
  for (const f of defters) await signXmlFile({ input: f, output: f, signer: s });
  const berats: string[] = [];
  for (const f of defters) {
    const r = await buildBerat({ defter: f });
    await signXmlFile({ input: r.path, output: r.path, signer: s });
    berats.push(r.path);
  }
  const dr = await buildDefterRaporu({ company: company(), month: b.month, accounts: b.accounts, dir: b.dir, creationDate: b.creationDate });
  await signXmlFile({ input: dr.path, output: dr.path, signer: s });
  return { defters, berats, dr: dr.path };
}

/** Writes empty GİB-approved berat stand-ins (GIB-*.xml) beside every berat of a month folder. */
export function fakeGibApproved(dir: string): void {
  for (const f of fs.readdirSync(dir)) if (/-(YB|KB)-\d{6}\.xml$/.test(f)) fs.copyFileSync(path.join(dir, f), path.join(dir, `GIB-${f}`));
}
