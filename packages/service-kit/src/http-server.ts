import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { asDomainError, httpStatusOf } from './errors.ts';
import { newRequestId } from './ids.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface HttpCtx {
  readonly requestId: string;
  readonly log: Logger;
  readonly params: Record<string, string>;
  readonly url: URL;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse, ctx: HttpCtx) => Promise<void>;

export interface Route {
  method: string;
  /** A path with `:name` segments, e.g. `/v2/models/:model/infer`. */
  path: string;
  handler: HttpHandler;
  /** How errors are written: the kit default `{error, code, requestId}` or OIP's `{error}`. */
  errorBody?: (message: string, code: string, requestId: string) => unknown;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HttpServerOptions {
  host?: string;
  port: number;
  log: Logger;
  metrics: ServiceMetrics;
  routes?: Route[];
  readiness?: () => Promise<Readiness> | Readiness;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly server: Server;
  setReady(ready: boolean): void;
  stop(graceMs?: number): Promise<void>;
}

interface CompiledRoute extends Route { re: RegExp; keys: string[] }

function compile(r: Route): CompiledRoute {
  const keys: string[] = [];
  const src = r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, k: string) => { keys.push(k); return '([^/]+)'; });
  return { ...r, re: new RegExp(`^${src}$`), keys };
}

export function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

/** Reads the body up to a limit; 413 beyond it. */
export async function readBody(req: IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limitBytes) throw Object.assign(new Error(`request body larger than ${limitBytes} bytes`), { statusCode: 413 });
    chunks.push(c);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** A readiness check with its own deadline: ok, or not ok with what went wrong (never throws). */
export async function probe(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

const defaultErrorBody = (message: string, code: string, requestId: string) => ({ error: message, code, requestId });

/** HTTP server with /healthz, /readyz and /metrics built in, plus the service's routes. */
export async function startHttpServer(o: HttpServerOptions): Promise<RunningHttpServer> {
  const routes = (o.routes ?? []).map(compile);
  let accepting = true;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const server = createServer((req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? newRequestId();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    inFlight++;
    res.on('close', () => { inFlight--; if (inFlight === 0) idle?.(); });
    void handle(req, res, url, requestId);
  });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const log = o.log.child({ requestId, ...(req.headers.traceparent ? { traceparent: req.headers.traceparent } : {}) });
    let routeName = 'unmatched';
    try {
      if (url.pathname === '/healthz') { routeName = '/healthz'; return sendJson(res, 200, { status: 'ok' }); }
      if (url.pathname === '/readyz') {
        routeName = '/readyz';
        const r = o.readiness ? await o.readiness() : { ready: true, checks: {} };
        const ready = accepting && r.ready;
        return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: { ...r.checks, accepting: { ok: accepting } } });
      }
      if (url.pathname === '/metrics') {
        routeName = '/metrics';
        const body = await o.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': o.metrics.registry.contentType });
        return void res.end(body);
      }
      for (const r of routes) {
        const m = r.re.exec(url.pathname);
        if (!m) continue;
        routeName = r.path;
        if (r.method !== req.method) continue;
        const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
        try {
          return await r.handler(req, res, { requestId, log, params, url });
        } catch (e) {
          return writeError(res, e, requestId, log, r.errorBody ?? defaultErrorBody);
        }
      }
      const known = routes.some((r) => r.re.test(url.pathname));
      sendJson(res, known ? 405 : 404, defaultErrorBody(known ? `method ${req.method} not allowed` : `no route for ${url.pathname}`, known ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', requestId));
    } catch (e) {
      writeError(res, e, requestId, log, defaultErrorBody);
    } finally {
      o.metrics.httpRequests.inc({ route: routeName, status: String(res.statusCode) });
    }
  }

  function writeError(res: ServerResponse, e: unknown, requestId: string, log: Logger, body: NonNullable<Route['errorBody']>) {
    if (res.headersSent) { res.destroy(); return; }
    const d = asDomainError(e);
    const tooLarge = (e as { statusCode?: number }).statusCode === 413;
    if (d) return sendJson(res, httpStatusOf(d.code), body(d.message, d.code, requestId));
    if (tooLarge) return sendJson(res, 413, body((e as Error).message, 'PAYLOAD_TOO_LARGE', requestId));
    log.error({ err: e }, 'request failed with an internal error');
    sendJson(res, 500, body('internal error', 'INTERNAL', requestId));
  }

  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port, o.host ?? '127.0.0.1', () => resolve()); });
  const port = (server.address() as AddressInfo).port;
  o.log.info({ port }, 'HTTP server listening');
  return {
    port,
    server,
    setReady: (r) => { accepting = r; },
    async stop(graceMs = 10_000) {
      accepting = false;
      server.close();
      server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => { idle = resolve; setTimeout(resolve, graceMs).unref(); });
      server.closeAllConnections();
    },
  };
}
