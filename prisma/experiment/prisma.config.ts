import { defineConfig } from 'prisma/config';

// Paths are relative to this file. Only `prisma generate` runs offline (shared/PRISMA.md); the URL is for
// `prisma migrate` where the engine binary exists, so generate gets a harmless local default.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.MIZAN_EXPERIMENT_DATABASE_URL || 'postgresql://postgres:postgres@127.0.0.1:54329/mizan_experiment' },
});
