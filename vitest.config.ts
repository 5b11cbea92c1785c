import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` covers every suite:
 * - server: unit, route and integration tests (node; integration looped over PostgreSQL and PGlite)
 * - dom: widget and dashboard unit and component tests (happy-dom, @testing-library/preact)
 * - e2e: real Chromium against a real server (needs `npm run build` first)
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: [
            'tests/server/**/*.test.ts',
            'tests/contract/**/*.test.ts',
            'tests/migrations/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['tests/widget/**/*.test.{ts,tsx}', 'tests/dashboard/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/cli/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
