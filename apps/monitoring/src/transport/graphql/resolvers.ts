import { readFileSync } from 'node:fs';
import { DateTimeScalar, type SubgraphCtx } from '@mizan/service-kit';
import { parse } from 'graphql';
import { countInferences } from '../../domain/count-inferences.ts';
import { getInferenceStats } from '../../domain/get-inference-stats.ts';
import { meanLatencySeconds, type InferenceWindow } from '../../domain/inference-window.ts';
import type { Deps } from '../../domain/ports.ts';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const toWindowNode = (w: InferenceWindow) => ({
  model: w.model,
  version: w.version,
  windowStart: w.windowStart,
  count: Number(w.count),
  errors: Number(w.errors),
  meanLatencySeconds: meanLatencySeconds(w),
});

interface StatsArgs {
  since?: Date | null;
  version?: number | null;
}

const stats = async (deps: Deps, ctx: SubgraphCtx, model: string, a: StatsArgs) =>
  (await getInferenceStats(deps, ctx.who, { model, since: a.since ?? undefined, version: a.version ?? undefined })).map(toWindowNode);

export function monitoringResolvers(deps: Deps) {
  return {
    DateTime: DateTimeScalar,
    Query: {
      inferenceStats: (_: unknown, a: StatsArgs & { model: string }, ctx: SubgraphCtx) => stats(deps, ctx, a.model, a),
    },
    Model: {
      __resolveReference: (ref: { name: string }) => ({ name: ref.name }),
      inferenceCount: async (m: { name: string }, a: { since?: Date | null }, ctx: SubgraphCtx) =>
        Number(await countInferences(deps, ctx.who, { model: m.name, since: a.since ?? undefined })),
      inferenceStats: (m: { name: string }, a: StatsArgs, ctx: SubgraphCtx) => stats(deps, ctx, m.name, a),
    },
  };
}
