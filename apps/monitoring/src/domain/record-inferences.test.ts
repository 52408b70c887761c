import type { Identity } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import type { InferenceCountInput, WindowIncrement } from './inference-window.ts';
import type { Deps } from './ports.ts';
import { recordInferences } from './record-inferences.ts';

function memoryDeps() {
  const written: WindowIncrement[][] = [];
  const received: bigint[] = [];
  const deps: Deps = {
    stats: { increment: async (rows) => void written.push([...rows]), windows: async () => [], total: async () => 0n },
    meter: { inferencesReceived: (n) => void received.push(n) },
  };
  return { deps, written, received };
}

const service: Identity = { tenantId: '_system', subject: 'service:inference', roles: ['service'], region: 'eu-west-1', token: 't' };
const user: Identity = { tenantId: 'acme', subject: 'ada', roles: ['admin'], region: 'eu-west-1', token: 't' };
const count = (n: bigint): InferenceCountInput => ({ tenant: 'acme', model: 'fraud', version: 1, count: n, errors: 0n, latencySecondsSum: 0, windowStart: new Date() });

describe('recordInferences', () => {
  test('writes the merged windows, counts every inference and reports every count accepted', async () => {
    const { deps, written, received } = memoryDeps();
    expect(await recordInferences(deps, service, [count(3n), count(4n)])).toEqual({ accepted: 2 });
    expect(written).toHaveLength(1);
    expect(written[0]).toHaveLength(1);
    expect(written[0]![0]!.count).toBe(7n);
    expect(received).toEqual([7n]);
  });

  test('a user may not record', async () => {
    const { deps, written } = memoryDeps();
    await expect(recordInferences(deps, user, [count(1n)])).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(written).toEqual([]);
  });

  test('one bad count writes nothing', async () => {
    const { deps, written, received } = memoryDeps();
    await expect(recordInferences(deps, service, [count(1n), count(-1n)])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(written).toEqual([]);
    expect(received).toEqual([]);
  });
});
