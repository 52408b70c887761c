import type { Identity } from '@mizan/service-kit';
import type { Deps } from './ports.ts';
import { isModelName } from './rules.ts';
import type { Model } from './types.ts';

/** A model of the caller's tenant by name; null when there is none (a malformed name names none). */
export async function findModel(deps: Deps, who: Identity, name: string): Promise<Model | null> {
  return isModelName(name) ? deps.db.models.byName(who, name) : null;
}
