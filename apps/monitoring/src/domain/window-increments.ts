import { DomainError } from '@mizan/service-kit';
import type { InferenceCountInput, WindowIncrement } from './inference-window.ts';

/** Most counts one call may carry (a producer sends aggregates, not single inferences). */
export const MAX_COUNTS_PER_CALL = 10_000;
const MAX_NAME = 256;
const MINUTE_MS = 60_000;
// PostgreSQL text refuses NUL.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this pattern looks for
const NUL = /\u0000/;

const invalid = (message: string) => new DomainError('INVALID_ARGUMENT', message);

export const truncateToMinute = (d: Date): Date => new Date(Math.floor(d.getTime() / MINUTE_MS) * MINUTE_MS);

function name(field: string, value: string): string {
  if (value.trim() === '') throw invalid(`${field} must not be empty`);
  if (value.length > MAX_NAME) throw invalid(`${field} must be at most ${MAX_NAME} characters`);
  if (NUL.test(value)) throw invalid(`${field} must not contain NUL`);
  return value;
}

function validate(c: InferenceCountInput, at: string): WindowIncrement {
  const tenantId = name(`${at}.tenant`, c.tenant);
  const model = name(`${at}.model`, c.model);
  if (!Number.isInteger(c.version) || c.version < 0) throw invalid(`${at}.version must be a non-negative integer`);
  if (c.count < 0n) throw invalid(`${at}.count must not be negative`);
  if (c.count > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`${at}.count is too large`);
  if (c.errors < 0n) throw invalid(`${at}.errors must not be negative`);
  if (c.errors > c.count) throw invalid(`${at}.errors must not exceed count`);
  if (!Number.isFinite(c.latencySecondsSum) || c.latencySecondsSum < 0) throw invalid(`${at}.latency_seconds_sum must be a finite non-negative number`);
  if (!c.windowStart || Number.isNaN(c.windowStart.getTime())) throw invalid(`${at}.window_start is required`);
  return { tenantId, model, version: c.version, windowStart: truncateToMinute(c.windowStart), count: c.count, errors: c.errors, latencySecondsSum: c.latencySecondsSum };
}

const keyOf = (w: WindowIncrement) => JSON.stringify([w.tenantId, w.model, w.version, w.windowStart.getTime()]);

/**
 * Validates every count (one bad count refuses the whole call) and merges those that land in the same
 * window. The result is sorted by key, so concurrent upserts lock rows in one order and cannot deadlock,
 * and no window appears twice in one upsert (PostgreSQL refuses to update a row twice in one statement).
 */
export function toWindowIncrements(counts: readonly InferenceCountInput[]): WindowIncrement[] {
  if (counts.length > MAX_COUNTS_PER_CALL) throw invalid(`counts must hold at most ${MAX_COUNTS_PER_CALL} entries`);
  const merged = new Map<string, WindowIncrement>();
  counts.forEach((c, i) => {
    const w = validate(c, `counts[${i}]`);
    const k = keyOf(w);
    const prev = merged.get(k);
    merged.set(k, prev ? { ...prev, count: prev.count + w.count, errors: prev.errors + w.errors, latencySecondsSum: prev.latencySecondsSum + w.latencySecondsSum } : w);
  });
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
}
