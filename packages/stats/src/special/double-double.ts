// Double-double arithmetic (an unevaluated sum hi + lo, ~106 bits), after Dekker (1971) and
// Hida, Li & Bailey's QD library. Used where a continued fraction cancels badly: the incomplete
// beta fraction for a = ν/2 = 5e5 and x = 1 − 4e-6 loses ~6 digits in plain doubles.

export interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

export function dd(x: number): DD {
  return { hi: x, lo: 0 };
}

/** 1 − y exactly (as a double-double), for the x = 1 − y of a beta tail given y. */
export function oneMinus(y: number): DD {
  return twoSum(1, -y);
}

export function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = quickTwoSum(s.hi, s.lo + t.hi);
  return quickTwoSum(u.hi, u.lo + t.lo);
}

export function neg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

export function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = add(a, neg(mul(b, dd(q1))));
  const q2 = r.hi / b.hi;
  r = add(r, neg(mul(b, dd(q2))));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

export function toNumber(a: DD): number {
  return a.hi + a.lo;
}
