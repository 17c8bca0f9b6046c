// Builds one browser target: BROWSER=chrome|firefox → dist/<browser> (test build, with the test hooks) or, with
// EDEFTER_EXT_RELEASE=1, dist-release/<browser> (release build: the test hooks are compiled out).
// `pnpm --filter @edefter/extension build` / `build:release` run scripts/build.mjs, which builds both.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { fileURLToPath } from 'node:url';
import { buildManifest } from './manifest.config.ts';
import pkg from './package.json' with { type: 'json' };

const browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** release build: no test hooks (auto-approve, the worker global for Playwright), other output folder */
const release = process.env.EDEFTER_EXT_RELEASE === '1';

export default defineConfig({
  plugins: [
    preact(),
    crx({ manifest: buildManifest(browser) as never, browser, liveReload: false, contentScripts: { standaloneFiles: ['src/content/index.ts'] } }),
  ],
  define: {
    'import.meta.env.VITE_BROWSER': JSON.stringify(browser),
    'import.meta.env.VITE_EXTENSION_VERSION': JSON.stringify(pkg.version),
    // compile-time flag: false in the release build, so the minifier drops the hooks (test/release greps for their names)
    'import.meta.env.VITE_TEST_HOOKS': JSON.stringify(!release),
  },
  build: {
    outDir: here(release ? `./dist-release/${browser}` : `./dist/${browser}`),
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    rollupOptions: { input: { consent: here('./src/consent/index.html') } },
  },
  logLevel: 'warn',
});
