// Builds the page library as one ES module for portals without a bundler:
// dist/edefter-page.js (served by the demo portal as /edefter-page.js).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: { entry: fileURLToPath(new URL('./src/page/index.ts', import.meta.url)), formats: ['es'], fileName: () => 'edefter-page.js' },
  },
  logLevel: 'warn',
});
