import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { apolloHandler, formatGraphQLError, identityFromHeaders, toGraphQLAuthError, type Identity, type Logger, type Route, type TokenVerifier } from '@mizan/service-kit';
import { GraphQLError, Kind, type ASTNode, type DocumentNode } from 'graphql';

export interface GatewayCtx {
  who: Identity;
  requestId: string;
  traceparent?: string;
}

/** Forwards the caller's token and correlation ids unchanged; each subgraph verifies the token again. */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayCtx> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayCtx>['willSendRequest']>>[0]): void {
    if (!context.who) return;
    request.http?.headers.set('authorization', `Bearer ${context.who.token}`);
    request.http?.headers.set('x-request-id', context.requestId);
    if (context.traceparent) request.http?.headers.set('traceparent', context.traceparent);
  }
}

function depthOf(node: ASTNode, fragments: Map<string, ASTNode>, seen = new Set<string>()): number {
  if (node.kind === Kind.FRAGMENT_SPREAD) {
    const f = fragments.get(node.name.value);
    if (!f || seen.has(node.name.value)) return 0;
    return depthOf(f, fragments, new Set(seen).add(node.name.value));
  }
  const sel = 'selectionSet' in node && node.selectionSet ? node.selectionSet.selections : [];
  const inner = sel.length ? Math.max(...sel.map((s) => depthOf(s, fragments, seen))) : 0;
  return node.kind === Kind.FIELD ? 1 + inner : inner;
}

/** Rejects queries nested deeper than maxDepth before planning (a query limit the gateway owns). */
function depthLimit(maxDepth: number) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }: { document: DocumentNode }) {
          const fragments = new Map<string, ASTNode>(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as [string, ASTNode]] : [])));
          for (const d of document.definitions) {
            if (d.kind !== Kind.OPERATION_DEFINITION) continue;
            const depth = depthOf(d, fragments);
            if (depth > maxDepth) throw new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
        },
      };
    },
  };
}

export async function createGatewayRoute(o: {
  supergraphFile: string;
  subgraphUrls: Record<string, string>;
  verifier: TokenVerifier;
  log: Logger;
  maxDepth: number;
}): Promise<{ route: Route; stop(): Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(o.supergraphFile, 'utf8'),
    buildService: ({ name, url }) => new ForwardingDataSource({ url: o.subgraphUrls[name] ?? url }),
    logger: o.log,
  });
  const server = new ApolloServer<GatewayCtx>({
    gateway,
    formatError: formatGraphQLError(o.log),
    includeStacktraceInErrorResponses: false,
    plugins: [depthLimit(o.maxDepth)],
    // Apollo's own SIGTERM handler would re-raise the signal and kill the process before onShutdown drains.
    stopOnTerminationSignals: false,
  });
  await server.start();
  const handler = apolloHandler(server, async (req, ctx) => {
    try {
      const who = await identityFromHeaders(o.verifier, req.headers);
      const tp = req.headers.traceparent;
      return { who, requestId: ctx.requestId, ...(typeof tp === 'string' ? { traceparent: tp } : {}) };
    } catch (e) {
      throw toGraphQLAuthError(e);
    }
  });
  return { route: { method: 'POST', path: '/graphql', handler }, stop: () => server.stop() };
}
