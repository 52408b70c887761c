// Seeded random numbers for the simulation tests and the bench: xoshiro128** seeded by splitmix32,
// Box–Muller normals, and exact binomial draws so that experiments can be simulated by their counts.
import { logGamma } from '../../src/index.ts';

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;
  private readonly modeMass = new Map<string, number>();

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on (0, 1) with 53 random bits, never 0. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** Standard normal by Box–Muller (both values used). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  normals(n: number, mean = 0, sd = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + sd * this.normal();
    return out;
  }

  /**
   * Exact Binomial(n, p) draw: inverse transform over the support taken in the order mode, mode−1,
   * mode+1, … (any fixed order is exact), with the pmf stepped by its ratio; ~√(npq) steps.
   */
  binomial(n: number, p: number): number {
    if (p === 0) return 0;
    if (p === 1) return n;
    const q = 1 - p;
    const mode = Math.min(n, Math.floor((n + 1) * p));
    const key = `${n}:${p}`;
    let pMode = this.modeMass.get(key);
    if (pMode === undefined) {
      pMode = Math.exp(logGamma(n + 1) - logGamma(mode + 1) - logGamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log(q));
      this.modeMass.set(key, pMode);
    }
    let u = this.uniform() - pMode;
    if (u <= 0) return mode;
    let lo = mode;
    let hi = mode;
    let pLo = pMode;
    let pHi = pMode;
    while (lo > 0 || hi < n) {
      if (lo > 0) {
        pLo *= (lo * q) / ((n - lo + 1) * p);
        lo--;
        u -= pLo;
        if (u <= 0) return lo;
      }
      if (hi < n) {
        pHi *= ((n - hi) * p) / ((hi + 1) * q);
        hi++;
        u -= pHi;
        if (u <= 0) return hi;
      }
    }
    return mode; // only rounding leaves u > 0 after the whole support
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
