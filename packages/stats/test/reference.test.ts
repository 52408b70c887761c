// Checks the engine against R 4.2.2 (see test/fixtures/stats-reference.json and the reference README).
// MIZAN_STATS_REFERENCE names another file of the same format to check instead; every case in it must
// be checkable, so an unknown key, a missing field or a field nobody compares fails the run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  chanceToBeatControlBinomial,
  chiSquareHomogeneityTest,
  chiSquareSf,
  holmAdjust,
  ksTwoSample,
  normalCdf,
  normalQuantile,
  psiFromCounts,
  sampleRatioMismatchTest,
  studentTCdf,
  studentTQuantile,
  twoProportionZTest,
  welchTTest,
  welchTTestFromSummary,
  wilsonInterval,
  type Interval,
} from '../src/index.ts';
import { agrees, CaseReader, type Comparison } from './support/reference-case.ts';

const file = process.env.MIZAN_STATS_REFERENCE ?? fileURLToPath(new URL('./fixtures/stats-reference.json', import.meta.url));
const reference: unknown = JSON.parse(readFileSync(file, 'utf8'));

function interval(label: string, ours: Interval, r: [number, number]): Comparison[] {
  return [
    { label: `${label}[0]`, ours: ours.lower, r: r[0] },
    { label: `${label}[1]`, ours: ours.upper, r: r[1] },
  ];
}

function counts(c: CaseReader): { conversions: number; n: number } {
  return { conversions: c.num('conversions'), n: c.num('n') };
}

function summary(c: CaseReader): { mean: number; sd: number; n: number } {
  return { mean: c.num('mean'), sd: c.num('sd'), n: c.num('n') };
}

type Checker = (c: CaseReader, nested: CaseReader[]) => Comparison[];

const CHECKERS: Record<string, Checker> = {
  two_proportion_z: (c, nested) => {
    const control = c.object('control');
    const treatment = c.object('treatment');
    nested.push(control, treatment);
    const res = twoProportionZTest(counts(treatment), counts(control), { confidence: 0.95 });
    return [
      { label: 'z', ours: res.statistic, r: c.num('z') },
      { label: 'p_value_two_sided', ours: res.pValue, r: c.num('p_value_two_sided') },
      ...interval('ci95_diff', res.interval, c.pair('ci95_diff')),
    ];
  },
  welch_t: (c) => {
    const res = welchTTest(c.nums('treatment'), c.nums('control'), { confidence: 0.95 });
    return [
      { label: 't', ours: res.statistic, r: c.num('t') },
      { label: 'df', ours: res.df, r: c.num('df') },
      { label: 'p_value_two_sided', ours: res.pValue, r: c.num('p_value_two_sided') },
      ...interval('ci95_diff', res.interval, c.pair('ci95_diff')),
    ];
  },
  welch_t_summary: (c, nested) => {
    const control = c.object('control');
    const treatment = c.object('treatment');
    nested.push(control, treatment);
    const res = welchTTestFromSummary(summary(treatment), summary(control), { confidence: 0.95 });
    return [
      { label: 't', ours: res.statistic, r: c.num('t') },
      { label: 'df', ours: res.df, r: c.num('df') },
      { label: 'p_value_two_sided', ours: res.pValue, r: c.num('p_value_two_sided') },
      ...interval('ci95_diff', res.interval, c.pair('ci95_diff')),
    ];
  },
  ks_two_sample: (c) => {
    const res = ksTwoSample(c.nums('reference'), c.nums('current'));
    return [
      { label: 'statistic_D', ours: res.statistic, r: c.num('statistic_D') },
      { label: 'p_value_asymptotic', ours: res.pValue, r: c.num('p_value_asymptotic'), rule: 'ks-p' },
    ];
  },
  srm_chi_square: (c) => {
    const res = sampleRatioMismatchTest(c.nums('observed'), c.nums('expected_weights'));
    return [
      { label: 'chi_square', ours: res.statistic, r: c.num('chi_square') },
      { label: 'df', ours: res.df, r: c.num('df') },
      { label: 'p_value', ours: res.pValue, r: c.num('p_value') },
    ];
  },
  chi_square_categorical: (c) => {
    const res = chiSquareHomogeneityTest(c.nums('reference_counts'), c.nums('current_counts'));
    return [
      { label: 'chi_square', ours: res.statistic, r: c.num('chi_square') },
      { label: 'df', ours: res.df, r: c.num('df') },
      { label: 'p_value', ours: res.pValue, r: c.num('p_value') },
    ];
  },
  wilson_interval: (c) => interval('ci95', wilsonInterval(c.num('successes'), c.num('n'), { confidence: 0.95 }).interval, c.pair('ci95')),
  normal_quantile: (c) => [{ label: 'z', ours: normalQuantile(c.num('p')), r: c.num('z') }],
  normal_cdf: (c) => [{ label: 'cdf', ours: normalCdf(c.num('z')), r: c.num('cdf') }],
  student_t_cdf: (c) => [{ label: 'cdf', ours: studentTCdf(c.num('t'), c.num('df')), r: c.num('cdf') }],
  student_t_quantile: (c) => [{ label: 't', ours: studentTQuantile(c.num('p'), c.num('df')), r: c.num('t') }],
  chi_square_sf: (c) => [{ label: 'sf', ours: chiSquareSf(c.num('x'), c.num('df')), r: c.num('sf') }],
  holm_adjust: (c) => {
    const ours = holmAdjust(c.nums('p_values'));
    const r = c.nums('holm_adjusted');
    if (r.length !== ours.length) throw new Error(`holm_adjusted has ${r.length} values for ${ours.length} p-values`);
    return r.map((value, i) => ({ label: `holm_adjusted[${i}]`, ours: ours[i]!, r: value }));
  },
  psi_binned: (c) => [
    { label: 'psi', ours: psiFromCounts(c.nums('reference_counts'), c.nums('current_counts')).statistic, r: c.num('psi') },
  ],
  beta_chance_to_beat: (c, nested) => {
    const control = c.object('control');
    const treatment = c.object('treatment');
    nested.push(control, treatment);
    const res = chanceToBeatControlBinomial(counts(treatment), counts(control), { prior: c.pair('prior') });
    return [{ label: 'chance_to_beat_control', ours: res.chanceToBeatControl, r: c.num('chance_to_beat_control') }];
  },
};

function casesOf(key: string): unknown[] {
  const value = (reference as Record<string, unknown>)[key];
  if (!Array.isArray(value)) throw new Error(`${key}: expected an array of cases`);
  return value;
}

describe(`R reference (${file})`, () => {
  it('is an object of case lists, every key known to the engine', () => {
    expect(reference !== null && typeof reference === 'object' && !Array.isArray(reference)).toBe(true);
    const unknown = Object.keys(reference as object).filter((key) => !(key in CHECKERS));
    expect(unknown, 'keys with no checker').toEqual([]);
    expect(Object.keys(reference as object).length).toBeGreaterThan(0);
  });

  for (const key of Object.keys(reference as object)) {
    casesOf(key).forEach((data, i) => it(`${key} #${i}`, () => {
      const checker = CHECKERS[key];
      if (checker === undefined) throw new Error(`no checker for key "${key}"`);
      const reader = new CaseReader(`${key}[${i}]`, data);
      const nested: CaseReader[] = [];
      const comparisons = checker(reader, nested);
      const unchecked = [reader, ...nested].flatMap((r) => r.unread());
      expect(unchecked, 'fields never compared').toEqual([]);
      const failures = comparisons
        .filter((cmp) => !agrees(cmp))
        .map((cmp) => `${cmp.label}: ours ${cmp.ours}, R ${cmp.r}, rel ${Math.abs(cmp.ours - cmp.r) / Math.abs(cmp.r)}`);
      expect(failures).toEqual([]);
      expect(comparisons.length).toBeGreaterThan(0);
    }));
  }
});
