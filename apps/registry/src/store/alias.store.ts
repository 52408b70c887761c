import type { AliasStore } from '../domain/ports.ts';
import { toAlias } from './mappers.ts';
import type { Client } from './prisma.ts';

/** The Postgres channel replicas LISTEN on; the payload is the new revision. */
export const ALIAS_CHANNEL = 'mizan_alias_events';
// Taken before the revision: BIGSERIAL values are handed out in call order but become visible in commit
// order, so without it a watcher could read revision 11 and never see a 10 that commits later.
const ALIAS_LOG_LOCK = 0x6d7a5f616c696173n; // "mz_alias"

export const aliasStore = (c: Client): AliasStore => ({
  upsert: ({ tenantId }, a) =>
    c.alias
      .upsert({
        where: { modelId_name: { modelId: a.modelId, name: a.name } },
        create: { ...a, tenantId },
        update: { versionId: a.versionId },
      })
      .then(toAlias),
  byName: async ({ tenantId }, modelId, name) => {
    const r = await c.alias.findFirst({ where: { tenantId, modelId, name } });
    return r && toAlias(r);
  },
  byModelIds: async ({ tenantId }, modelIds) =>
    modelIds.length === 0 ? [] : (await c.alias.findMany({ where: { tenantId, modelId: { in: [...modelIds] } }, orderBy: { name: 'asc' } })).map(toAlias),
  recordChange: async ({ tenantId }, ch) => {
    await c.$executeRaw`SELECT pg_advisory_xact_lock(${ALIAS_LOG_LOCK})`;
    const r = await c.aliasEvent.create({ data: { tenantId, ...ch }, select: { revision: true } });
    // Delivered by Postgres only when the transaction commits, and never when it rolls back.
    await c.$executeRaw`SELECT pg_notify(${ALIAS_CHANNEL}, ${r.revision.toString()})`;
    return r.revision;
  },
});
