import { DomainError } from '@mizan/service-kit';
import { Prisma } from './generated/client.ts';

/** Turns Prisma's known errors into domain errors (P2002 unique violation → ALREADY_EXISTS); rethrows the rest. */
export const rethrowKnown = (what: string) => (e: unknown): never => {
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    if (e.code === 'P2002') throw new DomainError('ALREADY_EXISTS', `${what} already exists`);
    if (e.code === 'P2025') throw new DomainError('NOT_FOUND', `${what} not found`);
  }
  throw e;
};

export const isUniqueViolation = (e: unknown): boolean => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
