/**
 * Round trip of small sign requests: page (page API) → content script → extension service
 * worker → `edefter bridge` (wss) → SoftHSM2 token → back to the page. Prints p50/p95 of the
 * page-side round trip, the bridge's own time per request (token-list + session-open +
 * session-sign, from its log), the overhead (difference), and the raw token
 * signing time (openSigner().sign on SignedInfo-sized data, same token, this process).
 *
 * Consent is skipped through the extension's test hook (`testHooks.autoApprove`), which the bench
 * sets explicitly and which only works while the bridge runs in test mode
 * (EDEFTER_BRIDGE_TEST_MODE=1, demo token only). Not a test: prints figures, asserts nothing.
 * Pairing goes through the native-messaging host as in the e2e tests (harness `pair()`: host
 * manifest in the Chromium profile, `edefter native-host` wrapper with the stack's environment),
 * with no terminal input.
 *
 *   node scripts/run.mjs tsx bench/roundtrip.ts [--n 100]
 */
import fs from 'node:fs';
import path from 'node:path';
import { allowSites, pair, repoRoot, setPort, startStack } from '../test/e2e/harness.ts';

const argN = process.argv.indexOf('--n');
const N = argN > 0 ? Number(process.argv[argN + 1]) : 100;
const WARMUP = 5;
const PIN = '123456';

function pct(xs: number[], p: number): number {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))];
}
const f1 = (x: number): string => x.toFixed(1);

const s = await startStack({ testMode: true });
try {
  await setPort(s);
  await allowSites(s, [s.portal.origin]);
  await pair(s);
  await s.worker.evaluate(
    (pin) =>
      (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({
        testHooks: { autoApprove: { pin: [...pin].map((c) => c.charCodeAt(0)) } },
      }),
    PIN,
  );
  const page = await s.context.newPage();
  await page.goto(`${s.portal.origin}/`);
  await page.locator('body[data-ready="1"]').waitFor();
  const xml = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'), 'utf8');
  const logStart = s.bridge.output().length;

  const times = await page.evaluate(
    async ({ xml, n }) => {
      const { edefter } = (
        window as unknown as { edefterPortal: { edefter: { signDocuments(d: unknown[], o?: unknown): Promise<Array<{ bytes: Uint8Array }>> } } }
      ).edefterPortal;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const [r] = await edefter.signDocuments([{ name: '6090408038-202610-Y-000000.xml', kind: 'yevmiye', bytes: xml }]);
        out.push(performance.now() - t0);
        if (!r || r.bytes.length < xml.length) throw new Error('bad result');
      }
      return out;
    },
    { xml, n: N + WARMUP },
  );

  // bridge-side time per page request, from its request log lines (session-close ends each group)
  const lines = s.bridge
    .output()
    .slice(logStart)
    .split('\n')
    .filter((l) => l.includes('İstek / request'));
  const perRequest: number[] = [];
  const signMs: number[] = [];
  const openMs: number[] = [];
  let acc = 0;
  for (const l of lines) {
    const ms = Number(/ ms=([\d.]+)/.exec(l)?.[1] ?? 0);
    // session-close runs after the page already has its result: not on the critical path
    if (!l.includes('action=session-close')) acc += ms;
    if (l.includes('action=session-sign')) signMs.push(ms);
    if (l.includes('action=session-open')) openMs.push(ms);
    if (l.includes('action=session-close')) {
      perRequest.push(acc);
      acc = 0;
    }
  }
  const rt = times.slice(WARMUP);
  const bridge = perRequest.slice(WARMUP);
  const overhead = rt.map((t, i) => t - (bridge[i] ?? 0));

  // the service worker's own view of each request (ms per phase)
  const phases = (
    await s.worker.evaluate(() => (globalThis as unknown as { edefter: { recentTimings: Array<Record<string, number>> } }).edefter.recentTimings)
  ).slice(-N);
  const phaseNames = [...new Set(phases.flatMap((p) => Object.keys(p)))];
  const swTotal = phases.map((p) => Object.values(p).reduce((a, b) => a + b, 0));

  // raw token signing time in this process (same isolated token)
  process.env.SOFTHSM2_CONF = s.token.softhsmConf;
  const { openSigner, shutdownTokenWorker } = await import('../packages/bridge/src/token/index.ts');
  const signer = await openSigner({ tokenLabel: s.token.label, certId: '01', pin: Buffer.from(PIN) });
  const data = Buffer.alloc(700, 0x41); // about the size of a canonical SignedInfo
  const raw: number[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const t0 = performance.now();
    await signer.sign(data);
    raw.push(performance.now() - t0);
  }
  await signer.close();
  await shutdownTokenWorker();
  const rawT = raw.slice(WARMUP);

  const doc = Buffer.byteLength(xml);
  process.stdout.write(
    [
      `roundtrip bench: ${N} sign requests of a ${(doc / 1024).toFixed(1)} KiB Yevmiye (RSA-2048, SoftHSM2), consent auto-approved (test hook)`,
      `  page round trip        p50 ${f1(pct(rt, 50))} ms   p95 ${f1(pct(rt, 95))} ms   (min ${f1(Math.min(...rt))}, max ${f1(Math.max(...rt))})`,
      `  bridge time / request  p50 ${f1(pct(bridge, 50))} ms   p95 ${f1(pct(bridge, 95))} ms   (token-list + session-open + session-sign; the logout runs after the reply)`,
      `    session-open (login) p50 ${f1(pct(openMs.slice(WARMUP), 50))} ms;  session-sign (XAdES + token) p50 ${f1(pct(signMs.slice(WARMUP), 50))} ms`,
      `  overhead (round trip − bridge)  p50 ${f1(pct(overhead, 50))} ms   p95 ${f1(pct(overhead, 95))} ms   (target p50 ≤ 15 ms)`,
      `  service worker, p50 per phase: ${phaseNames
        .map(
          (n) =>
            `${n} ${f1(
              pct(
                phases.map((p) => p[n] ?? 0),
                50,
              ),
            )}`,
        )
        .join(', ')} (total ${f1(pct(swTotal, 50))} ms)`,
      `  page ⇄ service worker (round trip − worker time)  p50 ${f1(
        pct(
          rt.map((x, i) => x - (swTotal[i] ?? 0)),
          50,
        ),
      )} ms`,
      `  raw token sign (C_Sign, RSA-2048)  p50 ${f1(pct(rawT, 50))} ms   p95 ${f1(pct(rawT, 95))} ms`,
      '',
    ].join('\n'),
  );
} finally {
  await s.close();
}
