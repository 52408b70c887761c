import { MessageChannel } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import type { OrtFeed } from './datatypes.ts';
import { forTransfer } from './transfer.ts';

const feed = (data: Float32Array): OrtFeed => ({ type: 'float32', dims: [data.length], data });

describe('forTransfer', () => {
  test('transfers an array that owns its whole buffer', () => {
    const data = Float32Array.of(1, 2, 3);
    const transfer = new Set<ArrayBuffer>();
    expect(forTransfer(feed(data), transfer).data).toBe(data);
    expect([...transfer]).toEqual([data.buffer]);
  });

  test('copies a view into a larger buffer, leaving the original alone', () => {
    const whole = Float32Array.of(9, 1, 2, 9);
    const view = whole.subarray(1, 3);
    const transfer = new Set<ArrayBuffer>();
    const out = forTransfer(feed(view), transfer).data as Float32Array;
    expect([...out]).toEqual([1, 2]);
    expect(out.buffer).not.toBe(whole.buffer);
    expect([...transfer]).toEqual([out.buffer]);
  });

  test("copies a slice of Node's Buffer pool, which cannot be transferred", () => {
    const pooled = Buffer.allocUnsafe(16); // under Buffer.poolSize / 2: a slice of the shared pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(16);
    const view = new Float32Array(pooled.buffer, pooled.byteOffset, 4);
    view.set([1, 2, 3, 4]);
    const transfer = new Set<ArrayBuffer>();
    const out = forTransfer(feed(view), transfer).data as Float32Array;
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(out, [...transfer]);
    port1.close();
    port2.close();
    expect(pooled.readFloatLE(12)).toBe(4); // the pool is untouched
    expect(out.byteLength).toBe(0); // the copy went across, detached here
  });

  test('shares SharedArrayBuffer data and clones strings', () => {
    const shared = new Float32Array(new SharedArrayBuffer(8));
    const transfer = new Set<ArrayBuffer>();
    expect(forTransfer(feed(shared), transfer).data).toBe(shared);
    expect(forTransfer({ type: 'string', dims: [1], data: ['a'] }, transfer).data).toEqual(['a']);
    expect(transfer.size).toBe(0);
  });

  test('premise: the pool buffer itself is not transferable (Node 20 copies it, Node 21+ throws)', () => {
    const pooled = Buffer.allocUnsafe(16);
    const { port1, port2 } = new MessageChannel();
    const send = (): void => port1.postMessage(pooled, [pooled.buffer as ArrayBuffer]);
    if (Number(process.versions.node.split('.')[0]) >= 21) expect(send).toThrow(/DataCloneError|could not be cloned|transfer/i);
    else {
      send();
      expect(pooled.byteLength).toBe(16); // silently copied, not detached
    }
    port1.close();
    port2.close();
  });
});
