import { describe, expect, test } from 'vitest';
import type { CreateExperimentInput, Variant } from './experiment.ts';
import { checkNewExperiment } from './experiment-rules.ts';

const v = (name: string, weight: number, modelVersion = '1'): Variant => ({ name, modelVersion, weight });
const good: CreateExperimentInput = { name: 'checkout-ab.v2', model: 'fraud', variants: [v('control', 0.5, 'production'), v('candidate', 0.5, '2')] };

describe('checkNewExperiment', () => {
  test('accepts a good definition', () => {
    expect(() => checkNewExperiment(good)).not.toThrow();
  });

  test('accepts weights that sum to 1 only up to float rounding, and ten variants', () => {
    expect(() => checkNewExperiment({ ...good, variants: [v('a', 0.1), v('b', 0.2), v('c', 0.7)] })).not.toThrow();
    expect(() => checkNewExperiment({ ...good, variants: Array.from({ length: 10 }, (_, i) => v(`v${i}`, 0.1)) })).not.toThrow();
    expect(() => checkNewExperiment({ ...good, variants: [v('a', 1 / 3), v('b', 1 / 3), v('c', 1 / 3)] })).not.toThrow();
  });

  const bad: Array<[string, Partial<CreateExperimentInput>, RegExp]> = [
    ['an upper-case name', { name: 'Checkout' }, /^name must be/],
    ['a name starting with a dash', { name: '-x' }, /^name must be/],
    ['a 64-character name', { name: 'a'.repeat(64) }, /^name must be/],
    ['an empty model', { model: '' }, /^model must be/],
    ['one variant', { variants: [v('a', 1)] }, /^variants must hold 2 to 10 variants \(got 1\)/],
    ['eleven variants', { variants: Array.from({ length: 11 }, (_, i) => v(`v${i}`, 1 / 11)) }, /^variants must hold 2 to 10/],
    ['duplicate variant names', { variants: [v('a', 0.5), v('a', 0.5)] }, /^variants\[1\]\.name "a" is used by another variant/],
    ['an empty variant name', { variants: [v('a', 0.5), v(' ', 0.5)] }, /^variants\[1\]\.name must not be empty/],
    ['a zero weight', { variants: [v('a', 1), v('b', 0)] }, /^variants\[1\]\.weight must be in \(0, 1\]/],
    ['a negative weight', { variants: [v('a', 1.5), v('b', -0.5)] }, /^variants\[0\]\.weight must be in \(0, 1\]/],
    ['a weight above 1', { variants: [v('a', 1.2), v('b', 0.2)] }, /^variants\[0\]\.weight must be in \(0, 1\]/],
    ['weights summing to 0.9', { variants: [v('a', 0.4), v('b', 0.5)] }, /^variants: weights must sum to 1 \(got 0\.9\)/],
    ['weights off by 1e-8', { variants: [v('a', 0.5), v('b', 0.5 + 1e-8)] }, /^variants: weights must sum to 1/],
    ['an empty modelVersion', { variants: [v('a', 0.5, ''), v('b', 0.5)] }, /^variants\[0\]\.modelVersion must not be empty/],
    ['version 0', { variants: [v('a', 0.5, '0'), v('b', 0.5)] }, /^variants\[0\]\.modelVersion must be a version number from 1/],
    ['a modelVersion with a space', { variants: [v('a', 0.5, 'my alias'), v('b', 0.5)] }, /^variants\[0\]\.modelVersion must not contain spaces/],
  ];
  test.each(bad)('refuses %s with INVALID_ARGUMENT naming the field', (_name, change, message) => {
    expect(() => checkNewExperiment({ ...good, ...change })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });
});
