import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { databaseNameOf, ensureDatabase, holdPort } from '@mizan/db';
import type { DevIssuer } from '@mizan/service-kit';
import { repoRoot } from './supergraph.ts';

export const DATA_SERVICES = ['audit', 'registry', 'monitoring', 'experiment'] as const;
export type DataService = (typeof DATA_SERVICES)[number];

/** The processes npm start runs, in start order (a service starts after those it calls). */
export const SERVICES = ['audit', 'registry', 'monitoring', 'experiment', 'inference', 'gateway'] as const;
export type Service = (typeof SERVICES)[number];

export interface Ports {
  gateway: { grpc: number; http: number };
  registry: { grpc: number; http: number };
  experiment: { grpc: number; http: number };
  monitoring: { grpc: number; http: number };
  audit: { grpc: number; http: number };
  /** Router ports (OIP gRPC and REST) and the in-process worker's. */
  inference: { grpc: number; http: number; workerGrpc: number; workerHttp: number };
}

export const DEFAULT_PORTS: Ports = {
  gateway: { grpc: 50050, http: 4000 },
  registry: { grpc: 50051, http: 8081 },
  experiment: { grpc: 50052, http: 8082 },
  monitoring: { grpc: 50053, http: 8083 },
  audit: { grpc: 50054, http: 8084 },
  inference: { grpc: 8001, http: 8000, workerGrpc: 8101, workerHttp: 8111 },
};

export async function freePorts(): Promise<Ports> {
  const held: Array<Awaited<ReturnType<typeof holdPort>>> = [];
  const next = async () => { const h = await holdPort(); held.push(h); return h.port; };
  const p = async () => ({ grpc: await next(), http: await next() });
  const ports: Ports = {
    gateway: await p(), registry: await p(), experiment: await p(), monitoring: await p(), audit: await p(),
    inference: { ...(await p()), workerGrpc: await next(), workerHttp: await next() },
  };
  await Promise.all(held.map((h) => h.release()));
  return ports;
}

export interface PlatformOptions {
  /** State folder (.mizan/ for npm start, a temp dir in tests): tokens, artifacts. */
  dir: string;
  ports: Ports;
  /** One database per data-owning service (database per service: none reads another's). */
  databaseUrls: Record<DataService, string>;
  /** When given, a role on that server that may create the databases above if they are missing. */
  adminDatabaseUrl?: string;
  issuer: DevIssuer & { jwksFile: string };
  /** Receives every child's output line, prefixed with its name. */
  output: (service: Service, line: string) => void;
  logLevel?: string;
  extraEnv?: Record<string, string>;
}

export interface Platform {
  readonly ports: Ports;
  readonly graphqlUrl: string;
  stop(): Promise<void>;
}

/** Starts every service as its own process (npm start and the end-to-end tests share this). */
export async function startPlatform(o: PlatformOptions): Promise<Platform> {
  // Each data-owning service applies its own migrations at start (under an advisory lock).
  if (o.adminDatabaseUrl) for (const s of DATA_SERVICES) await ensureDatabase(o.adminDatabaseUrl, databaseNameOf(o.databaseUrls[s]));
  const tokenDir = join(o.dir, 'tokens');
  mkdirSync(tokenDir, { recursive: true });
  const p = o.ports;
  const target = (port: number) => `127.0.0.1:${port}`;
  const common: Record<string, string> = {
    MIZAN_LOG_LEVEL: o.logLevel ?? 'info',
    MIZAN_JWKS_FILE: o.issuer.jwksFile,
    MIZAN_JWT_ISSUER: o.issuer.issuer,
    MIZAN_JWT_AUDIENCE: o.issuer.audience,
    MIZAN_REGISTRY_GRPC_TARGET: target(p.registry.grpc),
    MIZAN_AUDIT_GRPC_TARGET: target(p.audit.grpc),
    MIZAN_MONITORING_GRPC_TARGET: target(p.monitoring.grpc),
    MIZAN_EXPERIMENT_GRPC_TARGET: target(p.experiment.grpc),
    APOLLO_TELEMETRY_DISABLED: 'true',
    ...o.extraEnv,
  };
  const env: Record<Service, Record<string, string>> = {
    audit: { MIZAN_AUDIT_GRPC_PORT: `${p.audit.grpc}`, MIZAN_AUDIT_HTTP_PORT: `${p.audit.http}` },
    registry: { MIZAN_REGISTRY_GRPC_PORT: `${p.registry.grpc}`, MIZAN_REGISTRY_HTTP_PORT: `${p.registry.http}`, MIZAN_ARTIFACT_DIR: join(o.dir, 'artifacts') },
    monitoring: { MIZAN_MONITORING_GRPC_PORT: `${p.monitoring.grpc}`, MIZAN_MONITORING_HTTP_PORT: `${p.monitoring.http}` },
    experiment: { MIZAN_EXPERIMENT_GRPC_PORT: `${p.experiment.grpc}`, MIZAN_EXPERIMENT_HTTP_PORT: `${p.experiment.http}` },
    inference: {
      MIZAN_INFERENCE_ROLE: 'router,worker',
      MIZAN_INFERENCE_GRPC_PORT: `${p.inference.grpc}`,
      MIZAN_INFERENCE_HTTP_PORT: `${p.inference.http}`,
      MIZAN_INFERENCE_WORKER_GRPC_PORT: `${p.inference.workerGrpc}`,
      MIZAN_INFERENCE_WORKER_HTTP_PORT: `${p.inference.workerHttp}`,
      MIZAN_INFERENCE_WORKERS: target(p.inference.workerGrpc),
    },
    gateway: {
      MIZAN_GATEWAY_GRPC_PORT: `${p.gateway.grpc}`,
      MIZAN_GATEWAY_HTTP_PORT: `${p.gateway.http}`,
      MIZAN_REGISTRY_SUBGRAPH_URL: `http://127.0.0.1:${p.registry.http}/graphql`,
      MIZAN_INFERENCE_SUBGRAPH_URL: `http://127.0.0.1:${p.inference.http}/graphql`,
      MIZAN_EXPERIMENT_SUBGRAPH_URL: `http://127.0.0.1:${p.experiment.http}/graphql`,
      MIZAN_MONITORING_SUBGRAPH_URL: `http://127.0.0.1:${p.monitoring.http}/graphql`,
      MIZAN_AUDIT_SUBGRAPH_URL: `http://127.0.0.1:${p.audit.http}/graphql`,
    },
  };
  for (const s of DATA_SERVICES) env[s][`MIZAN_${s.toUpperCase()}_DATABASE_URL`] = o.databaseUrls[s];

  const children = new Map<Service, ChildProcess>();
  const stop = async () => {
    // Reverse start order: callers stop before the services they call.
    for (const s of [...SERVICES].reverse()) {
      const c = children.get(s);
      if (!c || c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    for (const s of SERVICES) {
      const tokenFile = join(tokenDir, `${s}.jwt`);
      writeFileSync(tokenFile, await o.issuer.sign({ sub: `service:${s}`, tenant: '_system', roles: ['service'], ttlSeconds: 30 * 24 * 3600 }), { mode: 0o600 });
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=mizan-source', `apps/${s}/src/main.ts`], {
        cwd: repoRoot,
        env: { ...process.env, ...common, ...env[s], MIZAN_SERVICE_TOKEN_FILE: tokenFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.set(s, child);
      for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (l) => o.output(s, l));
      await waitReady(s, child, readyUrl(s, p));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { ports: p, graphqlUrl: `http://127.0.0.1:${p.gateway.http}/graphql`, stop };
}

const readyUrl = (s: Service, p: Ports) => `http://127.0.0.1:${s === 'inference' ? p.inference.http : p[s].http}/readyz`;

async function waitReady(s: Service, child: ChildProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${s} exited with code ${child.exitCode} before it was ready (see its log lines above)`);
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${s} was not ready at ${url} within ${timeoutMs / 1000}s`);
}
