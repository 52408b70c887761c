import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Provides inject('adminDatabaseUrl'): TEST_DATABASE_URL or a temporary embedded PostgreSQL.
      globalSetup: ['@mizan/db/testing/global-setup'],
    },
  }),
);
