import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings: resolve workspace packages to their TypeScript sources (the Node entry:
 * `node` picks it inside each package's `@lowres/source` condition), one fork per file.
 */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['@lowres/source'] },
  ssr: { resolve: { conditions: ['@lowres/source', 'node'], externalConditions: ['@lowres/source'] } },
  test: {
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
