import { DomainError, type Identity } from '@mizan/service-kit';
import { aliasSet } from './audit-events.ts';
import type { Deps } from './ports.ts';
import { assertAliasName, assertModelName, assertVersionNumber } from './rules.ts';
import type { Alias, CallInfo } from './types.ts';

export interface SetAliasInput {
  model: string;
  alias: string;
  version: number;
}

/** Points an alias at a version of the caller's tenant; the move, its revision and its audit event commit together. */
export async function setAlias(deps: Deps, who: Identity, input: SetAliasInput, call: CallInfo): Promise<Alias> {
  const modelName = assertModelName(input.model, 'model');
  const name = assertAliasName(input.alias);
  const number = assertVersionNumber(input.version);
  const alias = await deps.db.transaction(async (tx) => {
    const model = await tx.models.byName(who, modelName);
    if (!model) throw new DomainError('NOT_FOUND', `model "${modelName}" not found`);
    const version = await tx.versions.byNumber(who, model.id, number);
    if (!version) throw new DomainError('NOT_FOUND', `model "${modelName}" has no version ${number}`);
    const before = await tx.aliases.byName(who, model.id, name);
    const previous = before ? (await tx.versions.byIds(who, [before.versionId]))[0]?.number ?? null : null;
    const a = await tx.aliases.upsert(who, { id: before?.id ?? deps.newId(), modelId: model.id, name, versionId: version.id });
    const revision = await tx.aliases.recordChange(who, {
      modelName: model.name, alias: name, versionNumber: version.number, versionId: version.id, sha256: version.sha256, deleted: false,
    });
    await tx.outbox.append(aliasSet(who, call, { id: deps.newId(), occurred_at: deps.clock.now().toISOString() }, a, version, previous, revision));
    return a;
  });
  deps.relay.kick();
  return alias;
}
