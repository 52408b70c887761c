import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, test } from 'vitest';
import { addModel, externalInIfModel, slowModel } from '../test/models.ts';
import { OnnxModelError, OrtPoolError, OrtRunError, createOrtPool, type OrtFeed, type OrtPool, type OrtPoolLogger } from './index.ts';
import { crashThread } from './ort-pool.ts';

const pools: OrtPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(threads: number, extra: { executionProviders?: string[]; log?: OrtPoolLogger } = {}): OrtPool {
  const p = createOrtPool({ threads, ...extra });
  pools.push(p);
  return p;
}

const x = (...rows: number[][]): OrtFeed => ({ type: 'float32', dims: [rows.length, 4], data: Float32Array.from(rows.flat()) });

/** Inputs of the slow model: all-(1/n) matrices, so every product is again all-(1/n) whatever the steps. */
function slowFeeds(n: number): Record<string, OrtFeed> {
  const m = (): OrtFeed => ({ type: 'float32', dims: [n, n], data: new Float32Array(n * n).fill(1 / n) });
  return { a: m(), b: m() };
}
const SLOW_STEPS = 8;
const SLOW_N = 1024; // ~0.2-0.5 s per run on one core

/** Runs `work` while a 5 ms interval ticks; returns the longest gap between ticks. */
async function longestTickGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    clearInterval(timer);
  }
  return longest;
}

describe('OrtPool', () => {
  test('loads a model in every thread and reports its signature and provider', async () => {
    const logs: { level: string; obj: object; msg: string }[] = [];
    const log: OrtPoolLogger = {
      info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
    };
    const p = pool(2, { executionProviders: ['cuda', 'cpu'], log });
    const loaded = await p.load('add', addModel());
    expect(loaded).toEqual({
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [
        { name: 'y', datatype: 'FP32', shape: [-1, 4] },
        { name: 'n', datatype: 'INT64', shape: [] },
      ],
      provider: 'cpu', // no CUDA on the test machine: asking for it throws, and the pool falls through
    });
    expect(p.has('add')).toBe(true);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ provider: 'cuda' }) }));
  });

  test('refuses a model with external data before onnxruntime sees it, and garbage', async () => {
    const p = pool(1);
    await expect(p.load('ext', externalInIfModel())).rejects.toThrow(OnnxModelError);
    await expect(p.load('junk', Buffer.from('not a model'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(p.has('ext')).toBe(false);
  });

  test('runs with correct numbers from two threads at once', async () => {
    const p = pool(2);
    await p.load('add', addModel());
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => p.run('add', { x: x([i, i, i, i], [0, 0, 0, -i]) })),
    );
    results.forEach((out, i) => {
      expect(out.y!.dims).toEqual([2, 4]);
      expect([...(out.y!.data as Float32Array)]).toEqual([i + 1, i + 2, i + 3, i + 4, 1, 2, 3, 4 - i]);
      expect(out.n).toEqual({ type: 'int64', dims: [], data: BigInt64Array.of(8n) });
    });
    await p.load('slow', slowModel(SLOW_STEPS));
    const runs = [p.run('slow', slowFeeds(256)), p.run('slow', slowFeeds(256)), p.run('slow', slowFeeds(256))];
    expect(p.stats()).toEqual({ threads: 2, busy: 2, queued: 1 });
    for (const out of await Promise.all(runs)) expect((out.c!.data as Float32Array)[0]).toBeCloseTo(1 / 256, 6);
    expect(p.stats()).toEqual({ threads: 2, busy: 0, queued: 0 });
  });

  test('keeps the event loop responsive during a long run, which in-process onnxruntime does not', async () => {
    const session = await ort.InferenceSession.create(slowModel(SLOW_STEPS));
    const feeds = slowFeeds(SLOW_N);
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data as Float32Array, f.dims)]));
    let inProcessMs = 0;
    const blocked = await longestTickGap(async () => {
      const start = performance.now();
      await session.run(tensors);
      inProcessMs = performance.now() - start;
    });
    await session.release();
    expect(blocked).toBeGreaterThan(inProcessMs * 0.8); // the premise: session.run blocks the loop

    const p = pool(1);
    await p.load('slow', slowModel(SLOW_STEPS));
    let pooledMs = 0;
    const gap = await longestTickGap(async () => {
      const start = performance.now();
      await p.run('slow', slowFeeds(SLOW_N));
      pooledMs = performance.now() - start;
    });
    expect(pooledMs).toBeGreaterThan(100);
    expect(gap).toBeLessThan(pooledMs / 4);
  });

  test('returns session errors as OrtRunError with onnxruntime’s message, and keeps serving', async () => {
    const p = pool(1);
    await p.load('add', addModel());
    const wrongName = p.run('add', { nope: x([1, 2, 3, 4]) });
    await expect(wrongName).rejects.toThrow(OrtRunError);
    await expect(wrongName).rejects.toThrow(/input 'x' is missing in 'feeds'/);
    await expect(p.run('add', { x: { type: 'float32', dims: [1, 3], data: new Float32Array(3) } })).rejects.toThrow(
      /Got invalid dimensions for input: x/,
    );
    await expect(p.run('add', { x: { type: 'int32', dims: [1, 4], data: new Int32Array(4) } })).rejects.toMatchObject({
      name: 'OrtRunError',
      code: 'INVALID_ARGUMENT',
      modelKey: 'add',
    });
    await expect(p.run('add', { x: { type: 'float32', dims: [2, 4], data: new Float32Array(3) } })).rejects.toThrow(OrtRunError);
    await expect(p.run('missing', { x: x([1, 2, 3, 4]) })).rejects.toMatchObject({ name: 'OrtPoolError', code: 'NOT_FOUND' });
    expect([...((await p.run('add', { x: x([0, 0, 0, 0]) })).y!.data as Float32Array)]).toEqual([1, 2, 3, 4]);
    expect(p.stats().threads).toBe(1);
  });

  test('takes a slice of a pooled Buffer as input without detaching the pool', async () => {
    const p = pool(1);
    await p.load('add', addModel());
    const payload = Buffer.allocUnsafe(16); // as a gRPC message slice would be: a view into Buffer's shared pool
    [10, 20, 30, 40].forEach((v, i) => payload.writeFloatLE(v, i * 4));
    const data = new Float32Array(payload.buffer, payload.byteOffset, 4);
    const out = await p.run('add', { x: { type: 'float32', dims: [1, 4], data } });
    expect([...(out.y!.data as Float32Array)]).toEqual([11, 22, 33, 44]);
    expect(payload.readFloatLE(12)).toBe(40);
    // An array that owns its buffer is transferred, not copied: the caller's copy is detached.
    const owned = Float32Array.of(1, 1, 1, 1);
    await p.run('add', { x: { type: 'float32', dims: [1, 4], data: owned } });
    expect(owned.byteLength).toBe(0);
  });

  test('unloads and replaces models', async () => {
    const p = pool(2);
    await p.load('m', addModel());
    await p.load('m', slowModel(1)); // same key, new model: runs switch to it
    const out = await p.run('m', slowFeeds(4));
    expect(out.c!.dims).toEqual([4, 4]);
    await p.unload('m');
    expect(p.has('m')).toBe(false);
    await expect(p.run('m', slowFeeds(4))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('a crashed thread fails its in-flight call, and its replacement reloads the models', async () => {
    const errors: object[] = [];
    const log: OrtPoolLogger = { info: () => {}, warn: () => {}, error: (obj) => errors.push(obj) };
    const p = pool(1, { log });
    await p.load('add', addModel());
    crashThread(p, 0);
    const inFlight = p.run('add', { x: x([1, 1, 1, 1]) }); // sent to the thread, which dies before reading it
    expect(p.stats()).toMatchObject({ busy: 1, queued: 0 });
    await expect(inFlight).rejects.toMatchObject({ name: 'OrtPoolError', code: 'UNAVAILABLE' });
    await expect(inFlight).rejects.toThrow(/inference thread 0 stopped \(exit code 1: inference thread crash requested\)/);
    expect(errors).toHaveLength(1);
    const out = await p.run('add', { x: x([1, 1, 1, 1]) }); // queued until the replacement has reloaded
    expect([...(out.y!.data as Float32Array)]).toEqual([2, 3, 4, 5]);
    expect(p.stats()).toEqual({ threads: 1, busy: 0, queued: 0 });
  });

  test('close right after a crash fails the queued work instead of hanging', async () => {
    const p = pool(1, { log: { info: () => {}, warn: () => {}, error: () => {} } });
    await p.load('add', addModel());
    crashThread(p, 0);
    const inFlight = p.run('add', { x: x([1, 1, 1, 1]) });
    const queued = p.run('add', { x: x([1, 1, 1, 1]) }); // would wait for a replacement that close() cancels
    expect(p.stats()).toEqual({ threads: 1, busy: 1, queued: 1 });
    await p.close();
    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(queued).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(p.stats()).toEqual({ threads: 0, busy: 0, queued: 0 });
  });

  test('close waits for running and queued work, then refuses more', async () => {
    const p = pool(1);
    await p.load('slow', slowModel(SLOW_STEPS));
    const events: string[] = [];
    const running = p.run('slow', slowFeeds(SLOW_N)).then(() => events.push('run 1'));
    const queued = p.run('slow', slowFeeds(64)).then(() => events.push('run 2'));
    expect(p.stats()).toEqual({ threads: 1, busy: 1, queued: 1 });
    await p.close().then(() => events.push('closed'));
    await Promise.all([running, queued]);
    expect(events).toEqual(['run 1', 'run 2', 'closed']);
    await expect(p.run('slow', slowFeeds(4))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(p.load('slow', slowModel(1))).rejects.toThrow(OrtPoolError);
  });
});
