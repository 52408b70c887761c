import { DomainError, type Identity } from '@mizan/service-kit';
import { versionAdded } from './audit-events.ts';
import type { Deps } from './ports.ts';
import { assertModelName, assertSha256, isUuid } from './rules.ts';
import type { CallInfo, ModelVersion } from './types.ts';

export interface AddModelVersionInput {
  model: string;
  uploadId: string;
  sha256: string;
}

/**
 * Turns an upload of the caller's tenant into the model's next immutable version: the sha256 must match,
 * the bytes must pass inspection and load in onnxruntime (outside any transaction), then one transaction
 * numbers the version under a lock on the model row, consumes the upload and writes the audit event.
 * Creates nothing when any step fails.
 */
export async function addModelVersion(deps: Deps, who: Identity, input: AddModelVersionInput, call: CallInfo): Promise<ModelVersion> {
  const modelName = assertModelName(input.model, 'model');
  const sha256 = assertSha256(input.sha256);
  const model = await deps.db.models.byName(who, modelName);
  if (!model) throw new DomainError('NOT_FOUND', `model "${modelName}" not found`);
  const upload = isUuid(input.uploadId) ? await deps.db.uploads.byId(who, input.uploadId) : null;
  if (!upload) throw new DomainError('NOT_FOUND', `upload "${input.uploadId}" not found`);
  if (upload.consumedAt) throw new DomainError('FAILED_PRECONDITION', `upload "${upload.id}" was already used for a version; upload the artifact again`);
  if (upload.expiresAt <= deps.clock.now()) throw new DomainError('FAILED_PRECONDITION', `upload "${upload.id}" expired at ${upload.expiresAt.toISOString()}; upload the artifact again`);
  if (upload.sha256 !== sha256) throw new DomainError('INVALID_ARGUMENT', `sha256: does not match the upload (${upload.sha256})`);

  const bytes = await deps.blobs.read(who.tenantId, sha256);
  const checked = await deps.validator.validate(bytes);

  const version = await deps.db.transaction(async (tx) => {
    if (!(await tx.models.lock(who, model.id))) throw new DomainError('NOT_FOUND', `model "${modelName}" not found`);
    if (!(await tx.uploads.consume(who, upload.id, deps.clock.now()))) {
      throw new DomainError('FAILED_PRECONDITION', `upload "${upload.id}" was used or expired meanwhile; upload the artifact again`);
    }
    const number = (await tx.versions.maxNumber(who, model.id)) + 1;
    const v = await tx.versions.create(who, {
      id: deps.newId(), tenantId: who.tenantId, modelId: model.id, number, sha256, size: upload.size,
      format: checked.format, inputs: checked.inputs, outputs: checked.outputs, createdBy: who.subject,
    });
    await tx.outbox.append(versionAdded(who, call, { id: deps.newId(), occurred_at: deps.clock.now().toISOString() }, v, upload.id));
    return v;
  });
  deps.relay.kick();
  return version;
}
