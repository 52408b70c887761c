import type { Experiment } from './experiment.ts';

export interface ExperimentStore {
  /** ALREADY_EXISTS when the tenant has an experiment of that name. */
  create(e: Experiment): Promise<Experiment>;
  byName(tenantId: string, name: string): Promise<Experiment | null>;
  /** The tenant's experiments newest first, older than the given id (ids are UUIDv7, so time-ordered). */
  list(tenantId: string, page: { limit: number; beforeId?: string | undefined }): Promise<Experiment[]>;
  /** The tenant's experiments on one model, newest first. */
  byModel(tenantId: string, model: string, limit: number): Promise<Experiment[]>;
}

export interface Deps {
  experiments: ExperimentStore;
  clock: { now(): Date };
  newId(): string;
  meter: { created(): void };
}
