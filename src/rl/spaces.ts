import { Generator } from '../core/random.js';
import { ShapeError, ValueError } from '../core/errors.js';

/** An observation or action space in Gymnasium's sense: what values are allowed, and how to draw one. */
export interface Space<T> {
  /** True when `x` is a member of the space. */
  contains(x: unknown): x is T;
  /** A uniform (or, for unbounded Box dims, normal) draw from the space. */
  sample(gen: Generator): T;
  /** One-line description used in error messages, e.g. `Discrete(4)`. */
  toString(): string;
}

/**
 * The integers `start, ..., start + n - 1` (Gymnasium's `Discrete(n, start)`).
 *
 * @example
 * const s = new Discrete(4);
 * s.contains(3); // true
 * s.contains(4); // false
 */
export class Discrete implements Space<number> {
  constructor(readonly n: number, readonly start = 0) {
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`Discrete: n must be a positive integer, got ${n}`);
    if (!Number.isInteger(start)) throw new ValueError(`Discrete: start must be an integer, got ${start}`);
  }
  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }
  sample(gen: Generator): number { return this.start + gen.int(0, this.n); }
  toString(): string { return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`; }
}

/**
 * A box of float32 vectors with per-dimension bounds (Gymnasium's `Box`, flattened to one dimension).
 * Bounds may be infinite.
 *
 * @example
 * const s = new Box([-1, -2], [1, 2]);
 * s.contains(new Float32Array([0.5, -1.5])); // true
 */
export class Box implements Space<Float32Array> {
  readonly low: Float32Array;
  readonly high: Float32Array;
  readonly shape: readonly number[];

  constructor(low: ArrayLike<number>, high: ArrayLike<number>) {
    if (low.length !== high.length) {
      throw new ShapeError(`Box: low has ${low.length} entries but high has ${high.length}; give one bound pair per dimension`);
    }
    this.low = Float32Array.from(low);
    this.high = Float32Array.from(high);
    for (let i = 0; i < this.low.length; i++) {
      if (!(this.low[i] <= this.high[i])) throw new ValueError(`Box: low[${i}] = ${this.low[i]} exceeds high[${i}] = ${this.high[i]}`);
    }
    this.shape = Object.freeze([this.low.length]);
  }

  contains(x: unknown): x is Float32Array {
    if (!(x instanceof Float32Array) || x.length !== this.low.length) return false;
    for (let i = 0; i < x.length; i++) if (!(x[i] >= this.low[i] && x[i] <= this.high[i])) return false;
    return true;
  }

  sample(gen: Generator): Float32Array {
    const out = new Float32Array(this.low.length);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i], hi = this.high[i];
      // Gymnasium: bounded dims uniform, unbounded dims normal, half-bounded dims shifted exponential.
      if (Number.isFinite(lo) && Number.isFinite(hi)) out[i] = lo + (hi - lo) * gen.uniform();
      else if (Number.isFinite(lo)) out[i] = lo + gen.exponential();
      else if (Number.isFinite(hi)) out[i] = hi - gen.exponential();
      else out[i] = gen.normal();
    }
    return out;
  }

  toString(): string { return `Box(low=[${fmtList(this.low)}], high=[${fmtList(this.high)}])`; }
}

function fmtList(a: Float32Array): string {
  return Array.from(a, (v) => (Number.isFinite(v) ? String(Math.round(v * 1e4) / 1e4) : v > 0 ? 'inf' : '-inf')).join(', ');
}

/** Describes a value for an error message without dumping a huge array. */
export function describeValue(x: unknown): string {
  if (x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x)) {
    const a = Array.from(x as ArrayLike<number>);
    return `${x.constructor.name}(${a.length}) [${a.slice(0, 6).join(', ')}${a.length > 6 ? ', ...' : ''}]`;
  }
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}
