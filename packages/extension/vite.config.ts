// Builds one browser target: BROWSER=chrome|firefox → dist/<browser>.
// `pnpm --filter @edefter/extension build` runs scripts/build.mjs, which builds both.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { fileURLToPath } from 'node:url';
import { buildManifest } from './manifest.config.ts';
import pkg from './package.json' with { type: 'json' };

const browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  plugins: [
    preact(),
    crx({ manifest: buildManifest(browser) as never, browser, liveReload: false, contentScripts: { standaloneFiles: ['src/content/index.ts'] } }),
  ],
  define: {
    'import.meta.env.VITE_BROWSER': JSON.stringify(browser),
    'import.meta.env.VITE_EXTENSION_VERSION': JSON.stringify(pkg.version),
  },
  build: {
    outDir: here(`./dist/${browser}`),
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    rollupOptions: { input: { consent: here('./src/consent/index.html') } },
  },
  logLevel: 'warn',
});
