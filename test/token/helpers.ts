/**
 * Helpers for the token tests: an isolated SoftHSM2 store per test file (so tests never touch
 * the shared demo token in var/softhsm), and a capture of everything written to the console,
 * stdout and stderr (to prove PINs never reach a log).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoToken, softhsmModule, type CreateDemoTokenOptions, type DemoToken } from '../../packages/dev/src/pki/demo-token.ts';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Makes a temp folder for this test file's SoftHSM2 store. */
export function tempStore(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `edefter-${prefix}-`));
}

/**
 * Creates tokens in `dir` and points SOFTHSM2_CONF at it. Call before the first token call of
 * the file (SoftHSM2 reads its config once per C_Initialize).
 */
export async function isolatedTokens(dir: string, specs: Array<Omit<CreateDemoTokenOptions, 'dir'>>): Promise<DemoToken[]> {
  const out: DemoToken[] = [];
  for (const s of specs) out.push(await createDemoToken({ dir, ...s }));
  process.env.SOFTHSM2_CONF = out[0].softhsmConf;
  for (const k of ['EDEFTER_TOKEN_LABEL', 'EDEFTER_CERT_ID', 'EDEFTER_PKCS11_MODULE']) delete process.env[k];
  return out;
}

export { softhsmModule };

/** Records every write to console.*, process.stdout and process.stderr until `stop()`. */
export function captureOutput(): { text: () => string; stop: () => void } {
  const chunks: string[] = [];
  const restore: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const orig = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = orig as typeof stream.write;
    });
  }
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const orig = console[m];
    console[m] = (...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))).join(' '));
      orig.apply(console, args as []);
    };
    restore.push(() => {
      console[m] = orig;
    });
  }
  return {
    text: () => chunks.join('\n'),
    stop: () => restore.forEach((r) => r()),
  };
}

/** Everything an error exposes as text: message, stack, JSON form, details. */
export function errorText(e: unknown): string {
  const err = e as { message?: string; stack?: string; toJSON?: () => unknown; details?: unknown };
  return [err?.message, err?.stack, JSON.stringify(err?.toJSON?.() ?? null), JSON.stringify(err?.details ?? null)].join('\n');
}
