import DataLoader from 'dataloader';
import type { SubgraphCtx } from '@mizan/service-kit';
import { aliasesOfModels, modelsByIds, modelsByNames, versionsByIds } from '../../domain/batch-lookups.ts';
import type { Deps } from '../../domain/ports.ts';
import type { Alias, Model, ModelVersion } from '../../domain/types.ts';

export interface Loaders {
  modelById: DataLoader<string, Model | null>;
  modelByName: DataLoader<string, Model | null>;
  versionById: DataLoader<string, ModelVersion | null>;
  aliasesByModelId: DataLoader<string, Alias[]>;
}

// One set per request (the context object lives exactly as long as the request), so a memo never outlives
// its caller's identity and never serves one tenant's rows to another.
const perRequest = new WeakMap<SubgraphCtx, Loaders>();

export function loadersOf(deps: Deps, ctx: SubgraphCtx): Loaders {
  let l = perRequest.get(ctx);
  if (!l) {
    const who = ctx.who;
    l = {
      modelById: new DataLoader((ids) => modelsByIds(deps, who, ids)),
      modelByName: new DataLoader((names) => modelsByNames(deps, who, names)),
      versionById: new DataLoader((ids) => versionsByIds(deps, who, ids)),
      aliasesByModelId: new DataLoader((ids) => aliasesOfModels(deps, who, ids)),
    };
    perRequest.set(ctx, l);
  }
  return l;
}
