import { DomainError, type Rpc } from '@mizan/service-kit';
import { auditV1 } from '@mizan/protos';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { AppendResult, AuditEventInput } from '../domain/audit-entry.ts';
import { appendEvent } from '../domain/append-event.ts';
import type { Deps } from '../domain/ports.ts';

function fromAppendRequest(req: auditV1.AppendRequest): AuditEventInput {
  const e = req.event;
  if (!e) throw new DomainError('INVALID_ARGUMENT', 'event is required');
  return {
    id: e.id, tenant: e.tenant, actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId,
    payloadJson: e.payloadJson, requestId: e.requestId, occurredAt: e.occurredAt,
  };
}

const toAppendResponse = (r: AppendResult): auditV1.AppendResponse => ({ sequence: r.entry.sequence, hash: r.entry.hash, duplicate: r.duplicate });

export function auditGrpcService(deps: Deps, rpc: Rpc) {
  const implementation: auditV1.AuditServiceServer = {
    append: rpc.unary<auditV1.AppendRequest, auditV1.AppendResponse>(async (req, ctx) => toAppendResponse(await appendEvent(deps, ctx.who, fromAppendRequest(req)))),
  };
  return { name: 'mizan.audit.v1.AuditService', definition: auditV1.AuditServiceService, implementation: implementation as UntypedServiceImplementation };
}
