#!/usr/bin/env node
// Builds the extension for Chrome (dist/chrome) and Firefox (dist/firefox), one after the other.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const browser of ['chrome', 'firefox']) {
  process.env.BROWSER = browser;
  const t0 = Date.now();
  await build({ root, configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)) });
  console.log(`[extension] ${browser}: dist/${browser} (${Date.now() - t0} ms)`);
}
