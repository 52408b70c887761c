import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

const config = mergeConfig(
  shared,
  defineConfig({
    test: { globalSetup: [fileURLToPath(new URL('../../packages/db/src/testing/global-setup.ts', import.meta.url))] },
  }),
);

// As in packages/db/vitest.config.ts: the shared 'import' condition makes pg's require('pg-pool') load an ESM
// namespace in the workers, so the server-side conditions leave it out (mergeConfig concatenates arrays).
config.ssr = { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions: ['mizan-source', 'node'] } };

export default config;
