import type { Identity } from '@mizan/service-kit';
import type { ModelHost } from './model-host.ts';
import { checkModelName, modelNotFound, parseVersionSpec } from './model-ref.ts';

/** OIP ModelReady: true when it would be served now; false while loading; NOT_FOUND when unknown. Never loads. */
export function isModelReady(deps: { host: ModelHost }, who: Identity, model: string, version: string): boolean {
  checkModelName(model);
  const spec = parseVersionSpec(model, version);
  const r = deps.host.readiness(who.tenantId, model, spec);
  if (r === 'unknown') throw modelNotFound(model, spec);
  return r === 'ready';
}
