import { DomainError, isService, type Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';
import { isModelName, parseVersionSelector } from './rules.ts';
import type { ModelVersion, TenantScope } from './types.ts';

export interface GetModelVersionInput {
  model: string;
  /** OIP's model_version rule: '' = production, digits = that number, else an alias name. */
  version: string;
  /** Honoured for service identities only (a worker resolving any tenant's model); users always get their own tenant. */
  tenant?: string | undefined;
}

/** One version of a model, resolved with the OIP version rule; NOT_FOUND when the model, number or alias is absent. */
export async function getModelVersion(deps: Deps, who: Identity, input: GetModelVersionInput): Promise<ModelVersion> {
  const scope: TenantScope = isService(who) && input.tenant ? { tenantId: input.tenant } : who;
  const model = isModelName(input.model) ? await deps.db.models.byName(scope, input.model) : null;
  if (!model) throw new DomainError('NOT_FOUND', `model "${input.model}" not found`);
  const sel = parseVersionSelector(input.version);
  if (sel.kind === 'number') {
    const v = await deps.db.versions.byNumber(scope, model.id, sel.number);
    if (!v) throw new DomainError('NOT_FOUND', `model "${model.name}" has no version ${sel.number}`);
    return v;
  }
  const alias = await deps.db.aliases.byName(scope, model.id, sel.alias);
  const v = alias ? (await deps.db.versions.byIds(scope, [alias.versionId]))[0] : undefined;
  if (!v) throw new DomainError('NOT_FOUND', `model "${model.name}" has no alias "${sel.alias}"`);
  return v;
}
