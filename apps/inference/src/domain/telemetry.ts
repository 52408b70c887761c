import type { Clock, Log } from './ports.ts';

/** Inferences of one model version in one minute window, as monitoring's RecordInferences takes them. */
export interface InferenceCount {
  tenant: string;
  model: string;
  version: number;
  count: number;
  errors: number;
  latencySecondsSum: number;
  windowStart: Date;
}

export interface TelemetrySink {
  send(counts: InferenceCount[]): Promise<void>;
}

const WINDOW_MS = 60_000;
const SEP = '\u0000';

/**
 * Counts inferences per (tenant, model, version, minute) in memory. record() is a map update on the
 * hot path; sending happens elsewhere, on a timer. Each flush sends the counts accumulated since the
 * previous one (deltas, which monitoring adds up per window).
 */
export class InferenceCounter {
  private counts = new Map<string, InferenceCount>();

  constructor(
    private readonly clock: Clock,
    /** Most distinct (version, window) rows kept while monitoring is unreachable; the oldest windows go first. */
    private readonly maxRows = 10_000,
    private readonly onDrop: (rows: number) => void = () => undefined,
  ) {}

  record(tenant: string, model: string, version: number, ok: boolean, seconds: number): void {
    const windowStart = Math.floor(this.clock.now() / WINDOW_MS) * WINDOW_MS;
    const key = `${tenant}${SEP}${model}${SEP}${version}${SEP}${windowStart}`;
    let c = this.counts.get(key);
    if (!c) {
      // Full (monitoring unreachable for long): drop the first-inserted row, O(1) on the hot path.
      if (this.counts.size >= this.maxRows) {
        this.counts.delete(this.counts.keys().next().value!);
        this.onDrop(1);
      }
      c = { tenant, model, version, count: 0, errors: 0, latencySecondsSum: 0, windowStart: new Date(windowStart) };
      this.counts.set(key, c);
    }
    c.count++;
    if (!ok) c.errors++;
    c.latencySecondsSum += seconds;
  }

  /** Takes everything counted so far, leaving the counter empty. */
  take(): InferenceCount[] {
    const out = [...this.counts.values()];
    this.counts = new Map();
    return out;
  }

  /** Puts back counts that could not be sent, dropping the oldest windows beyond the bound. */
  restore(batch: readonly InferenceCount[]): void {
    for (const b of batch) {
      const key = `${b.tenant}${SEP}${b.model}${SEP}${b.version}${SEP}${b.windowStart.getTime()}`;
      const c = this.counts.get(key);
      if (c) {
        c.count += b.count;
        c.errors += b.errors;
        c.latencySecondsSum += b.latencySecondsSum;
      } else {
        this.counts.set(key, { ...b });
      }
    }
    const over = this.counts.size - this.maxRows;
    if (over > 0) this.onDrop(this.dropOldest(over));
  }

  get size(): number {
    return this.counts.size;
  }

  private dropOldest(n: number): number {
    const oldest = [...this.counts.entries()].sort((a, b) => a[1].windowStart.getTime() - b[1].windowStart.getTime()).slice(0, n);
    for (const [k] of oldest) this.counts.delete(k);
    return oldest.length;
  }
}

export interface FlushHooks {
  failed(): void;
  flushed(rows: number): void;
}

/** Sends the counter's rows every intervalMs; a failed send keeps them for the next try. stop() flushes once more. */
export function startTelemetryFlush(o: { counter: InferenceCounter; sink: TelemetrySink; intervalMs: number; log: Log; hooks: FlushHooks }) {
  let running: Promise<void> | undefined;
  let lastOk = true;
  const flush = (): Promise<void> =>
    (running ??= (async () => {
      const batch = o.counter.take();
      if (batch.length === 0) return;
      try {
        await o.sink.send(batch);
        lastOk = true;
        o.hooks.flushed(batch.length);
      } catch (err) {
        if (lastOk) o.log.warn({ err, rows: batch.length }, 'telemetry flush to monitoring failed; keeping the counts for the next flush');
        lastOk = false;
        o.hooks.failed();
        o.counter.restore(batch);
      }
    })().finally(() => (running = undefined)));
  const timer = setInterval(() => void flush(), o.intervalMs);
  timer.unref();
  return {
    flush,
    healthy: () => lastOk,
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      await flush();
    },
  };
}
