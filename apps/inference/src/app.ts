import { createVerifier, type Logger } from '@mizan/service-kit';
import { fileTokenSource } from './clients/service-token.ts';
import type { InferenceConfig } from './config.ts';
import { startRouter } from './router.ts';
import { startWorker, type RunningRole } from './worker.ts';

export interface RunningInference {
  /** The router's ports when this process routes, else the worker's. */
  grpcPort: number;
  httpPort: number;
  worker?: { grpcPort: number; httpPort: number };
  router?: { grpcPort: number; httpPort: number };
  stop(): Promise<void>;
}

/** Starts the roles the config names; with both, the router sends to this process's worker unless told otherwise. */
export async function startInference(config: InferenceConfig, log: Logger): Promise<RunningInference> {
  const verifier = createVerifier(config.auth);
  const token = fileTokenSource(config.serviceTokenFile);
  token(); // a missing or unreadable token file is a boot failure, not a stream of retries
  let worker: RunningRole | undefined;
  let router: RunningRole | undefined;
  try {
    if (config.roles.includes('worker')) worker = await startWorker(config, log, verifier, token);
    if (config.roles.includes('router')) {
      const workers = config.router.workers ?? [`127.0.0.1:${worker?.grpcPort ?? config.worker.grpcPort}`];
      router = await startRouter(config, log, verifier, token, workers);
    }
  } catch (err) {
    await worker?.stop().catch(() => undefined);
    throw err;
  }
  const ports = (r: RunningRole | undefined) => r && { grpcPort: r.grpcPort, httpPort: r.httpPort };
  const main = (router ?? worker)!;
  let stopping: Promise<void> | undefined;
  return {
    grpcPort: main.grpcPort,
    httpPort: main.httpPort,
    ...(worker && { worker: ports(worker) }),
    ...(router && { router: ports(router) }),
    stop() {
      // Callers before callees: the router stops sending, then the worker drains.
      return (stopping ??= (async () => {
        await router?.stop();
        await worker?.stop();
      })());
    },
  };
}
