// Reads one case of the R reference file field by field, so that the test can fail on a field it
// never compared (a newer file format) as loudly as on a missing or mistyped one.

const DESCRIPTIVE_FIELDS = new Set(['description', 'note', 'comment', 'label', 'name', 'id']);

export class CaseReader {
  private readonly read = new Set<string>();

  constructor(
    private readonly where: string,
    private readonly data: unknown,
  ) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new Error(`${where}: a case must be an object, got ${JSON.stringify(data)}`);
    }
  }

  private field(name: string): unknown {
    const record = this.data as Record<string, unknown>;
    if (!(name in record)) throw new Error(`${this.where}: missing field "${name}"`);
    this.read.add(name);
    return record[name];
  }

  num(name: string): number {
    const v = this.field(name);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${this.where}.${name}: expected a finite number, got ${JSON.stringify(v)}`);
    return v;
  }

  nums(name: string): number[] {
    const v = this.field(name);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
      throw new Error(`${this.where}.${name}: expected an array of finite numbers`);
    }
    return v as number[];
  }

  pair(name: string): [number, number] {
    const v = this.nums(name);
    if (v.length !== 2) throw new Error(`${this.where}.${name}: expected two numbers, got ${v.length}`);
    return [v[0]!, v[1]!];
  }

  object(name: string): CaseReader {
    return new CaseReader(`${this.where}.${name}`, this.field(name));
  }

  /** Fields present but never read, apart from descriptive ones; nested readers report their own. */
  unread(): string[] {
    return Object.keys(this.data as object).filter((k) => !this.read.has(k) && !DESCRIPTIVE_FIELDS.has(k));
  }
}

/** One number to compare with R. */
export interface Comparison {
  readonly label: string;
  readonly ours: number;
  readonly r: number;
  /** 'ks-p': R's KS p-value sums its series only to 1e-6, so compare absolutely at 1e-6. */
  readonly rule?: 'ks-p';
}

/** The reference README's rule: relative 1e-9, absolute 1e-300 where |R| < 1e-300, KS p-values absolute 1e-6. */
export function agrees(c: Comparison): boolean {
  if (typeof c.ours !== 'number' || Number.isNaN(c.ours)) return false;
  const diff = Math.abs(c.ours - c.r);
  if (c.rule === 'ks-p') return diff <= 1e-6;
  if (Math.abs(c.r) < 1e-300) return diff <= 1e-300;
  return diff <= 1e-9 * Math.abs(c.r);
}
