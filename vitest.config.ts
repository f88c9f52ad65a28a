import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers on free ports; keep files apart but allow some parallelism.
    pool: 'forks',
    maxWorkers: 2,
  },
})
