/** mulberry32: a tiny seeded 32-bit PRNG; the same seed gives the same stream on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws by Box–Muller. Math.log/sqrt/cos are not guaranteed bit-identical across JS
 * engines, so callers round what they keep (weights to float32, data to fixed decimals).
 */
export function normal(rand: () => number): () => number {
  return () => {
    const u = 1 - rand(); // (0, 1]: log(0) would be -Infinity
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
