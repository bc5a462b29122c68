import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start Chrome and print real PDFs; this machine has two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Photos resampled by the tests are cached here, not in the user's cache folder.
    env: { FORCE_COLOR: '0', BULLETIN_CACHE_DIR: path.join(os.tmpdir(), 'bulletin-test-cache') },
    globalSetup: ['test/global-setup.ts'],
  },
});
