import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { asDomainError, graphqlCodeOf, httpStatusOf } from './errors.ts';
import { identityFromHeaders, type Identity, type TokenVerifier } from './identity.ts';
import { readBody, type Route } from './http-server.ts';

export interface SubgraphCtx extends BaseContext {
  readonly who: Identity;
  readonly requestId: string;
  readonly log: Logger;
}

export interface SubgraphOptions {
  typeDefs: DocumentNode;
  // Resolver maps are loosely typed by @apollo/subgraph itself.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: any;
  verifier: TokenVerifier;
  log: Logger;
}

/** Maps domain errors to GraphQL `extensions.code`; anything else becomes INTERNAL_SERVER_ERROR with no detail. */
export function formatGraphQLError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const d = asDomainError(original);
    if (d) return { message: d.message, path: formatted.path, extensions: { code: graphqlCodeOf(d.code) } };
    if (original instanceof GraphQLError || (formatted.extensions?.code && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR')) return formatted;
    log.error({ err: original }, 'resolver failed with an internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** A federation subgraph served as a `/graphql` route of the service's HTTP server; every request is authenticated. */
export async function createSubgraphRoute(o: SubgraphOptions): Promise<{ route: Route; stop(): Promise<void> }> {
  const server = new ApolloServer<SubgraphCtx>({
    schema: buildSubgraphSchema([{ typeDefs: o.typeDefs, resolvers: o.resolvers }]),
    formatError: formatGraphQLError(o.log),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // Apollo's own SIGTERM handler would re-raise the signal and kill the process before onShutdown drains.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  const context = async (req: IncomingMessage, ctx: { requestId: string; log: Logger }): Promise<SubgraphCtx> => {
    try {
      return { who: await identityFromHeaders(o.verifier, req.headers), requestId: ctx.requestId, log: ctx.log };
    } catch (e) {
      throw toGraphQLAuthError(e);
    }
  };
  const handler = apolloHandler(server, context);
  return { route: { method: 'POST', path: '/graphql', handler }, stop: () => server.stop() };
}

/** A DomainError from authentication as a GraphQLError that Apollo answers with the right HTTP status. */
export function toGraphQLAuthError(e: unknown): unknown {
  const d = asDomainError(e);
  if (!d) return e;
  return new GraphQLError(d.message, { extensions: { code: graphqlCodeOf(d.code), http: { status: httpStatusOf(d.code) } } });
}

/** Serves an ApolloServer from a node:http route (Apollo's integration API; no Express). */
export function apolloHandler<C extends BaseContext>(
  server: ApolloServer<C>,
  context: (req: IncomingMessage, ctx: { requestId: string; log: Logger }) => Promise<C>,
) {
  return async (req: IncomingMessage, res: ServerResponse, ctx: { requestId: string; log: Logger; url: URL }): Promise<void> => {
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const raw = req.method === 'POST' ? (await readBody(req, 8 * 1024 * 1024)).toString('utf8') : '';
    let body: unknown = undefined;
    try { body = raw ? JSON.parse(raw) : undefined; } catch { body = raw; }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: ctx.url.search, body },
      context: () => context(req, ctx),
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') return void res.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
