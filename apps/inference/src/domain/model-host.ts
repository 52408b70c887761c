import { asDomainError, DomainError } from '@mizan/service-kit';
import { describeSpec, modelNotFound, type VersionSpec } from './model-ref.ts';
import { ArtifactLoader, artifactKey } from './artifact-loader.ts';
import type { AliasChange, Clock, HostEvents, InferencePool, LoadedSignature, Log, RegistryPort } from './ports.ts';
import { ArtifactMismatchError, ArtifactTooLargeError } from './verify-artifact.ts';

/** One model version on this worker; the pool holds its session under `key` (tenant/sha256). */
export interface ServedVersion {
  readonly tenant: string;
  readonly model: string;
  readonly version: number;
  readonly sha256: string;
  readonly key: string;
  state: 'loading' | 'ready' | 'failed';
  signature?: LoadedSignature;
  /** Why the last load failed (said to the model's own tenant only). */
  error?: string;
  /** Settles (never rejects) when the current load attempt ends. */
  loading: Promise<void>;
  /** Inferences holding this version (queued or running): it is never unloaded under them. */
  inflight: number;
  lastUsed: number;
  /** Asked for by number: kept while used, even when no alias points at it. */
  pinned: boolean;
  unreferencedSince?: number;
  failures: number;
  retryAt: number;
  retryTimer?: NodeJS.Timeout;
}

/** A version as the worker reports it to routers. */
export interface HostedModel {
  tenant: string;
  model: string;
  version: number;
  sha256: string;
  aliases: string[];
  provider: string;
  ready: boolean;
  queueDepth: number;
}

export interface ModelHostOptions {
  maxModelBytes: number;
  /** A version no alias points to stays loaded this long (in-flight and rollback-friendly). */
  unloadGraceMs: number;
  /** Inferences queued or running on the worker before RESOURCE_EXHAUSTED. */
  maxQueue: number;
  /** How long "no such version" from the registry is remembered, so that a bad client cannot make the worker call it per request. */
  notFoundCacheMs?: number;
}

export interface ModelHostDeps {
  registry: RegistryPort;
  pool: InferencePool;
  log: Log;
  events: HostEvents;
  clock: Clock;
}

interface ModelAliases {
  /** What routes now: alias → version, only ever pointing at a ready version. */
  served: Map<string, number>;
  /** What the registry says: alias → version, possibly still loading. */
  wanted: Map<string, number>;
}

const MAX_RETRY_MS = 60_000;
const SEP = '\u0000';
const modelKey = (tenant: string, model: string) => `${tenant}${SEP}${model}`;
const versionKey = (tenant: string, model: string, version: number) => `${tenant}${SEP}${model}${SEP}${version}`;

/**
 * The worker's routing table and loader. Aliases come from the registry's stream; each alias target
 * is downloaded, checked against its sha256, loaded into the pool, and only then does the alias move
 * to it, so the previous version keeps serving until the new one can. Versions asked for by number
 * are resolved once with the registry and cached. The table is keyed by (tenant, model): a request
 * only ever looks in its own tenant, so another tenant's model does not exist for it.
 */
export class ModelHost {
  private readonly versions = new Map<string, ServedVersion>();
  private readonly models = new Map<string, ModelAliases>();
  private readonly artifacts: ArtifactLoader;
  private readonly resolving = new Map<string, Promise<ServedVersion>>();
  private readonly notFound = new Map<string, number>();
  private readonly sweepTimer: NodeJS.Timeout;
  private inflightTotal = 0;
  private closed = false;
  /** True once the first alias snapshot is applied. */
  synced = false;

  constructor(
    private readonly deps: ModelHostDeps,
    private readonly opts: ModelHostOptions,
  ) {
    this.artifacts = new ArtifactLoader(deps, opts.maxModelBytes);
    const every = Math.min(5_000, Math.max(100, opts.unloadGraceMs / 2));
    this.sweepTimer = setInterval(() => this.sweep(), every);
    this.sweepTimer.unref();
  }

  /** Replaces the whole alias table with a snapshot (aliases missing from it are gone). */
  replaceAliases(snapshot: readonly AliasChange[]): void {
    const keep = new Set(snapshot.map((c) => `${modelKey(c.tenant, c.model)}${SEP}${c.alias}`));
    for (const [mk, m] of this.models) {
      for (const alias of new Set([...m.wanted.keys(), ...m.served.keys()])) {
        if (!keep.has(`${mk}${SEP}${alias}`)) {
          m.wanted.delete(alias);
          m.served.delete(alias);
        }
      }
    }
    for (const c of snapshot) this.applyAlias(c);
    this.synced = true;
    this.deps.events.changed();
  }

  /** One alias move or deletion. A move loads the target first; the alias switches once it is ready. */
  applyAlias(c: AliasChange): void {
    if (this.closed) return;
    const m = this.aliasesOf(c.tenant, c.model);
    if (c.deleted) {
      m.wanted.delete(c.alias);
      m.served.delete(c.alias);
      this.deps.log.info({ tenant: c.tenant, model: c.model, alias: c.alias }, 'alias deleted');
    } else {
      m.wanted.set(c.alias, c.version);
      const v = this.ensureVersion(c.tenant, c.model, c.version, c.sha256);
      if (v.state === 'ready') this.flipReady(c.tenant, c.model);
    }
    this.deps.events.changed();
  }

  /** The ready version a request names, in the caller's tenant; loads a version asked for by number. */
  async resolve(tenant: string, model: string, spec: VersionSpec, signal?: AbortSignal): Promise<ServedVersion> {
    if (this.closed) throw new DomainError('UNAVAILABLE', 'the worker is shutting down');
    if (spec.kind === 'alias') return this.resolveAlias(tenant, model, spec);
    const v = this.versions.get(versionKey(tenant, model, spec.number)) ?? (await this.resolveNumber(tenant, model, spec.number));
    v.pinned = true;
    v.lastUsed = this.deps.clock.now();
    if (v.state === 'failed' && this.deps.clock.now() >= v.retryAt) this.startLoad(v);
    if (v.state === 'loading') await untilSettled(v.loading, signal);
    if (v.state === 'ready') return v;
    throw new DomainError('UNAVAILABLE', `${describeSpec(model, spec)} could not be loaded (${v.error ?? 'loading'}); retry later`);
  }

  /** Whether a request would be served now, without loading anything: ready, known but not ready, or unknown. */
  readiness(tenant: string, model: string, spec: VersionSpec): 'ready' | 'not_ready' | 'unknown' {
    const m = this.models.get(modelKey(tenant, model));
    if (spec.kind === 'alias') {
      const served = m?.served.get(spec.alias);
      if (served !== undefined && this.versions.get(versionKey(tenant, model, served))?.state === 'ready') return 'ready';
      return m?.wanted.has(spec.alias) ? 'not_ready' : 'unknown';
    }
    const v = this.versions.get(versionKey(tenant, model, spec.number));
    if (v) return v.state === 'ready' ? 'ready' : 'not_ready';
    return m && (m.wanted.size > 0 || this.readyVersions(tenant, model).length > 0) ? 'not_ready' : 'unknown';
  }

  /** Counts an inference against the version (and the worker's queue bound) until release(). */
  acquire(v: ServedVersion): void {
    if (this.inflightTotal >= this.opts.maxQueue) {
      throw new DomainError('RESOURCE_EXHAUSTED', `the worker has ${this.inflightTotal} inferences queued or running (limit ${this.opts.maxQueue}); retry later`);
    }
    v.inflight++;
    this.inflightTotal++;
    v.lastUsed = this.deps.clock.now();
  }

  release(v: ServedVersion): void {
    v.inflight--;
    this.inflightTotal--;
  }

  get queueDepth(): number {
    return this.inflightTotal;
  }

  /** Ready version numbers of one of the tenant's models, ascending. */
  readyVersions(tenant: string, model: string): number[] {
    return [...this.versions.values()]
      .filter((v) => v.tenant === tenant && v.model === model && v.state === 'ready')
      .map((v) => v.version)
      .sort((a, b) => a - b);
  }

  /** Every version on this worker with the aliases that route to it (or will, once it is loaded). */
  hosted(): HostedModel[] {
    return [...this.versions.values()].map((v) => {
      const m = this.models.get(modelKey(v.tenant, v.model));
      const table = v.state === 'ready' ? m?.served : m?.wanted;
      const aliases = [...(table ?? [])].filter(([, n]) => n === v.version).map(([a]) => a).sort();
      return {
        tenant: v.tenant, model: v.model, version: v.version, sha256: v.sha256, aliases,
        provider: v.signature?.provider ?? '', ready: v.state === 'ready', queueDepth: v.inflight,
      };
    });
  }

  loadedCount(): number {
    return [...this.versions.values()].filter((v) => v.state === 'ready').length;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const v of this.versions.values()) clearTimeout(v.retryTimer);
  }

  private resolveAlias(tenant: string, model: string, spec: Extract<VersionSpec, { kind: 'alias' }>): ServedVersion {
    const m = this.models.get(modelKey(tenant, model));
    const served = m?.served.get(spec.alias);
    const v = served === undefined ? undefined : this.versions.get(versionKey(tenant, model, served));
    if (v?.state === 'ready') return v;
    const wanted = m?.wanted.get(spec.alias);
    if (wanted === undefined) throw modelNotFound(model, spec);
    const target = this.versions.get(versionKey(tenant, model, wanted));
    throw new DomainError(
      'UNAVAILABLE',
      target?.state === 'failed'
        ? `${describeSpec(model, spec)} points at version ${wanted}, which could not be loaded (${target.error}); retrying`
        : `${describeSpec(model, spec)} points at version ${wanted}, which is still loading; retry shortly`,
    );
  }

  private resolveNumber(tenant: string, model: string, number: number): Promise<ServedVersion> {
    const key = versionKey(tenant, model, number);
    const spec: VersionSpec = { kind: 'number', number };
    if ((this.notFound.get(key) ?? 0) > this.deps.clock.now()) return Promise.reject(modelNotFound(model, spec));
    let p = this.resolving.get(key);
    if (!p) {
      p = this.deps.registry
        .getModelVersion(tenant, model, number)
        .then(
          (ref) => this.ensureVersion(tenant, model, number, ref.sha256),
          (err: unknown) => {
            if (asDomainError(err)?.code === 'NOT_FOUND') {
              if (this.notFound.size > 10_000) this.notFound.clear();
              this.notFound.set(key, this.deps.clock.now() + (this.opts.notFoundCacheMs ?? 5_000));
              throw modelNotFound(model, spec);
            }
            this.deps.log.error({ err, tenant, model, version: number }, 'could not resolve a model version with the registry');
            throw new DomainError('UNAVAILABLE', `${describeSpec(model, spec)} cannot be resolved now (registry unavailable); retry later`);
          },
        )
        .finally(() => this.resolving.delete(key));
      this.resolving.set(key, p);
    }
    return p;
  }

  private aliasesOf(tenant: string, model: string): ModelAliases {
    const mk = modelKey(tenant, model);
    let m = this.models.get(mk);
    if (!m) this.models.set(mk, (m = { served: new Map(), wanted: new Map() }));
    return m;
  }

  private ensureVersion(tenant: string, model: string, version: number, sha256: string): ServedVersion {
    const vk = versionKey(tenant, model, version);
    const existing = this.versions.get(vk);
    if (existing) {
      if (existing.sha256 !== sha256) this.deps.log.warn({ tenant, model, version, known: existing.sha256, announced: sha256 }, 'a version changed its sha256; versions are immutable, keeping the loaded one');
      if (existing.state === 'failed' && this.deps.clock.now() >= existing.retryAt) this.startLoad(existing);
      return existing;
    }
    const v: ServedVersion = {
      tenant, model, version, sha256: sha256.toLowerCase(), key: artifactKey(tenant, sha256),
      state: 'loading', loading: Promise.resolve(), inflight: 0, lastUsed: this.deps.clock.now(), pinned: false, failures: 0, retryAt: 0,
    };
    this.versions.set(vk, v);
    this.startLoad(v);
    return v;
  }

  private startLoad(v: ServedVersion): void {
    clearTimeout(v.retryTimer);
    v.retryTimer = undefined;
    v.state = 'loading';
    const started = this.deps.clock.now();
    const vk = versionKey(v.tenant, v.model, v.version);
    const { log, events } = this.deps;
    v.loading = this.artifacts.acquire(v.tenant, v.sha256, vk).then(
      (signature) => {
        if (this.versions.get(vk) !== v || this.closed) return;
        Object.assign(v, { state: 'ready', signature, error: undefined, failures: 0 });
        events.modelLoaded('ok', (this.deps.clock.now() - started) / 1000);
        log.info({ tenant: v.tenant, model: v.model, version: v.version, sha256: v.sha256, provider: signature.provider }, 'model version loaded');
        this.flipReady(v.tenant, v.model);
        events.changed();
      },
      (err: unknown) => {
        if (this.versions.get(vk) !== v || this.closed) return;
        v.failures++;
        v.state = 'failed';
        v.error = publicReason(err);
        v.retryAt = this.deps.clock.now() + Math.min(MAX_RETRY_MS, 1_000 * 2 ** (v.failures - 1));
        events.modelLoaded('failed', (this.deps.clock.now() - started) / 1000);
        log.error({ err, tenant: v.tenant, model: v.model, version: v.version, sha256: v.sha256, retryInMs: v.retryAt - this.deps.clock.now() }, 'model version failed to load');
        if (this.isWanted(v)) {
          v.retryTimer = setTimeout(() => this.isWanted(v) && this.versions.get(vk) === v && this.startLoad(v), v.retryAt - this.deps.clock.now());
          v.retryTimer.unref();
        }
        events.changed();
      },
    );
    events.changed();
  }

  /** Moves every alias of the model whose wanted version is ready. */
  private flipReady(tenant: string, model: string): void {
    const m = this.models.get(modelKey(tenant, model));
    if (!m) return;
    for (const [alias, version] of m.wanted) {
      if (m.served.get(alias) === version) continue;
      if (this.versions.get(versionKey(tenant, model, version))?.state !== 'ready') continue;
      const previous = m.served.get(alias);
      m.served.set(alias, version);
      this.deps.log.info({ tenant, model, alias, version, previous }, 'alias now serves the new version');
    }
  }

  private isWanted(v: ServedVersion): boolean {
    const m = this.models.get(modelKey(v.tenant, v.model));
    return !!m && ([...m.wanted.values()].includes(v.version) || [...m.served.values()].includes(v.version));
  }

  /** Unloads versions no alias points to once unused for the grace period (pinned ones: ten times longer). */
  private sweep(): void {
    const now = this.deps.clock.now();
    for (const [k, until] of this.notFound) if (until <= now) this.notFound.delete(k);
    for (const [vk, v] of this.versions) {
      if (this.isWanted(v)) {
        v.unreferencedSince = undefined;
        continue;
      }
      v.unreferencedSince ??= now;
      const idle = now - Math.max(v.unreferencedSince, v.lastUsed);
      const limit = v.pinned ? Math.max(60_000, this.opts.unloadGraceMs * 10) : this.opts.unloadGraceMs;
      if (v.inflight > 0 || v.state === 'loading' || idle < limit) continue;
      this.versions.delete(vk);
      clearTimeout(v.retryTimer);
      this.deps.log.info({ tenant: v.tenant, model: v.model, version: v.version }, 'model version unloaded (no alias points to it)');
      this.artifacts.release(v.tenant, v.sha256, vk);
      this.deps.events.changed();
    }
  }
}

function publicReason(err: unknown): string {
  if (err instanceof ArtifactMismatchError) return 'artifact sha256 mismatch';
  if (err instanceof ArtifactTooLargeError) return err.message;
  const d = asDomainError(err);
  if (d?.code === 'INVALID_ARGUMENT') return `invalid model: ${d.message}`;
  return 'artifact download or load failed';
}

function untilSettled(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new DomainError('UNAVAILABLE', 'call cancelled while the model was loading'));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new DomainError('UNAVAILABLE', 'call cancelled while the model was loading'));
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
