import type { ModelStore } from '../domain/ports.ts';
import { rethrowKnown } from './errors.ts';
import { toModel } from './mappers.ts';
import type { Client } from './prisma.ts';

export const modelStore = (c: Client): ModelStore => ({
  create: (scope, m) =>
    c.model.create({ data: { ...m, tenantId: scope.tenantId } }).then(toModel, rethrowKnown(`model "${m.name}" in this tenant`)),
  byName: async (scope, name) => {
    const r = await c.model.findUnique({ where: { tenantId_name: { tenantId: scope.tenantId, name } } });
    return r && toModel(r);
  },
  byNames: async (scope, names) =>
    names.length === 0 ? [] : (await c.model.findMany({ where: { tenantId: scope.tenantId, name: { in: [...names] } } })).map(toModel),
  byIds: async (scope, ids) =>
    ids.length === 0 ? [] : (await c.model.findMany({ where: { tenantId: scope.tenantId, id: { in: [...ids] } } })).map(toModel),
  lock: async (scope, id) => {
    const rows = await c.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM models WHERE id = ${id}::uuid AND tenant_id = ${scope.tenantId} FOR UPDATE`;
    return rows.length === 1;
  },
  page: async (scope, limit, afterId) =>
    (await c.model.findMany({
      where: { tenantId: scope.tenantId, ...(afterId ? { id: { lt: afterId } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
    })).map(toModel),
});
