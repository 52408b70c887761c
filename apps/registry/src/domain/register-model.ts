import type { Identity } from '@mizan/service-kit';
import { modelRegistered } from './audit-events.ts';
import type { Deps } from './ports.ts';
import { assertDescription, assertModelName, assertTask } from './rules.ts';
import type { CallInfo, Model } from './types.ts';

export interface RegisterModelInput {
  name: string;
  task: string;
  description?: string | null;
}

/** Creates a model (no versions yet) in the caller's tenant and region; ALREADY_EXISTS when the name is taken. */
export async function registerModel(deps: Deps, who: Identity, input: RegisterModelInput, call: CallInfo): Promise<Model> {
  const name = assertModelName(input.name);
  const task = assertTask(input.task);
  const description = assertDescription(input.description);
  const model = await deps.db.transaction(async (tx) => {
    const m = await tx.models.create(who, { id: deps.newId(), tenantId: who.tenantId, region: who.region, name, task, description });
    await tx.outbox.append(modelRegistered(who, call, { id: deps.newId(), occurred_at: deps.clock.now().toISOString() }, m));
    return m;
  });
  deps.relay.kick();
  return model;
}
