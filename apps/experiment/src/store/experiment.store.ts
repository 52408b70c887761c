import { DomainError } from '@mizan/service-kit';
import { z } from 'zod';
import type { Experiment, ExperimentStatus } from '../domain/experiment.ts';
import type { ExperimentStore } from '../domain/ports.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';

type Row = Prisma.ExperimentGetPayload<object>;

// The `variants` column, as prisma/experiment/schema.prisma documents it.
const StoredVariants = z.array(z.object({ name: z.string(), version: z.string(), weight: z.number() }));
const Status = z.enum(['draft', 'running', 'stopped']);

const toExperiment = (r: Row): Experiment => ({
  id: r.id,
  tenantId: r.tenantId,
  name: r.name,
  model: r.model,
  status: Status.parse(r.status) satisfies ExperimentStatus,
  variants: StoredVariants.parse(r.variants).map((v) => ({ name: v.name, modelVersion: v.version, weight: v.weight })),
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});

export function createExperimentStore(prisma: PrismaClient): ExperimentStore {
  return {
    create: (e) =>
      prisma.experiment
        .create({
          data: {
            id: e.id, tenantId: e.tenantId, name: e.name, model: e.model, status: e.status, createdBy: e.createdBy, createdAt: e.createdAt,
            variants: e.variants.map((v) => ({ name: v.name, version: v.modelVersion, weight: v.weight })),
          },
        })
        .then(toExperiment, (err: unknown) => {
          if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
            throw new DomainError('ALREADY_EXISTS', `an experiment named ${JSON.stringify(e.name)} already exists`);
          }
          throw err;
        }),
    byName: async (tenantId, name) => {
      const r = await prisma.experiment.findUnique({ where: { tenantId_name: { tenantId, name } } });
      return r && toExperiment(r);
    },
    list: async (tenantId, page) =>
      (await prisma.experiment.findMany({
        where: { tenantId, ...(page.beforeId !== undefined ? { id: { lt: page.beforeId } } : {}) },
        orderBy: { id: 'desc' },
        take: page.limit,
      })).map(toExperiment),
    byModel: async (tenantId, model, limit) =>
      (await prisma.experiment.findMany({ where: { tenantId, model }, orderBy: { id: 'desc' }, take: limit })).map(toExperiment),
  };
}
