import type { Identity } from '@mizan/service-kit';
import { decodeCursor, encodeCursor, pageSize, toPage, type PageRequest } from './pagination.ts';
import type { Deps } from './ports.ts';
import { isUuid } from './rules.ts';
import { DomainError } from '@mizan/service-kit';
import type { Model, Page } from './types.ts';

/** The caller's tenant's models, newest first (UUIDv7 ids sort by creation time). */
export async function listModels(deps: Deps, who: Identity, req: PageRequest): Promise<Page<Model>> {
  const first = pageSize(req.first);
  const after = decodeCursor('model', req.after);
  if (after !== undefined && !isUuid(after)) throw new DomainError('INVALID_ARGUMENT', 'after: not a cursor of this list');
  const rows = await deps.db.models.page(who, first + 1, after);
  return toPage(rows, first, (m) => encodeCursor('model', m.id));
}
