import { DomainError, type Identity } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import { createExperiment } from './create-experiment.ts';
import type { Experiment } from './experiment.ts';
import { getExperiment } from './get-experiment.ts';
import type { Deps } from './ports.ts';

function memoryDeps() {
  const rows: Experiment[] = [];
  let n = 0;
  const deps: Deps = {
    experiments: {
      create: async (e) => {
        if (rows.some((r) => r.tenantId === e.tenantId && r.name === e.name)) throw new DomainError('ALREADY_EXISTS', 'taken');
        rows.push(e);
        return e;
      },
      byName: async (tenantId, name) => rows.find((r) => r.tenantId === tenantId && r.name === name) ?? null,
      list: async () => [],
      byModel: async () => [],
    },
    clock: { now: () => new Date('2026-01-31T12:00:00Z') },
    newId: () => `id-${++n}`,
    meter: { created: () => undefined },
  };
  return { deps, rows };
}

const ada: Identity = { tenantId: 'acme', subject: 'ada', roles: ['admin'], region: 'eu-west-1', token: 't' };
const bob: Identity = { ...ada, tenantId: 'globex', subject: 'bob' };
const input = { name: 'ab', model: 'fraud', variants: [{ name: 'a', modelVersion: '1', weight: 0.5 }, { name: 'b', modelVersion: 'production', weight: 0.5 }] };

describe('createExperiment', () => {
  test('stores a draft in the caller tenant, made by the caller, at the clock time', async () => {
    const { deps, rows } = memoryDeps();
    const e = await createExperiment(deps, ada, input);
    expect(e).toEqual({ id: 'id-1', tenantId: 'acme', name: 'ab', model: 'fraud', status: 'draft', variants: input.variants, createdBy: 'ada', createdAt: new Date('2026-01-31T12:00:00Z') });
    expect(rows).toEqual([e]);
  });

  test('a bad definition stores nothing', async () => {
    const { deps, rows } = memoryDeps();
    await expect(createExperiment(deps, ada, { ...input, variants: input.variants.slice(0, 1) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(rows).toEqual([]);
  });

  test('the same name in another tenant is a different experiment', async () => {
    const { deps } = memoryDeps();
    await createExperiment(deps, ada, input);
    await expect(createExperiment(deps, bob, input)).resolves.toMatchObject({ tenantId: 'globex' });
  });
});

describe('getExperiment', () => {
  test("another tenant's experiment is NOT_FOUND", async () => {
    const { deps } = memoryDeps();
    await createExperiment(deps, ada, input);
    await expect(getExperiment(deps, ada, 'ab')).resolves.toMatchObject({ name: 'ab' });
    await expect(getExperiment(deps, bob, 'ab')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
