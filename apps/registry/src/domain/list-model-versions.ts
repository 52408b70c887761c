import { DomainError, type Identity } from '@mizan/service-kit';
import { decodeCursor, encodeCursor, pageSize, toPage, type PageRequest } from './pagination.ts';
import type { Deps } from './ports.ts';
import type { ModelVersion, Page } from './types.ts';

/** Versions of one model of the caller's tenant, newest (highest number) first. */
export async function listModelVersions(deps: Deps, who: Identity, modelId: string, req: PageRequest): Promise<Page<ModelVersion>> {
  const first = pageSize(req.first);
  const raw = decodeCursor('version', req.after);
  const before = raw === undefined ? undefined : Number(raw);
  if (before !== undefined && !(Number.isInteger(before) && before > 0)) throw new DomainError('INVALID_ARGUMENT', 'after: not a cursor of this list');
  const rows = await deps.db.versions.page(who, modelId, first + 1, before);
  return toPage(rows, first, (v) => encodeCursor('version', v.number));
}
