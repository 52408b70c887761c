// What the use cases need from the outside world; store/, blob/, validation/ and relay/ implement these.
import type { Alias, AliasChange, AuditEvent, Model, ModelVersion, Signature, TenantScope, Upload } from './types.ts';

export interface ModelStore {
  /** ALREADY_EXISTS when the tenant has a model of that name. */
  create(scope: TenantScope, m: Omit<Model, 'createdAt' | 'updatedAt'>): Promise<Model>;
  byName(scope: TenantScope, name: string): Promise<Model | null>;
  byNames(scope: TenantScope, names: readonly string[]): Promise<Model[]>;
  byIds(scope: TenantScope, ids: readonly string[]): Promise<Model[]>;
  /** Locks the model row until the transaction ends (serialises version numbering); false when absent. */
  lock(scope: TenantScope, id: string): Promise<boolean>;
  /** Newest first; `limit` rows older than `afterId` when given. */
  page(scope: TenantScope, limit: number, afterId?: string): Promise<Model[]>;
}

export interface VersionStore {
  create(scope: TenantScope, v: Omit<ModelVersion, 'createdAt' | 'modelName'>): Promise<ModelVersion>;
  /** The highest version number of the model; 0 when it has none. */
  maxNumber(scope: TenantScope, modelId: string): Promise<number>;
  byNumber(scope: TenantScope, modelId: string, number: number): Promise<ModelVersion | null>;
  byIds(scope: TenantScope, ids: readonly string[]): Promise<ModelVersion[]>;
  /** Highest number first; `limit` rows below `beforeNumber` when given. */
  page(scope: TenantScope, modelId: string, limit: number, beforeNumber?: number): Promise<ModelVersion[]>;
}

export interface AliasStore {
  upsert(scope: TenantScope, a: { id: string; modelId: string; name: string; versionId: string }): Promise<Alias>;
  byName(scope: TenantScope, modelId: string, name: string): Promise<Alias | null>;
  byModelIds(scope: TenantScope, modelIds: readonly string[]): Promise<Alias[]>;
  /**
   * Appends to the alias revision log and notifies watchers when the transaction commits. Revisions are
   * committed in the order they are taken, so a watcher that has read revision R never later finds a smaller one.
   */
  recordChange(scope: TenantScope, c: { modelName: string; alias: string; versionNumber: number; versionId: string; sha256: string; deleted: boolean }): Promise<bigint>;
}

export interface UploadStore {
  create(scope: TenantScope, u: Omit<Upload, 'createdAt' | 'consumedAt'>): Promise<Upload>;
  byId(scope: TenantScope, id: string): Promise<Upload | null>;
  /** Marks the upload used, only if it is unused and unexpired at `now`; false otherwise (a concurrent add won). */
  consume(scope: TenantScope, id: string, now: Date): Promise<boolean>;
}

export interface OutboxStore {
  append(event: AuditEvent): Promise<void>;
}

export interface Stores {
  models: ModelStore;
  versions: VersionStore;
  aliases: AliasStore;
  uploads: UploadStore;
  outbox: OutboxStore;
}

export interface Db extends Stores {
  /** Runs fn in one database transaction; keep it short, with no network or inference inside. */
  transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T>;
}

/** The cross-tenant alias log behind WatchAliases (service identities only). */
export interface AliasFeed {
  /** Every current alias, consistent with `revision`, the latest revision at that moment. */
  snapshot(): Promise<{ revision: bigint; aliases: AliasChange[] }>;
  /** Changes with a revision greater than `revision`, in order. */
  after(revision: bigint, limit: number): Promise<AliasChange[]>;
  latestRevision(): Promise<bigint>;
  /** Starts listening for changes; take it before reading, so that no change slips between a read and a wait. */
  subscribe(): AliasSubscription;
}

export interface AliasSubscription {
  /** Resolves at once if a change was notified since the last wait, else on the next one, after `pollMs` at the latest, or on abort. */
  wait(signal: AbortSignal, pollMs: number): Promise<void>;
  close(): void;
}

/** A blob written to a temporary place: nothing is visible under its address until commit. */
export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Artifact bytes addressed by tenant and sha256 of the plaintext (file system now, S3 designed for). */
export interface BlobStore {
  /** Streams the chunks to a staging place while hashing; an error from the iterable discards it. */
  stage(tenant: string, chunks: AsyncIterable<Uint8Array>): Promise<StagedBlob>;
  /** The whole plaintext; NOT_FOUND when absent; a blob whose bytes do not hash to its address never comes back. */
  read(tenant: string, sha256: string): Promise<Uint8Array>;
  /** The plaintext in chunks; NOT_FOUND before the first chunk when absent; throws after the last chunk on a checksum mismatch. */
  stream(tenant: string, sha256: string, chunkBytes: number): Promise<AsyncIterable<Uint8Array>>;
}

/** Checks untrusted artifact bytes and reads their signature; INVALID_ARGUMENT with the reason when they cannot be served. */
export interface ArtifactValidator {
  validate(bytes: Uint8Array): Promise<Signature & { format: string }>;
}

/** Wakes the outbox relay after a commit; never throws, never waits for delivery. */
export interface RelayKick {
  kick(): void;
}

export interface Clock {
  now(): Date;
}

export interface Deps {
  db: Db;
  blobs: BlobStore;
  validator: ArtifactValidator;
  relay: RelayKick;
  feed: AliasFeed;
  clock: Clock;
  newId: () => string;
  limits: { maxArtifactBytes: number; uploadTtlMs: number };
}
