import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the `mizan-source` condition,
// so tests run against src/ without a build step. Vitest passes ssr.resolve.conditions to its workers
// as `node --conditions`; listing 'import' there would make require() pick ESM builds (pg's
// require('pg-pool') then breaks), and Vite adds 'import'/'default' itself where it resolves.
export const shared = defineConfig({
  resolve: { conditions: ['mizan-source', 'node'] },
  ssr: { resolve: { conditions: ['mizan-source', 'node'], externalConditions: ['mizan-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
