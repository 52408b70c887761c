import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Apps point at '@mizan/db/testing/global-setup' the same way.
      globalSetup: ['./src/testing/global-setup.ts'],
      testTimeout: 60_000,
    },
  }),
);
