import type { UploadStore } from '../domain/ports.ts';
import { toUpload } from './mappers.ts';
import type { Client } from './prisma.ts';

export const uploadStore = (c: Client): UploadStore => ({
  create: ({ tenantId }, u) => c.upload.create({ data: { ...u, tenantId, size: BigInt(u.size) } }).then(toUpload),
  byId: async ({ tenantId }, id) => {
    const r = await c.upload.findFirst({ where: { id, tenantId } });
    return r && toUpload(r);
  },
  consume: async ({ tenantId }, id, now) => {
    const r = await c.upload.updateMany({ where: { id, tenantId, consumedAt: null, expiresAt: { gt: now } }, data: { consumedAt: now } });
    return r.count === 1;
  },
});
