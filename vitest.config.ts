import { defineConfig } from 'vitest/config';

// pkcs11js breaks under the `threads` pool (realm mismatch on Buffers): keep `forks`.
// Tests share one SoftHSM token folder, so files run one at a time.
export default defineConfig({
  test: {
    pool: 'forks',
    fileParallelism: false,
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
