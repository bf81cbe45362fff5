import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start simulators on free loopback ports; two workers match the 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
