import { readFile } from 'node:fs/promises';
import { auditV1 } from '@mizan/protos';
import { createGrpcClient, unaryCall } from '@mizan/service-kit';
import type { AuditEvent } from '../domain/types.ts';

export const toAuditProto = (e: AuditEvent): auditV1.AuditEvent => ({
  id: e.id,
  tenant: e.tenant,
  actor: e.actor,
  action: e.action,
  entityType: e.entity_type,
  entityId: e.entity_id,
  payloadJson: JSON.stringify(e.payload),
  occurredAt: new Date(e.occurred_at),
  requestId: e.request_id,
});

/**
 * Appends events to the audit service as this service (bearer = the token in MIZAN_SERVICE_TOKEN_FILE,
 * re-read per call so a rotated token is picked up). Audit dedupes on the event id.
 */
export function createAuditClient(o: { target: string; tokenFile: string; deadlineMs?: number }) {
  const client = createGrpcClient(auditV1.AuditServiceClient, o.target);
  return {
    async deliver(e: AuditEvent): Promise<void> {
      const token = (await readFile(o.tokenFile, 'utf8')).trim();
      await unaryCall<auditV1.AppendRequest, auditV1.AppendResponse>(client.append.bind(client), { event: toAuditProto(e) }, {
        token, requestId: e.request_id, deadlineMs: o.deadlineMs ?? 5_000,
      });
    },
    close: () => client.close(),
  };
}
