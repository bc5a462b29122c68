import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start Chrome and print real PDFs; this machine has two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { FORCE_COLOR: '0' },
    globalSetup: ['test/global-setup.ts'],
  },
});
