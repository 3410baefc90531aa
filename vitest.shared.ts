import { defineConfig } from 'vitest/config';

/** Shared vitest settings: resolve workspace packages to their TypeScript sources, one fork per file. */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['@lowres/source'] },
  ssr: { resolve: { conditions: ['@lowres/source'], externalConditions: ['@lowres/source'] } },
  test: {
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
