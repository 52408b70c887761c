import { readFileSync } from 'node:fs';
import { DateTimeScalar, decodeCursor, DomainError, encodeCursor, pageSize, toConnection, type SubgraphCtx } from '@mizan/service-kit';
import { parse } from 'graphql';
import { createExperiment } from '../../domain/create-experiment.ts';
import type { CreateExperimentInput, Experiment } from '../../domain/experiment.ts';
import { findExperiment } from '../../domain/find-experiment.ts';
import { listExperiments } from '../../domain/list-experiments.ts';
import { listModelExperiments } from '../../domain/list-model-experiments.ts';
import type { Deps } from '../../domain/ports.ts';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const CURSOR_KIND = 'experiment';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function idOf(after: string | null | undefined): string | undefined {
  const id = decodeCursor(CURSOR_KIND, after);
  if (id !== undefined && !UUID.test(id)) throw new DomainError('INVALID_ARGUMENT', 'after is not a valid cursor for this list');
  return id;
}

const toNode = (e: Experiment) => ({
  id: e.id,
  name: e.name,
  model: e.model,
  status: e.status,
  variants: e.variants,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
});

export function experimentResolvers(deps: Deps) {
  return {
    DateTime: DateTimeScalar,
    Query: {
      experiments: async (_: unknown, a: { first?: number | null; after?: string | null }, ctx: SubgraphCtx) => {
        const first = pageSize(a.first, 20);
        const rows = await listExperiments(deps, ctx.who, { limit: first + 1, beforeId: idOf(a.after) });
        return toConnection(rows, first, (e) => encodeCursor(CURSOR_KIND, e.id), toNode);
      },
      experiment: async (_: unknown, a: { name: string }, ctx: SubgraphCtx) => {
        const e = await findExperiment(deps, ctx.who, a.name);
        return e && toNode(e);
      },
    },
    Mutation: {
      createExperiment: async (_: unknown, a: { input: CreateExperimentInput }, ctx: SubgraphCtx) => toNode(await createExperiment(deps, ctx.who, a.input)),
    },
    Model: {
      __resolveReference: (ref: { name: string }) => ({ name: ref.name }),
      experiments: async (m: { name: string }, _a: unknown, ctx: SubgraphCtx) => (await listModelExperiments(deps, ctx.who, m.name)).map(toNode),
    },
  };
}
