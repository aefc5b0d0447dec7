import { defineConfig } from 'vitest/config';

// `npm run test:soak`: long runs that look for leaks (file descriptors, listeners, timers, memory).
// Kept out of `npm test`, whose include (test/**/*.test.ts) does not match *.soak.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.soak.ts'],
    // --expose-gc so that memory is measured after a full collection, not whenever V8 last ran one.
    pool: 'forks',
    execArgv: ['--expose-gc'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
