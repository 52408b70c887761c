import type { InferenceWindow, WindowIncrement } from './inference-window.ts';

export interface StatsQuery {
  model: string;
  since?: Date | undefined;
  version?: number | undefined;
}

export interface StatsStore {
  /** Adds each increment to its window (creating it), all or none. */
  increment(rows: readonly WindowIncrement[]): Promise<void>;
  /** The tenant's newest `limit` windows matching the query, oldest first. */
  windows(tenantId: string, q: StatsQuery, limit: number): Promise<InferenceWindow[]>;
  /** Sum of counts of the tenant's windows matching the query. */
  total(tenantId: string, q: StatsQuery): Promise<bigint>;
}

/** Counts what monitoring received, for /metrics, without the domain knowing prom-client. */
export interface MonitoringMeter {
  inferencesReceived(count: bigint): void;
}

export interface Deps {
  stats: StatsStore;
  meter: MonitoringMeter;
}
