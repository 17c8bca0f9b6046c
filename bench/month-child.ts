/**
 * Child of bench/month.ts (bundled by it for plain Node, workers built beside it): runs the whole
 * `edefter month` flow (flows/build-month.ts) on a CSV with EVERY file fully validated — layers a, b
 * and c on every signed Y and K part, the berats and the DR — and prints one JSON line with the
 * files, the phases (wall, CPU, RSS of this process) and the totals.
 *
 *   node var/bench/month/month-child.mjs <csv> <company.json> <gib dir> <out dir> <key.pem> <cert.pem>
 *
 * Product code only (flows, ledger, validate, xades): the key and TEST certificate come from the parent.
 */
import fs from 'node:fs';
import { checkCompanyProfile } from '../packages/bridge/src/ledger/company.ts';
import type { MonthProgress } from '../packages/bridge/src/flows/build-month.ts';
import { runMonthOnThread } from '../packages/bridge/src/flows/month-thread.ts';
import { gibPackageAt } from '../packages/bridge/src/validate/gib-package.ts';
import { keySigner } from '../packages/bridge/src/xades/key-signer.ts';

const [csv, companyJson, gibDir, out, keyPem, certPem] = process.argv.slice(2);
const company = checkCompanyProfile(JSON.parse(fs.readFileSync(companyJson, 'utf8'))).profile!;
const gib = gibPackageAt(gibDir);
const der = Buffer.from(fs.readFileSync(certPem, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
const signer = keySigner(fs.readFileSync(keyPem, 'utf8'), der);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const phases: { step: string; t: number; cpu: number; rss: number }[] = [];
let cur = '';
const t0 = Date.now();
const cpu0 = cpuMs();
const onProgress = (p: MonthProgress) => {
  if (p.step === cur) return;
  cur = p.step;
  phases.push({ step: p.step, t: Date.now() - t0, cpu: cpuMs() - cpu0, rss: process.memoryUsage().rss });
  process.stderr.write(`  [${((Date.now() - t0) / 1000).toFixed(1)} s] ${p.step}: ${p.tr}\n`);
};
const r = await runMonthOnThread({
  exportPath: csv,
  company,
  outRoot: out,
  creationDate: '2026-11-20',
  signer,
  gib,
  draftLayers: [],
  finalLayers: ['a', 'b', 'c'],
  onProgress,
});
phases.push({ step: 'end', t: Date.now() - t0, cpu: cpuMs() - cpu0, rss: process.memoryUsage().rss });
console.log(
  JSON.stringify({
    entries: r.build.entries,
    lines: r.build.lines,
    parts: r.build.parts.length,
    files: r.files.map((f) => ({ name: f.name, kind: f.kind, bytes: f.bytes })),
    // which layers ran on each signed file (runMonth throws when one fails), with their notes and times
    reports: r.reports.map((x) => ({
      file: x.file,
      ok: x.ok,
      layers: (['a', 'b', 'c'] as const).map(
        (l) => `${l}:${x[l].ran ? 'ran' : 'skipped'}${x[l].ms !== undefined ? ` ${x[l].ms} ms` : ''}${x[l].note ? ` (${x[l].note})` : ''}`,
      ),
    })),
    phases,
    wallMs: Date.now() - t0,
    cpuMs: cpuMs() - cpu0,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }),
);
process.exit(0);
