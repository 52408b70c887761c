import { DomainError } from '@mizan/service-kit';
import type { HostedModel } from './model-host.ts';
import { describeSpec, modelNotFound, type VersionSpec } from './model-ref.ts';

/** One model version as a worker reports it (WorkerService/WatchState): what its ModelHost hosts. */
export type WorkerModel = HostedModel;

export interface WorkerState {
  worker: string;
  tier: string;
  ready: boolean;
  models: WorkerModel[];
  queueDepth: number;
  busyThreads: number;
  threads: number;
}

export interface WorkerView {
  /** The address the router reaches the worker at (host:port). */
  address: string;
  connected: boolean;
  state: WorkerState | undefined;
  /** Calls this router has in flight to the worker (known sooner than the worker's next state). */
  inflight: number;
}

const matches = (m: WorkerModel, tenant: string, model: string, spec: VersionSpec) =>
  m.tenant === tenant && m.model === model && (spec.kind === 'number' ? m.version === spec.number : m.aliases.includes(spec.alias));

/**
 * The router's live picture of its workers, fed by their state streams. Picking a worker is a pure
 * function of it: among the workers that have the version ready, the least loaded (reported queue
 * depth plus this router's own calls in flight), round-robin among equals.
 */
export class WorkerDirectory {
  private readonly views = new Map<string, WorkerView>();
  private rr = 0;

  constructor(addresses: readonly string[]) {
    for (const address of addresses) this.views.set(address, { address, connected: false, state: undefined, inflight: 0 });
  }

  update(address: string, state: WorkerState): void {
    const v = this.views.get(address);
    if (v) Object.assign(v, { connected: true, state });
  }

  disconnected(address: string): void {
    const v = this.views.get(address);
    if (v) Object.assign(v, { connected: false, state: undefined });
  }

  begin(address: string): void {
    const v = this.views.get(address);
    if (v) v.inflight++;
  }

  end(address: string): void {
    const v = this.views.get(address);
    if (v) v.inflight--;
  }

  list(): WorkerView[] {
    return [...this.views.values()];
  }

  /** Workers connected and ready to take calls. */
  readyWorkers(): WorkerView[] {
    return this.list().filter((v) => v.connected && v.state?.ready);
  }

  /**
   * Workers to try for a request, best first. A version asked for by number that no worker holds yet
   * goes to the least loaded ready worker, which resolves it with the registry (or says NOT_FOUND).
   */
  candidates(tenant: string, model: string, spec: VersionSpec): string[] {
    const ready = this.readyWorkers();
    if (ready.length === 0) throw new DomainError('UNAVAILABLE', 'no inference worker is ready; retry shortly');
    const serving = ready.filter((w) => w.state!.models.some((m) => m.ready && matches(m, tenant, model, spec)));
    if (serving.length > 0) return this.order(serving);
    const loading = ready.filter((w) => w.state!.models.some((m) => matches(m, tenant, model, spec)));
    if (loading.length > 0) {
      throw new DomainError('UNAVAILABLE', `${describeSpec(model, spec)} is known but not loaded on any worker yet (loading, or failed to load); retry shortly`);
    }
    if (spec.kind === 'number') return this.order(ready);
    throw modelNotFound(model, spec);
  }

  /** OIP ModelReady from the workers' reports: ready somewhere, known but not ready, or unknown. */
  readiness(tenant: string, model: string, spec: VersionSpec): 'ready' | 'not_ready' | 'unknown' {
    const models = this.readyWorkers().flatMap((w) => w.state!.models);
    if (models.some((m) => m.ready && matches(m, tenant, model, spec))) return 'ready';
    if (models.some((m) => matches(m, tenant, model, spec))) return 'not_ready';
    // A version number no worker holds may still exist; the model being known is enough to say "not ready".
    if (spec.kind === 'number' && models.some((m) => m.tenant === tenant && m.model === model)) return 'not_ready';
    return 'unknown';
  }

  /** Where one of the tenant's models is served, for GraphQL. */
  replicas(tenant: string, model: string): Array<WorkerModel & { worker: string; tier: string }> {
    return this.list().flatMap((w) =>
      w.connected && w.state
        ? w.state.models.filter((m) => m.tenant === tenant && m.model === model).map((m) => ({ ...m, worker: w.address, tier: w.state!.tier }))
        : [],
    );
  }

  private order(workers: WorkerView[]): string[] {
    const load = (w: WorkerView) => w.state!.queueDepth + w.inflight;
    const sorted = [...workers].sort((a, b) => load(a) - load(b));
    const least = load(sorted[0]!);
    const ties = sorted.filter((w) => load(w) === least);
    const start = this.rr++ % ties.length;
    const first = [...ties.slice(start), ...ties.slice(0, start)];
    return [...first, ...sorted.slice(ties.length)].map((w) => w.address);
  }
}
