/**
 * Benchmark: a 1,000,000-line month from the ERP CSV to signed and validated Y, K, YB, KB (and DR)
 * in GİB's folder layout — the whole `edefter month` flow (flows/build-month.ts) with layer (a) on
 * every file; layers b (GİB XSD) and c (GİB schematron) on a sample (the berats and the DR, plus the
 * first Y part through xmllint --stream when --xsd-part is given). Prints wall time per phase and
 * RSS (sampled every 250 ms) so flat memory is visible. No assertions: figures only.
 *
 *   node scripts/run.mjs tsx bench/month.ts [--lines 1000000] [--token] [--xsd-part] [--keep]
 *
 * The CSV is generated once into var/bench/ (not timed). Signing uses the SoftHSM2 demo token with
 * --token, else a software RSA key with a TEST certificate (the card only signs SignedInfo anyway).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../packages/dev/src/pki/demo-identity.ts';
import { issueWithNewKey, maliMuhurSubject } from '../packages/dev/src/pki/demo-pki.ts';
import { keySigner } from '../packages/bridge/src/xades/index.ts';
import { checkCompanyProfile } from '../packages/bridge/src/ledger/company.ts';
import { runMonth, type MonthProgress } from '../packages/bridge/src/flows/build-month.ts';
import { gibPackageAt, validateFiles } from '../packages/bridge/src/validate/index.ts';
import { validateXsd } from '../packages/bridge/src/validate/xsd.ts';
import { writeMonthCsv } from '../packages/dev/src/fixtures/generate-month.ts';

const arg = (k: string) => process.argv.includes(k);
const val = (k: string, d: string) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
const LINES = Number(val('--lines', '1000000'));
const dir = path.join(repoRoot, 'var', 'bench');
fs.mkdirSync(dir, { recursive: true });
const MB = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;

let peak = 0;
let phasePeak = 0;
let heapPeak = 0;
const samples: number[] = [];
const timer = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); phasePeak = Math.max(phasePeak, m.rss); heapPeak = Math.max(heapPeak, m.heapUsed); samples.push(m.rss); }, 250);
timer.unref();

async function main() {
  // ~2.72 lines per madde in the generator.
  const entries = Math.round(LINES / 2.68);
  const csv = path.join(dir, `6090408038-202601-${LINES}.csv`);
  if (!fs.existsSync(csv)) {
    const t = Date.now();
    const n = await writeMonthCsv(csv, { year: 2026, month: 1, entries, seed: 42 });
    console.log(`CSV üretildi / generated: ${n.toLocaleString('tr-TR')} satır, ${MB(fs.statSync(csv).size)}, ${((Date.now() - t) / 1000).toFixed(1)} s (süreye dahil değil / not timed)`);
  }
  const company = checkCompanyProfile(JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/company.json'), 'utf8'))).profile!;
  const gib = gibPackageAt(path.resolve(repoRoot, '..', 'shared', 'gib'));
  let signer;
  let close = async () => {};
  if (arg('--token')) {
    const { openSigner, shutdownTokenWorker } = await import('../packages/bridge/src/token/index.ts');
    const s = await openSigner({ tokenLabel: 'DEMO MALI MUHUR', pin: Buffer.from('123456') });
    signer = s;
    close = async () => { await s.close(); await shutdownTokenWorker(); };
  } else {
    const c = await issueWithNewKey({ keyType: 'rsa', subject: maliMuhurSubject(company.vkn, company.title), keyUsage: ['digitalSignature', 'nonRepudiation'] });
    signer = keySigner(c.privateKey, c.der);
  }
  const out = path.join(dir, 'out');
  fs.rmSync(out, { recursive: true, force: true });
  const phases: { step: string; t: number; rss: number; cpu: number; peakBefore: number }[] = [];
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const cpu0 = cpuMs();
  let cur = '';
  const t0 = Date.now();
  const onProgress = (p: MonthProgress) => {
    if (p.step !== cur) { cur = p.step; phases.push({ step: p.step, t: Date.now(), rss: process.memoryUsage().rss, cpu: cpuMs(), peakBefore: phasePeak }); phasePeak = 0; process.stderr.write(`  [${((Date.now() - t0) / 1000).toFixed(1)} s] ${p.step}: ${p.tr}\n`); }
  };
  const r = await runMonth({
    exportPath: csv, company, outRoot: out, creationDate: '2026-11-20', signer, gib,
    draftLayers: [], finalLayers: ['a'], onProgress,
  });
  const total = Date.now() - t0;
  phases.push({ step: 'end', t: Date.now(), rss: process.memoryUsage().rss, cpu: cpuMs(), peakBefore: phasePeak });
  await close();
  console.log(`\nAy / month: ${r.build.entries.toLocaleString('tr-TR')} madde, ${r.build.lines.toLocaleString('tr-TR')} satır, ${r.build.parts.length} parça`);
  for (const f of r.files) console.log(`  ${f.name.padEnd(34)} ${MB(f.bytes).padStart(10)}`);
  console.log(`Toplam / total (CSV → imzalı ve a katmanında doğrulanmış Y, K, YB, KB, DR): ${(total / 1000).toFixed(1)} s duvar / wall, ${((phases.at(-1)!.cpu - cpu0) / 1000).toFixed(1)} s CPU (tüm iş parçacıkları / all threads); yük / load avg ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const merged = new Map<string, { wall: number; cpu: number; rss: number; peak: number }>();
  for (let i = 0; i + 1 < phases.length; i++) {
    const m = merged.get(phases[i].step) ?? { wall: 0, cpu: 0, rss: phases[i].rss, peak: 0 };
    m.wall += phases[i + 1].t - phases[i].t; m.cpu += phases[i + 1].cpu - phases[i].cpu; m.peak = Math.max(m.peak, phases[i + 1].peakBefore); merged.set(phases[i].step, m);
  }
  for (const [k, m] of merged) console.log(`  ${k.padEnd(16)} ${(m.wall / 1000).toFixed(1).padStart(6)} s wall ${(m.cpu / 1000).toFixed(1).padStart(6)} s CPU   RSS start ${MB(m.rss)}, peak ${MB(m.peak)}`);
  console.log(`JS heap peak: ${MB(heapPeak)}`);
  console.log(`Tepe RSS / peak RSS: ${MB(Math.max(peak, process.resourceUsage().maxRSS * 1024))} (örnekler / samples: min ${MB(Math.min(...samples))}, medyan ${MB(samples.sort((a, b) => a - b)[samples.length >> 1] ?? 0)})`);
  // Layers b and c on a sample: the berats and the DR (and optionally the first Y part with xmllint --stream).
  const sample = r.files.filter((f) => f.kind !== 'Y' && f.kind !== 'K').map((f) => f.path);
  const t1 = Date.now();
  const reps = await validateFiles(sample, { gib, layers: ['b', 'c'], requireSignature: true });
  console.log(`b+c örnek / sample (${reps.length} berat/DR): ${reps.every((x) => x.ok) ? 'geçti / pass' : 'HATA / FAIL'} in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  if (arg('--xsd-part') && gib) {
    const y = r.files.find((f) => f.kind === 'Y')!;
    const t2 = Date.now();
    const res = await validateXsd([y.path], gib);
    console.log(`b (xmllint --stream) ${y.name} ${MB(y.bytes)}: ${res.get(y.path)!.length ? 'HATA' : 'geçti'} in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  }
  if (!arg('--keep')) fs.rmSync(out, { recursive: true, force: true });
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
