import { readFileSync } from 'node:fs';
import { GraphQLScalarType, Kind, parse, type DocumentNode } from 'graphql';
import type { SubgraphCtx } from '@mizan/service-kit';
import { addModelVersion, type AddModelVersionInput } from '../../domain/add-model-version.ts';
import { findModel } from '../../domain/find-model.ts';
import { listModelVersions } from '../../domain/list-model-versions.ts';
import { listModels } from '../../domain/list-models.ts';
import type { PageRequest } from '../../domain/pagination.ts';
import type { Deps } from '../../domain/ports.ts';
import { registerModel, type RegisterModelInput } from '../../domain/register-model.ts';
import { setAlias, type SetAliasInput } from '../../domain/set-alias.ts';
import type { Alias, Model, ModelVersion, Page } from '../../domain/types.ts';
import { loadersOf } from './loaders.ts';

export const typeDefs: DocumentNode = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const connection = <T>(p: Page<T>) => ({ edges: p.items, pageInfo: { hasNextPage: p.hasNextPage, endCursor: p.endCursor } });

/** RFC 3339 UTC timestamps out; accepted in as strings (no argument uses it yet). */
const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An RFC 3339 UTC timestamp.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: (v) => new Date(String(v)),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? new Date(ast.value) : null),
});

/** Resolvers decode, call one use case and encode; errors are mapped by the kit's formatError. */
export function createResolvers(deps: Deps) {
  return {
    DateTime,
    Query: {
      models: async (_: unknown, args: PageRequest, ctx: SubgraphCtx) => {
        const page = await listModels(deps, ctx.who, args);
        const l = loadersOf(deps, ctx);
        for (const { node } of page.items) l.modelById.prime(node.id, node);
        return connection(page);
      },
      model: (_: unknown, args: { name: string }, ctx: SubgraphCtx) => findModel(deps, ctx.who, args.name),
    },
    Mutation: {
      registerModel: (_: unknown, args: { input: RegisterModelInput }, ctx: SubgraphCtx) =>
        registerModel(deps, ctx.who, args.input, { requestId: ctx.requestId }),
      addModelVersion: (_: unknown, args: { input: AddModelVersionInput }, ctx: SubgraphCtx) =>
        addModelVersion(deps, ctx.who, args.input, { requestId: ctx.requestId }),
      setAlias: (_: unknown, args: { input: SetAliasInput }, ctx: SubgraphCtx) =>
        setAlias(deps, ctx.who, args.input, { requestId: ctx.requestId }),
    },
    Model: {
      __resolveReference: (ref: { id?: string; name?: string }, ctx: SubgraphCtx) => {
        const l = loadersOf(deps, ctx);
        if (ref.id !== undefined) return l.modelById.load(ref.id);
        return ref.name !== undefined ? l.modelByName.load(ref.name) : null;
      },
      versions: async (m: Model, args: PageRequest, ctx: SubgraphCtx) => connection(await listModelVersions(deps, ctx.who, m.id, args)),
      aliases: (m: Model, _: unknown, ctx: SubgraphCtx) => loadersOf(deps, ctx).aliasesByModelId.load(m.id),
    },
    ModelVersion: {
      __resolveReference: (ref: { id: string }, ctx: SubgraphCtx) => loadersOf(deps, ctx).versionById.load(ref.id),
      model: (v: ModelVersion, _: unknown, ctx: SubgraphCtx) => loadersOf(deps, ctx).modelById.load(v.modelId),
    },
    Alias: {
      version: (a: Alias, _: unknown, ctx: SubgraphCtx) => loadersOf(deps, ctx).versionById.load(a.versionId),
    },
  };
}
