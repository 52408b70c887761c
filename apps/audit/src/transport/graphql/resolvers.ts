import { readFileSync } from 'node:fs';
import { DateTimeScalar, decodeCursor, encodeCursor, JSONScalar, pageSize, toConnection, DomainError, type Identity, type SubgraphCtx } from '@mizan/service-kit';
import { parse } from 'graphql';
import type { AuditEntry } from '../../domain/audit-entry.ts';
import { checkAuditChain } from '../../domain/check-audit-chain.ts';
import { listAuditEntries } from '../../domain/list-audit-entries.ts';
import type { Deps, EntryFilter } from '../../domain/ports.ts';

export const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const CURSOR_KIND = 'audit-seq';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

function sequenceOf(after: string | null | undefined): bigint | undefined {
  const raw = decodeCursor(CURSOR_KIND, after);
  if (raw === undefined) return undefined;
  if (!/^\d{1,19}$/.test(raw)) throw new DomainError('INVALID_ARGUMENT', 'after is not a valid cursor for this list');
  return BigInt(raw);
}

const toNode = (e: AuditEntry) => ({
  id: e.id,
  sequence: Number(e.sequence),
  actor: e.actor,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  payload: e.payload,
  requestId: e.requestId,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash,
});

async function entries(deps: Deps, who: Identity, filter: EntryFilter, args: PageArgs) {
  const first = pageSize(args.first, 50);
  const rows = await listAuditEntries(deps, who, { filter, limit: first + 1, beforeSequence: sequenceOf(args.after) });
  return toConnection(rows, first, (e) => encodeCursor(CURSOR_KIND, e.sequence), toNode);
}

const orUndefined = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export function auditResolvers(deps: Deps) {
  return {
    DateTime: DateTimeScalar,
    JSON: JSONScalar,
    Query: {
      auditEntries: (_: unknown, a: PageArgs & { entityType?: string | null; entityId?: string | null }, ctx: SubgraphCtx) =>
        entries(deps, ctx.who, { entityType: orUndefined(a.entityType), entityId: orUndefined(a.entityId) }, a),
      auditChain: (_: unknown, _a: unknown, ctx: SubgraphCtx) => checkAuditChain(deps, ctx.who),
    },
    Model: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      auditEntries: (m: { id: string }, a: PageArgs, ctx: SubgraphCtx) => entries(deps, ctx.who, { modelId: m.id }, a),
    },
    ModelVersion: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      auditEntries: (v: { id: string }, a: PageArgs, ctx: SubgraphCtx) => entries(deps, ctx.who, { entityId: v.id }, a),
    },
  };
}
