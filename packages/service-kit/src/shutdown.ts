import type { Logger } from 'pino';

export type Stopper = () => Promise<void> | void;

/**
 * Runs the stoppers once, in order, on SIGTERM/SIGINT (exit 0), or after a fatal error (exit 1).
 * A stopper that hangs past graceMs is abandoned so the process always exits.
 */
export function onShutdown(o: { log: Logger; graceMs?: number; exit?: (code: number) => void }, stoppers: Stopper[]): (reason: string, code?: number) => Promise<void> {
  let exited = false;
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const shutdown = async (reason: string, code = 0) => {
    if (exited) return;
    exited = true;
    o.log.info({ reason }, 'shutting down');
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, o.graceMs ?? 15_000).unref());
    for (const s of stoppers) {
      try {
        await Promise.race([Promise.resolve().then(s), deadline]);
      } catch (err) {
        o.log.error({ err }, 'error during shutdown');
      }
    }
    o.log.info('stopped');
    o.log.flush?.();
    exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.on('uncaughtException', (err) => { o.log.fatal({ err }, 'uncaught exception'); void shutdown('uncaughtException', 1); });
  process.on('unhandledRejection', (err) => { o.log.fatal({ err }, 'unhandled rejection'); void shutdown('unhandledRejection', 1); });
  return shutdown;
}

/** Logs a failed boot and exits 1 (STYLE.md §3: never carry on after a failed boot). */
export function bootFailed(log: Logger, err: unknown): never {
  log.fatal({ err }, 'boot failed');
  log.flush?.();
  process.exit(1);
}
