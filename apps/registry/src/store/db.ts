import type { Db, Stores } from '../domain/ports.ts';
import { aliasStore } from './alias.store.ts';
import { modelStore } from './model.store.ts';
import { outboxStore } from './outbox.store.ts';
import type { Client, PrismaClient } from './prisma.ts';
import { uploadStore } from './upload.store.ts';
import { versionStore } from './version.store.ts';

const bind = (c: Client): Stores => ({
  models: modelStore(c),
  versions: versionStore(c),
  aliases: aliasStore(c),
  uploads: uploadStore(c),
  outbox: outboxStore(c),
});

export function createDb(prisma: PrismaClient): Db {
  return { ...bind(prisma), transaction: (fn) => prisma.$transaction((tx) => fn(bind(tx)), { timeout: 10_000, maxWait: 10_000 }) };
}
