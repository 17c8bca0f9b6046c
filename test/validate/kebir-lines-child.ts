/**
 * Child of test/validate/gib-rules-kebir-memory.test.ts: checks one Kebir with GİB's rules and prints
 * one JSON line {count, ruleIds, ms, baseRss, peakRss, baseHeap, peakHeap} (bytes). Memory is sampled
 * every 20 ms after a warm-up run on `warm` (rules compiled, code loaded), so the peaks are the run's own.
 *
 *   tsx test/validate/kebir-lines-child.ts <gib dir> <warm.xml> <big.xml>
 */
import { checkGibRules } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import { gibPackageAt } from '../../packages/bridge/src/validate/gib-package.ts';

const [gibDir, warm, big] = process.argv.slice(2);
const gib = gibPackageAt(gibDir)!;
await checkGibRules(warm, { gib, kind: 'kebir' });
(globalThis as { gc?: () => void }).gc?.();
const base = process.memoryUsage();
let peakRss = base.rss,
  peakHeap = base.heapUsed;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 20);
const r = await checkGibRules(big, { gib, kind: 'kebir' });
clearInterval(timer);
const m = process.memoryUsage();
peakRss = Math.max(peakRss, m.rss);
peakHeap = Math.max(peakHeap, m.heapUsed);
console.log(
  JSON.stringify({
    count: r.count,
    ruleIds: [...new Set(r.failures.map((f) => f.ruleId))],
    ms: r.ms,
    baseRss: base.rss,
    peakRss,
    baseHeap: base.heapUsed,
    peakHeap,
  }),
);
