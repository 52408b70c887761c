import type { SubgraphCtx } from '@mizan/service-kit';
import { DEFAULT_ALIAS } from '../../domain/model-ref.ts';
import type { WorkerDirectory } from '../../domain/worker-directory.ts';

/**
 * The inference subgraph reads the router's live picture of its workers (their state streams), never
 * the workers themselves: a GraphQL query costs no call to any worker. Everything is scoped to the
 * caller's tenant; another tenant's model simply has no replicas.
 */
export function inferenceResolvers(directory: WorkerDirectory) {
  const serving = (name: string, who: SubgraphCtx['who']) => {
    const replicas = directory.replicas(who.tenantId, name).map((r) => ({
      worker: r.worker, tier: r.tier, provider: r.provider, version: r.version, aliases: r.aliases, ready: r.ready,
    }));
    return { ready: replicas.some((r) => r.ready && r.aliases.includes(DEFAULT_ALIAS)), replicas };
  };
  return {
    Query: {
      inferenceWorkers: (_: unknown, _args: unknown, ctx: SubgraphCtx) =>
        directory.list().map((w) => ({
          address: w.address,
          tier: w.state?.tier ?? '',
          ready: w.connected && !!w.state?.ready,
          loadedVersions: w.state?.models.filter((m) => m.tenant === ctx.who.tenantId && m.ready).length ?? 0,
        })),
    },
    Model: {
      __resolveReference: (ref: { name: string }) => ({ name: ref.name }),
      serving: (model: { name: string }, _args: unknown, ctx: SubgraphCtx) => serving(model.name, ctx.who),
    },
  };
}
