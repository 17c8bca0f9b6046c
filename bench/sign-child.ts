/**
 * Child process of bench/sign.ts: signs or verifies one file with our streaming XAdES code and
 * prints `{ seconds, maxRssMiB, ... }` as JSON on stdout. Run in its own process so that its peak
 * RSS (process.resourceUsage().maxRSS) is the signer's own.
 *
 * bench/sign.ts bundles it with esbuild and runs it with plain `node` (what a packaged bridge runs;
 * tsx alone adds ~35 MiB of RSS), or with tsx when esbuild is not available.
 *
 * Usage: tsx bench/sign-child.ts sign <in.xml> <out.xml> <key.pem> <cert.pem>
 *        tsx bench/sign-child.ts verify <file.xml> <ca.pem>
 *        tsx bench/sign-child.ts idle   (nothing loaded: the baseline of the child itself)
 *
 * Each mode imports only the modules it runs (dynamic import; the bundle is split into chunks), so
 * the sign figures are those of a process that holds the signer core, not the verifier's libraries.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';

/** CPU seconds of this process's main thread (Linux: /proc/self/task/<pid>/stat utime+stime), else undefined. */
function mainThreadCpu(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // fields 14, 15 in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const [mode, a, b, c, d] = process.argv.slice(2);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpu();
  let extra: Record<string, unknown> = {};
  if (mode === 'sign') {
    // only the signer core is loaded (the bundle splits sign and verify; verify brings PKI and XPath libraries)
    const { signXmlFile } = await import('../packages/bridge/src/xades/sign.ts');
    const { keySigner } = await import('../packages/bridge/src/xades/key-signer.ts');
    const cert = new X509Certificate(readFileSync(d)).raw;
    // as the month flow signs: no SHA-256 of the output (its layer-a check digests the file); BENCH_OUTPUT_SHA256=1 adds it
    const signer = keySigner(readFileSync(c, 'utf8'), cert);
    const twoThreads = process.env.BENCH_TWO_THREADS === '1'; // forced on (`edefter sign` decides by cores and size)
    const r = await signXmlFile({ input: a, output: b, signer, checkVkn: false, outputSha256: process.env.BENCH_OUTPUT_SHA256 === '1', twoThreads });
    extra = { bytes: r.bytes, ...(twoThreads ? { splitBlocks: r.splitBlocks } : {}) };
  } else if (mode === 'verify') {
    const { verifyXmlFile } = await import('../packages/bridge/src/xades/verify.ts');
    const { certificatesFrom } = await import('../packages/bridge/src/xades/verify-chain.ts');
    const r = await verifyXmlFile(a, { trustedCerts: certificatesFrom(readFileSync(b)) });
    extra = { ok: r.ok, errors: r.errors };
  }
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(c0);
  const m1 = mainThreadCpu();
  const cpu = { cpuSeconds: (used.user + used.system) / 1e6, mainCpuSeconds: m0 !== undefined && m1 !== undefined ? m1 - m0 : undefined };
  process.stdout.write(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...cpu, ...extra }) + '\n');
}

void main();
