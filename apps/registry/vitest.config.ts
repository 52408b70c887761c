import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

const config = mergeConfig(
  shared,
  defineConfig({
    test: {
      // Provides inject('adminDatabaseUrl'): TEST_DATABASE_URL or a temporary embedded PostgreSQL.
      globalSetup: [fileURLToPath(new URL('../../packages/db/src/testing/global-setup.ts', import.meta.url))],
      testTimeout: 60_000,
    },
  }),
);

// As in packages/db: without 'import' among the worker conditions, pg's require('pg-pool') gets the CJS build
// (with it, "Class extends value [object Module]"). mergeConfig concatenates arrays, hence the overwrite.
config.ssr = { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions: ['mizan-source', 'node'] } };

export default config;
