import { inferenceV1 } from '@mizan/protos';
import { DomainError, isService, type Rpc } from '@mizan/service-kit';
import type { Notifier } from '../notifier.ts';

export interface WorkerStateDeps {
  state: () => inferenceV1.WorkerState;
  changes: Notifier;
  /** Re-send period, so routers see fresh queue depths between changes. */
  intervalMs: number;
  /** Aborted at shutdown: each stream sends a last not-ready state and ends. */
  closing: AbortSignal;
}

/** WorkerService/WatchState: the worker's state now, then again on every change and every intervalMs. */
export function workerStateService(rpc: Rpc, deps: WorkerStateDeps): inferenceV1.WorkerServiceServer {
  return {
    watchState: rpc.serverStream<inferenceV1.WatchStateRequest, inferenceV1.WorkerState>(async (_req, write, ctx) => {
      if (!isService(ctx.who)) throw new DomainError('PERMISSION_DENIED', 'WatchState is for service identities (inference routers)');
      while (!ctx.signal.aborted) {
        if (deps.closing.aborted) {
          await write({ ...deps.state(), ready: false });
          return;
        }
        await write(deps.state());
        await deps.changes.wait(deps.intervalMs, [ctx.signal, deps.closing]);
      }
    }),
  };
}

export const WorkerServiceDefinition = inferenceV1.WorkerServiceService;
