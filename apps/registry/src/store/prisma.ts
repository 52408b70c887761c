import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/client.ts';

export { Prisma, PrismaClient };
export type Client = PrismaClient | Prisma.TransactionClient;

/** The one PrismaClient of the process (STYLE.md 2.7), over node-postgres. */
export const createPrismaClient = (connectionString: string): PrismaClient =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
