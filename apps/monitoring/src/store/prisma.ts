import { probe } from '@mizan/service-kit';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

/** The process's one Prisma client over adapter-pg (STYLE.md §2.7). */
export const createPrisma = (connectionString: string): PrismaClient =>
  // A bounded connect timeout: pg waits forever by default, which would hang /readyz on a dead database.
  new PrismaClient({ adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: 5_000 }) });

/** /readyz's database check: a cheap round trip with its own deadline. */
export const pingDatabase = (prisma: PrismaClient, timeoutMs = 2_000) => probe(() => prisma.$queryRaw`SELECT 1`, timeoutMs);
