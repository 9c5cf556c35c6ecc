import { defineConfig } from 'vitest/config';

/**
 * The reliability suite (docs/reliability.md): real `opf serve` processes on loopback against
 * the PostgreSQL server, a fresh database per file. Files run one at a time: each starts
 * several servers, and the kill, load and lease timings must not fight each other for the
 * two cores. Sizes come from the environment (test/reliability/support/sizes.ts).
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/support/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
