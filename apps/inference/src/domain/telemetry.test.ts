import { describe, expect, test } from 'vitest';
import { InferenceCounter, startTelemetryFlush, type InferenceCount } from './telemetry.ts';

const clock = (t: number) => ({ now: () => t });
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('InferenceCounter', () => {
  test('counts per tenant, model, version and minute window, with errors and latency', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 30);
    const c = new InferenceCounter({ now: () => now });
    c.record('acme', 'fraud', 1, true, 0.25);
    c.record('acme', 'fraud', 1, false, 0.5);
    c.record('other', 'fraud', 1, true, 1);
    now += 60_000;
    c.record('acme', 'fraud', 1, true, 0.125);
    const rows = c.take();
    expect(rows).toEqual([
      { tenant: 'acme', model: 'fraud', version: 1, count: 2, errors: 1, latencySecondsSum: 0.75, windowStart: new Date(Date.UTC(2026, 0, 1, 12, 0)) },
      { tenant: 'other', model: 'fraud', version: 1, count: 1, errors: 0, latencySecondsSum: 1, windowStart: new Date(Date.UTC(2026, 0, 1, 12, 0)) },
      { tenant: 'acme', model: 'fraud', version: 1, count: 1, errors: 0, latencySecondsSum: 0.125, windowStart: new Date(Date.UTC(2026, 0, 1, 12, 1)) },
    ]);
    expect(c.take()).toEqual([]);
  });

  test('restore merges a failed batch back, and the table stays bounded, dropping the oldest windows', () => {
    const dropped: number[] = [];
    const c = new InferenceCounter(clock(Date.UTC(2026, 0, 1, 12, 5)), 2, (n) => dropped.push(n));
    c.record('acme', 'm', 1, true, 1);
    const old: InferenceCount[] = [
      { tenant: 'acme', model: 'm', version: 1, count: 3, errors: 1, latencySecondsSum: 2, windowStart: new Date(Date.UTC(2026, 0, 1, 12, 5)) },
      { tenant: 'acme', model: 'm', version: 1, count: 9, errors: 0, latencySecondsSum: 9, windowStart: new Date(Date.UTC(2026, 0, 1, 12, 0)) },
      { tenant: 'acme', model: 'm', version: 2, count: 4, errors: 0, latencySecondsSum: 4, windowStart: new Date(Date.UTC(2026, 0, 1, 12, 3)) },
    ];
    c.restore(old);
    expect(dropped).toEqual([1]);
    expect(c.take().map((r) => [r.version, r.count, r.windowStart.getUTCMinutes()])).toEqual([[1, 4, 5], [2, 4, 3]]);
  });
});

test('a failed flush keeps the counts for the next one; stop() flushes what is left', async () => {
  const c = new InferenceCounter(clock(0));
  const sent: InferenceCount[][] = [];
  let fail = true;
  const hooks = { failed: () => undefined, flushed: () => undefined };
  const f = startTelemetryFlush({ counter: c, sink: { send: async (b) => { if (fail) throw new Error('down'); sent.push(b); } }, intervalMs: 60_000, log: quiet, hooks });
  c.record('acme', 'm', 1, true, 1);
  await f.flush();
  expect(f.healthy()).toBe(false);
  fail = false;
  c.record('acme', 'm', 1, false, 1);
  await f.stop();
  expect(sent).toEqual([[expect.objectContaining({ count: 2, errors: 1 })]]);
  expect(f.healthy()).toBe(true);
});
