// Batch readers behind the per-request GraphQL loaders: one query per kind of object and request, not one per field.
import type { Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';
import { isModelName, isUuid } from './rules.ts';
import type { Alias, Model, ModelVersion } from './types.ts';

/** Models of the caller's tenant by id, in the order asked; null where absent. */
export async function modelsByIds(deps: Deps, who: Identity, ids: readonly string[]): Promise<Array<Model | null>> {
  const rows = await deps.db.models.byIds(who, ids.filter(isUuid));
  const byId = new Map(rows.map((m) => [m.id, m]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Models of the caller's tenant by name, in the order asked; null where absent. */
export async function modelsByNames(deps: Deps, who: Identity, names: readonly string[]): Promise<Array<Model | null>> {
  const rows = await deps.db.models.byNames(who, names.filter(isModelName));
  const byName = new Map(rows.map((m) => [m.name, m]));
  return names.map((n) => byName.get(n) ?? null);
}

/** Versions of the caller's tenant by id, in the order asked; null where absent. */
export async function versionsByIds(deps: Deps, who: Identity, ids: readonly string[]): Promise<Array<ModelVersion | null>> {
  const rows = await deps.db.versions.byIds(who, ids.filter(isUuid));
  const byId = new Map(rows.map((v) => [v.id, v]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Aliases of each model (by name), for models of the caller's tenant. */
export async function aliasesOfModels(deps: Deps, who: Identity, modelIds: readonly string[]): Promise<Alias[][]> {
  const rows = await deps.db.aliases.byModelIds(who, modelIds.filter(isUuid));
  return modelIds.map((id) => rows.filter((a) => a.modelId === id).sort((a, b) => a.name.localeCompare(b.name)));
}
