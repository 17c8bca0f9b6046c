#!/usr/bin/env node
// Builds the extension for Chrome (dist/chrome) and Firefox (dist/firefox), one after the other.
// --release: the release build (dist-release/<browser>, test hooks compiled out); packaging/extension/pack.mjs zips it.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const release = process.argv.includes('--release');
process.env.EDEFTER_EXT_RELEASE = release ? '1' : '0';
// a release is always a production build: an inherited NODE_ENV (vitest sets `test`) would switch on preact's dev JSX,
// which writes absolute source paths into the bundle
if (release) process.env.NODE_ENV = 'production';
const out = release ? 'dist-release' : 'dist';
for (const browser of ['chrome', 'firefox']) {
  process.env.BROWSER = browser;
  const t0 = Date.now();
  await build({ root, ...(release ? { mode: 'production' } : {}), configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)) });
  console.log(`[extension] ${browser}: ${out}/${browser} (${Date.now() - t0} ms)`);
}
