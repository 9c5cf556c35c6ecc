import { defineConfig } from 'vitest/config';

// Two cores: keep parallelism modest so PGlite instances, git and child processes fit.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The reliability suite and the image check have their own commands and configs
    // (npm run test:reliability, npm run test:image).
    exclude: ['test/reliability/**', 'test/image/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A worker that takes longer than this to exit fails the whole run (vitest logs an error):
    // on a loaded box a fork holding PGlite and servers took more than the default 10 s.
    teardownTimeout: 60_000,
    pool: 'forks',
    // One process per worker runs file after file, keeping its loaded modules: importing
    // Fastify, PGlite and the domain once per worker instead of once per file took a third of
    // the run (npm test 834 s -> 609 s on a quiet box, with the template data directories).
    // Test files close what they open and restore the environment they change.
    isolate: false,
    // Every answer the API gives in a test is also encoded by zod and compared with what the
    // compiled serializer wrote (src/server/serializer.ts).
    env: { OPF_CHECK_RESPONSES: '1' },
    maxWorkers: 2,
    // The last line counts the tests skipped because a system program is missing.
    reporters: ['default', './test/support/missing-programs-reporter.ts'],
  },
});
