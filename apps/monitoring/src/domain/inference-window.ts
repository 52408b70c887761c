/** Inferences of one model version in one window, as a producer reports them (not yet validated). */
export interface InferenceCountInput {
  tenant: string;
  model: string;
  version: number;
  count: bigint;
  errors: bigint;
  latencySecondsSum: number;
  windowStart: Date | undefined;
}

/** A validated increment of one per-minute window. */
export interface WindowIncrement {
  tenantId: string;
  model: string;
  version: number;
  /** Truncated to the minute. */
  windowStart: Date;
  count: bigint;
  errors: bigint;
  latencySecondsSum: number;
}

/** What monitoring has accumulated for one model version and minute. */
export interface InferenceWindow {
  model: string;
  version: number;
  windowStart: Date;
  count: bigint;
  errors: bigint;
  latencySecondsSum: number;
}

export const meanLatencySeconds = (w: InferenceWindow): number | null => (w.count > 0n ? w.latencySecondsSum / Number(w.count) : null);
