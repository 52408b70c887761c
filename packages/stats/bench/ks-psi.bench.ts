// KS and PSI at n = 1,000,000 per side as a ratio to sorting both samples (their lower bound), and the
// size and merge time of the streaming summaries at 1e3 vs 1e6 points. Run: npm run bench -w @mizan/stats
import { performance } from 'node:perf_hooks';
import { FixedBinHistogram, KllSketch, ksTwoSample, populationStabilityIndex, RunningMoments } from '@mizan/stats';
import { Random } from '../test/support/random.ts';

const N = 1_000_000;
const REPEATS = 7;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time of fn over REPEATS runs, after one warm-up run. */
function time(fn: () => unknown, repeats = REPEATS): number {
  fn();
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

const rng = new Random(2024);
const reference = rng.normals(N);
const current = rng.normals(N, 0.01);

const floor = time(() => {
  reference.slice().sort();
  current.slice().sort();
});
const ks = time(() => ksTwoSample(reference, current));
const psi = time(() => populationStabilityIndex(reference, current));
const ksResult = ksTwoSample(reference, current);

console.log(`node ${process.version}, n = ${N.toLocaleString('en')} per side, median of ${REPEATS} runs`);
console.log(`floor: Float64Array sort of both samples   ${floor.toFixed(1)} ms`);
console.log(`two-sample KS   ${ks.toFixed(1)} ms   ratio ${(ks / floor).toFixed(2)}x   (target <= 1.5x: ${ks / floor <= 1.5 ? 'met' : 'MISSED'})  D = ${ksResult.statistic.toFixed(5)}, p = ${ksResult.pValue.toExponential(3)}`);
console.log(`PSI (10 bins)   ${psi.toFixed(1)} ms   ratio ${(psi / floor).toFixed(2)}x`);

interface Summary {
  merge(other: never): unknown;
  toJSON(): unknown;
}

function summaryRow(name: string, build: (n: number) => Summary, restore: (state: never) => Summary): void {
  const rows = [1_000, 1_000_000].map((n) => {
    const a = build(n);
    const b = build(n);
    const state = JSON.stringify(a.toJSON());
    const copies = 2000;
    const targets = Array.from({ length: copies }, () => restore(JSON.parse(state) as never));
    let i = 0;
    const mergeMs = time(() => {
      for (let k = 0; k < 200; k++) targets[i++ % copies]!.merge(b as never);
    }, 5) / 200;
    return { n, bytes: state.length, mergeUs: mergeMs * 1000 };
  });
  const [small, large] = rows as [(typeof rows)[0], (typeof rows)[0]];
  console.log(
    `${name.padEnd(22)} size ${String(small.bytes).padStart(6)} B -> ${String(large.bytes).padStart(6)} B (x${(large.bytes / small.bytes).toFixed(2)})` +
      `   merge ${small.mergeUs.toFixed(2).padStart(7)} us -> ${large.mergeUs.toFixed(2).padStart(7)} us (x${(large.mergeUs / small.mergeUs).toFixed(2)})`,
  );
}

console.log('\nstreaming summaries, 1e3 -> 1e6 points (JSON size; time to merge one more summary of the same size)');
const edges = Array.from({ length: 49 }, (_, i) => -3 + (6 * i) / 48);
summaryRow('RunningMoments', (n) => new RunningMoments().addAll(rng.normals(n)), (s) => RunningMoments.fromJSON(s));
summaryRow('FixedBinHistogram(50)', (n) => new FixedBinHistogram(edges).addAll(rng.normals(n)), (s) => FixedBinHistogram.fromJSON(s));
summaryRow('KllSketch(k=200)', (n) => new KllSketch().addAll(rng.normals(n)), (s) => KllSketch.fromJSON(s));
