/**
 * Every example of docs/page-api.md runs as an integrator would paste it: each file of
 * docs/examples/*.mjs is included verbatim in the doc, and is loaded as an ES module in the e2e
 * browser on the demo portal's origin (served under /__docs/ by a route). Each must load without a
 * syntax error, reach the extension, and end with a result or with one of the error codes the
 * example expects for the state the portal is in. status.mjs is also pasted inline as
 * <script type="module"> (the old doc example threw "Illegal return statement" there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { clickInConsent, enterPin, nthConsent, repoRoot, startStack, type Stack } from './harness.ts';
import { openConnectedPortal } from './portal-driver.ts';
import { DOC_EXAMPLES, EXAMPLES_DIR as EXAMPLES, exampleProblems } from './docs-examples-list.ts';

const DOC = fs.readFileSync(path.join(repoRoot, 'docs', 'page-api.md'), 'utf8');
const PIN = '123456';
let s: Stack;
let sim: GibSimulator;
let page: Page;
const savedEnv: Record<string, string | undefined> = {};

/** Outcome of one example: its console lines, the error code it printed (if any), page errors. */
interface ExampleRun {
  lines: string[];
  code?: string;
  pageErrors: string[];
  windows: number;
}

/**
 * Imports `/__docs/<file>` in the portal page and answers every consent window it opens
 * (`approve`: PIN on the first window, then Onayla; `refuse`: Reddet) until the module finished.
 */
async function runExample(file: string, answer: 'approve' | 'refuse'): Promise<ExampleRun> {
  const lines: string[] = [];
  const pageErrors: string[] = [];
  const onConsole = (m: ConsoleMessage): void => {
    lines.push(m.text());
  };
  const onError = (e: Error): void => {
    pageErrors.push(String(e));
  };
  page.on('console', onConsole);
  page.on('pageerror', onError);
  const base = s.consentPages.length;
  let done = false;
  // a string, not a function: vitest would rewrite import() inside a function it sees
  const imported = (page.evaluate(`import(${JSON.stringify(`/__docs/${file}`)}).then(() => 'ok', (e) => 'import failed: ' + e)`) as Promise<string>).finally(
    () => {
      done = true;
    },
  );
  let windows = 0;
  try {
    const t0 = Date.now();
    while (!done && Date.now() - t0 < 120_000) {
      if (s.consentPages.length > base + windows) {
        windows++;
        const c = await nthConsent(s, base + windows);
        if (answer === 'approve') {
          if (windows === 1 && (await c.getByTestId('pin-digit-1').count())) await enterPin(c, PIN);
          await clickInConsent(c.getByTestId('approve'));
        } else await clickInConsent(c.getByTestId('refuse'));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await imported).toBe('ok');
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  const code = lines.map((l) => /^e-Defter \(([A-Z_]+)\)/.exec(l)?.[1]).find(Boolean);
  return { lines, code, pageErrors, windows };
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-docs-'));
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 50, validate: false });
  const env = { EDEFTER_GIB_ENDPOINT: sim.url, EDEFTER_GIB_TRUST: sim.trustPem, EDEFTER_GIB_POLL_MS: '100', EDEFTER_GIB_RETRY_BASE_MS: '20' };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  s = await startStack();
  page = await openConnectedPortal(s);
  await page.route(`${s.portal.origin}/__docs/*`, (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    const file = path.join(EXAMPLES, name);
    return fs.existsSync(file)
      ? route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: fs.readFileSync(file, 'utf8') })
      : route.fulfill({ status: 404, body: '' });
  });
  // Dosya Oluştur for Y and K (and the Defter Raporu): the files the examples fetch
  expect(
    await page.evaluate(
      async () =>
        (await fetch('/api/olustur', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: ['y', 'k'] }) })).status,
    ),
  ).toBe(200);
}, 240_000);

afterAll(async () => {
  await s?.close();
  await sim?.close();
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe('docs/page-api.md examples', () => {
  it('every example file is in the doc verbatim, and every doc example is a file', () => {
    const files = fs
      .readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.mjs'))
      .sort();
    expect(files).toEqual(DOC_EXAMPLES.map((e) => e.file).sort());
    for (const f of files) expect(DOC, f).toContain(fs.readFileSync(path.join(EXAMPLES, f), 'utf8').trimEnd());
    expect(DOC).not.toMatch(/^\s*return;?\s*$/m);
  });

  it('status.mjs pasted inline as <script type="module"> runs (no "Illegal return statement")', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const onConsole = (m: ConsoleMessage): void => {
      lines.push(m.text());
    };
    const onError = (e: Error): void => {
      errors.push(String(e));
    };
    page.on('console', onConsole);
    page.on('pageerror', onError);
    await page.addScriptTag({ type: 'module', content: fs.readFileSync(path.join(EXAMPLES, 'status.mjs'), 'utf8') });
    await expect.poll(() => lines.find((l) => l.startsWith('e-Defter durum:')), { timeout: 15_000 }).toBeTruthy();
    page.off('console', onConsole);
    page.off('pageerror', onError);
    expect(errors).toEqual([]);
    expect(lines.find((l) => l.startsWith('e-Defter durum:'))).toContain('bağlı');
  });

  // each example, loaded as a module, ends as test/e2e/docs-examples-list.ts says (the same list runs in Firefox)
  for (const ex of DOC_EXAMPLES) {
    it(`${ex.file}: ${ex.codes.length ? `reaches the bridge and ends with ${ex.codes.join(' | ')}` : 'runs'} (consent windows: ${ex.answer})`, async () => {
      const r = await runExample(ex.file, ex.answer);
      expect(exampleProblems(ex, r.lines, r.pageErrors), r.lines.join('\n')).toEqual([]);
      if (ex.file === 'sign.mjs') {
        expect(r.windows).toBe(1);
        expect(await page.evaluate(async () => (await fetch('/api/dosya/y/defter-imzali')).status)).toBe(200);
      }
    }, 150_000);
  }
});
