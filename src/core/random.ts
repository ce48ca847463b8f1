/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32.
 * The same seed gives the same stream on every platform and backend, because all draws happen
 * here in plain integer arithmetic, never in a backend kernel.
 *
 * @example
 * const g = new Generator(7);
 * g.uniform(); // same value every run
 */
export interface GeneratorState { s: [number, number, number, number]; spare: number | null }

export class Generator {
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed = 0) { this.manualSeed(seed); }

  manualSeed(seed: number): this {
    let x = (Math.floor(seed) >>> 0) ^ Math.floor(seed / 2 ** 32);
    for (let i = 0; i < 4; i++) {
      // splitmix32 expands one 32-bit seed into four well-mixed words.
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    this.spare = null;
    return this;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal draw (Box–Muller, both values used). */
  normal(): number {
    if (this.spare !== null) { const v = this.spare; this.spare = null; return v; }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [low, high). */
  int(low: number, high: number): number {
    const span = high - low;
    if (span <= 0) throw new RangeError(`Generator.int: empty range [${low}, ${high})`);
    if (span <= 2 ** 32) {
      // Rejection sampling avoids modulo bias.
      const limit = Math.floor(2 ** 32 / span) * span;
      let x: number;
      do { x = this.nextUint32(); } while (x >= limit);
      return low + (x % span);
    }
    return low + Math.floor(this.uniform() * span);
  }

  /** Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return p;
  }

  /** Exponential draw with the given rate (mean 1/rate). */
  exponential(rate = 1): number {
    let u = 0;
    while (u === 0) u = this.uniform();
    return -Math.log(u) / rate;
  }

  /** Poisson draw (Knuth for small means, normal approximation above 60). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0, p = 1;
    do { k++; p *= this.uniform(); } while (p > l);
    return k - 1;
  }

  getState(): GeneratorState {
    return { s: [this.s[0], this.s[1], this.s[2], this.s[3]], spare: this.spare };
  }

  setState(state: GeneratorState): this {
    if (!state || !Array.isArray(state.s) || state.s.length !== 4 || state.s.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
      throw new TypeError('Generator.setState: state must be { s: four uint32 numbers, spare: number | null } as returned by getState()');
    }
    this.s.set(state.s);
    this.spare = state.spare ?? null;
    return this;
  }

  /** A new generator whose stream is derived from this one (for data loaders and environments). */
  fork(): Generator {
    return new Generator(this.nextUint32() * 4294967296 + this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The global generator behind `rand`, `randn`, initialisation and dropout. */
export const defaultGenerator = new Generator(0);

/**
 * Seeds the global generator.
 * @example
 * manualSeed(42); const a = randn([3]); manualSeed(42); const b = randn([3]); // a equals b
 */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
