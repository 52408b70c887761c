import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

const config = mergeConfig(
  shared,
  defineConfig({
    test: {
      // Apps can point at '@mizan/db/testing/global-setup' the same way.
      globalSetup: ['./src/testing/global-setup.ts'],
      testTimeout: 60_000,
    },
  }),
);

// Vitest passes ssr.resolve.conditions to its workers as `node --conditions`, so the shared 'import' makes
// Node's require() pick ESM builds: pg's require('pg-pool') then gets a namespace object ("Class extends
// value [object Module]"). Vite adds 'import' itself where it resolves, so leaving it out loses nothing.
// (mergeConfig concatenates arrays, hence the overwrite.)
config.ssr = { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions: ['mizan-source', 'node'] } };

export default config;
