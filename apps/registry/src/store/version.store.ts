import type { VersionStore } from '../domain/ports.ts';
import { rethrowKnown } from './errors.ts';
import { toVersion, withModelName } from './mappers.ts';
import type { Client, Prisma } from './prisma.ts';

export const versionStore = (c: Client): VersionStore => ({
  create: ({ tenantId }, { inputs, outputs, size, ...v }) =>
    c.modelVersion
      .create({ data: { ...v, tenantId, size: BigInt(size), signature: { inputs, outputs } as unknown as Prisma.InputJsonObject }, include: { model: { select: { name: true } } } })
      .then(toVersion, rethrowKnown(`version ${v.number} of this model`)),
  maxNumber: async ({ tenantId }, modelId) => {
    const r = await c.modelVersion.aggregate({ where: { tenantId, modelId }, _max: { number: true } });
    return r._max.number ?? 0;
  },
  byNumber: async ({ tenantId }, modelId, number) => {
    const r = await c.modelVersion.findFirst({ where: { tenantId, modelId, number }, include: withModelName });
    return r && toVersion(r);
  },
  byIds: async ({ tenantId }, ids) =>
    ids.length === 0 ? [] : (await c.modelVersion.findMany({ where: { tenantId, id: { in: [...ids] } }, include: withModelName })).map(toVersion),
  page: async ({ tenantId }, modelId, limit, beforeNumber) =>
    (await c.modelVersion.findMany({
      where: { tenantId, modelId, ...(beforeNumber !== undefined ? { number: { lt: beforeNumber } } : {}) },
      orderBy: { number: 'desc' },
      take: limit,
      include: withModelName,
    })).map(toVersion),
});
