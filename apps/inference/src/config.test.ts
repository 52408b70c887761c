import { ConfigError, parseConfig } from '@mizan/service-kit';
import { describe, expect, test } from 'vitest';
import { InferenceConfig } from './config.ts';

const base = { MIZAN_JWKS_FILE: '/x/jwks.json', MIZAN_SERVICE_TOKEN_FILE: '/x/inference.jwt' };

describe('InferenceConfig', () => {
  test('defaults: both roles, Triton ports, the local worker, cpu with 2 threads', () => {
    const c = parseConfig(InferenceConfig, base);
    expect(c.roles).toEqual(['router', 'worker']);
    expect(c.router).toEqual({ grpcPort: 8001, httpPort: 8000, workers: undefined });
    expect(c.worker).toMatchObject({ grpcPort: 8101, httpPort: 8111, tier: 'cpu', threads: 2, executionProviders: ['cpu'], telemetryFlushMs: 5000 });
  });

  test('lists are comma separated and checked', () => {
    const c = parseConfig(InferenceConfig, {
      ...base, MIZAN_INFERENCE_ROLE: 'worker', MIZAN_INFERENCE_WORKERS: 'w1:8101, w2:8101', MIZAN_INFERENCE_EXECUTION_PROVIDERS: 'cuda,webgpu,cpu', MIZAN_INFERENCE_TIER: 'gpu',
    });
    expect(c.roles).toEqual(['worker']);
    expect(c.router.workers).toEqual(['w1:8101', 'w2:8101']);
    expect(c.worker.executionProviders).toEqual(['cuda', 'webgpu', 'cpu']);
  });

  test.each([
    [{ MIZAN_INFERENCE_ROLE: 'router,gateway' }, /MIZAN_INFERENCE_ROLE/],
    [{ MIZAN_INFERENCE_WORKERS: 'no-port' }, /MIZAN_INFERENCE_WORKERS/],
    [{ MIZAN_INFERENCE_THREADS: '0' }, /MIZAN_INFERENCE_THREADS/],
    [{ MIZAN_SERVICE_TOKEN_FILE: '' }, /MIZAN_SERVICE_TOKEN_FILE/],
  ])('refuses %j', (env, message) => {
    const err = (() => { try { parseConfig(InferenceConfig, { ...base, ...env }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(message);
  });
});
