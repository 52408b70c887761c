import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the `mizan-source` condition,
// so tests run against src/ without a build step.
export const shared = defineConfig({
  resolve: { conditions: ['mizan-source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['mizan-source', 'node', 'import', 'default'], externalConditions: ['mizan-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
