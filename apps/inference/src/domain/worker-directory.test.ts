import { describe, expect, test } from 'vitest';
import { WorkerDirectory, type WorkerModel, type WorkerState } from './worker-directory.ts';

const model = (over: Partial<WorkerModel> = {}): WorkerModel => ({
  tenant: 'acme', model: 'fraud', version: 1, sha256: 'aa', aliases: ['production'], provider: 'cpu', ready: true, queueDepth: 0, ...over,
});
const state = (queueDepth: number, models: WorkerModel[], ready = true): WorkerState => ({ worker: 'w', tier: 'cpu', ready, models, queueDepth, busyThreads: 0, threads: 2 });
const prod = { kind: 'alias', alias: 'production' } as const;

describe('WorkerDirectory.candidates', () => {
  test('the least loaded worker with the version ready comes first; load counts this router’s calls in flight', () => {
    const d = new WorkerDirectory(['a', 'b', 'c']);
    d.update('a', state(5, [model()]));
    d.update('b', state(1, [model()]));
    d.update('c', state(0, [model({ ready: false })])); // loading: never picked
    expect(d.candidates('acme', 'fraud', prod)).toEqual(['b', 'a']);
    for (let i = 0; i < 5; i++) d.begin('b');
    expect(d.candidates('acme', 'fraud', prod)).toEqual(['a', 'b']);
  });

  test('round-robin among equally loaded workers', () => {
    const d = new WorkerDirectory(['a', 'b']);
    d.update('a', state(0, [model()]));
    d.update('b', state(0, [model()]));
    const firsts = Array.from({ length: 4 }, () => d.candidates('acme', 'fraud', prod)[0]);
    expect(firsts).toEqual(['a', 'b', 'a', 'b']);
  });

  test('tenant, model, alias and version must all match', () => {
    const d = new WorkerDirectory(['a']);
    d.update('a', state(0, [model({ aliases: ['production', 'staging'], version: 3 })]));
    expect(d.candidates('acme', 'fraud', { kind: 'alias', alias: 'staging' })).toEqual(['a']);
    expect(d.candidates('acme', 'fraud', { kind: 'number', number: 3 })).toEqual(['a']);
    expect(() => d.candidates('other', 'fraud', prod)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => d.candidates('acme', 'fraud', { kind: 'alias', alias: 'canary' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('known but loading is UNAVAILABLE; no worker ready is UNAVAILABLE; unknown is NOT_FOUND', () => {
    const d = new WorkerDirectory(['a', 'b']);
    expect(() => d.candidates('acme', 'fraud', prod)).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringMatching(/no inference worker is ready/) }));
    d.update('a', state(0, [model({ ready: false })]));
    expect(() => d.candidates('acme', 'fraud', prod)).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringMatching(/not loaded on any worker yet/) }));
    expect(() => d.candidates('acme', 'nope', prod)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('a version number no worker holds goes to the least loaded ready worker (it resolves it with the registry)', () => {
    const d = new WorkerDirectory(['a', 'b']);
    d.update('a', state(3, []));
    d.update('b', state(1, []));
    expect(d.candidates('acme', 'fraud', { kind: 'number', number: 9 })).toEqual(['b', 'a']);
  });

  test('a disconnected or not-ready worker gets nothing', () => {
    const d = new WorkerDirectory(['a', 'b']);
    d.update('a', state(0, [model()]));
    d.update('b', state(0, [model()], false));
    expect(d.candidates('acme', 'fraud', prod)).toEqual(['a']);
    d.disconnected('a');
    expect(() => d.candidates('acme', 'fraud', prod)).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
  });

  test('readiness and replicas are per tenant', () => {
    const d = new WorkerDirectory(['a']);
    d.update('a', state(0, [model(), model({ version: 2, aliases: ['staging'], ready: false })]));
    expect(d.readiness('acme', 'fraud', prod)).toBe('ready');
    expect(d.readiness('acme', 'fraud', { kind: 'alias', alias: 'staging' })).toBe('not_ready');
    expect(d.readiness('acme', 'fraud', { kind: 'number', number: 7 })).toBe('not_ready');
    expect(d.readiness('other', 'fraud', prod)).toBe('unknown');
    expect(d.replicas('acme', 'fraud').map((r) => r.version)).toEqual([1, 2]);
    expect(d.replicas('other', 'fraud')).toEqual([]);
  });
});
