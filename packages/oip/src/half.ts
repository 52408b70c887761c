// IEEE 754 binary16 conversions, rounding to nearest, ties to even, straight from a double (going
// through Float32Array first would round twice). Node 20 has no Math.f16round.

const POW2 = (e: number): number => 2 ** e;

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The half-precision bit pattern nearest to `value`; NaN becomes the quiet NaN 0x7e00. */
export function toHalf(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const abs = Math.abs(value);
  // 65520 is halfway between the largest half (65504) and 2^16; ties to even round it up to infinity.
  if (abs >= 65520) return sign | 0x7c00;
  if (abs < POW2(-14)) {
    // Subnormal: a multiple of 2^-24. Scaling by a power of two is exact; 1024 carries into the
    // smallest normal, whose bit pattern is exactly 0x0400.
    return sign | roundHalfEven(abs * POW2(24));
  }
  let exponent = Math.floor(Math.log2(abs));
  if (POW2(exponent) > abs) exponent -= 1; // log2 may be off by one next to powers of two
  else if (POW2(exponent + 1) <= abs) exponent += 1;
  let mantissa = roundHalfEven((abs / POW2(exponent) - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    exponent += 1;
  }
  if (exponent > 15) return sign | 0x7c00;
  return sign | ((exponent + 15) << 10) | mantissa;
}

/** The number a half-precision bit pattern stands for. */
export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * POW2(-24);
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * POW2(exponent - 15);
}
