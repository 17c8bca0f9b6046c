/**
 * Zaman damgası round trips against the local test TSAs (openssl ts -reply behind node:http):
 * time per request for the plain RFC 3161 and the Kamu SM-compatible mode (identity header,
 * credit check), and the cost of building the identity header alone. Prints figures only.
 *   node scripts/run.mjs tsx bench/tsa.ts [count=30]
 */
import { randomBytes } from 'node:crypto';
import { startTestTsa } from '../packages/simulators/src/tsa/index.ts';
import { buildIdentityHeader, requestTimestamp, queryKamusmCredit, type TsaConfig } from '../packages/bridge/src/tsa/index.ts';

const n = Number(process.argv[2] ?? 30);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms, min ${s[0].toFixed(1)} ms`;
}

async function run(label: string, cfg: TsaConfig, count: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await requestTimestamp(cfg, randomBytes(200));
    times.push(performance.now() - t);
  }
  console.log(`${label}: ${count} timestamps, ${stats(times)}`);
}

const plain = await startTestTsa();
const kamu = await startTestTsa({ kind: 'kamusm', customers: { '1': { password: 'p', credit: n + 10 } } });
try {
  await run('RFC 3161 (openssl test TSA)', { url: plain.url, mode: 'rfc3161', trustedCerts: [plain.caDer] }, n);
  const k: TsaConfig = { url: kamu.url, mode: 'kamusm', customerId: '1', password: 'p', trustedCerts: [kamu.caDer] };
  await run('Kamu SM mode (test TSA)', k, n);
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await queryKamusmCredit(k);
    c.push(performance.now() - t);
  }
  console.log(`Kamu SM credit query: ${stats(c)}`);
  const digest = randomBytes(32);
  const t = performance.now();
  for (let i = 0; i < 1000; i++) buildIdentityHeader({ customerId: '1', password: 'p', digest });
  console.log(`identity header: ${((performance.now() - t) / 1000).toFixed(3)} ms each (PBKDF2 100 it + AES-256-CBC + DER)`);
} finally {
  await plain.close();
  await kamu.close();
}
