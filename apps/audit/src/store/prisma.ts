import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

/** The process's one Prisma client over adapter-pg (STYLE.md §2.7). */
export const createPrisma = (connectionString: string): PrismaClient =>
  // A bounded connect timeout: pg waits forever by default, which would hang /readyz on a dead database.
  new PrismaClient({ adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: 5_000 }) });

/** /readyz's database check: a cheap round trip with its own deadline. */
export async function pingDatabase(prisma: PrismaClient, timeoutMs = 2_000): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); });
  try {
    await Promise.race([prisma.$queryRaw`SELECT 1`, timeout]);
    return { ok: true };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : 'database unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
