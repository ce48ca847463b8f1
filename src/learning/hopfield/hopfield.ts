import { Tensor } from '../../core/tensor.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { solve } from '../linalg.js';

export type StorageRule = 'hebbian' | 'pseudoinverse';
export interface RecallOptions {
  /** 'async': one unit at a time in random order (Hopfield 1982, energy never rises); 'sync': all at once (may 2-cycle). */
  mode?: 'async' | 'sync';
  /** Upper bound on full sweeps over the units. */
  maxSweeps?: number;
  generator?: Generator;
}
export interface RecallResult { state: Tensor; sweeps: number; converged: boolean }

/**
 * Binary (±1) Hopfield network (Hopfield 1982): a symmetric weight matrix stores patterns as
 * fixed points of s ← sign(W s), which descend the energy E = −½ sᵀ W s. Hebbian storage holds
 * about 0.138·N random patterns (Amit, Gutfreund & Sompolinsky 1985); the pseudo-inverse rule
 * (Personnaz, Guyon & Dreyfus 1985) stores up to N linearly independent ones.
 *
 * @example
 * const net = new HopfieldNetwork(4);
 * net.store(tensor([[1, -1, 1, -1]]));
 * net.recall(tensor([1, 1, 1, -1])).state.toArray(); // [1, -1, 1, -1]
 */
export class HopfieldNetwork {
  /** W [N, N], row-major, symmetric with a zero diagonal. */
  readonly weights: Float32Array;
  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size <= 0) throw new ValueError(`HopfieldNetwork: size must be a positive integer, got ${size}`);
    this.weights = new Float32Array(size * size);
  }

  /** Replaces the weights with a memory of `patterns` [P, N] (±1 entries). */
  store(patterns: Tensor, rule: StorageRule = 'hebbian'): this {
    const [p, n] = this.checkPatterns('store', patterns, true);
    const x = patterns.data, w = this.weights;
    w.fill(0);
    if (rule === 'hebbian') {
      // W = (1/N) Σ_μ ξ^μ ξ^μᵀ (Hopfield 1982, eq. 2), self-connections removed.
      for (let m = 0; m < p; m++) {
        const o = m * n;
        for (let i = 0; i < n; i++) {
          const xi = x[o + i] / n;
          for (let j = 0; j < n; j++) w[i * n + j] += xi * x[o + j];
        }
      }
    } else if (rule === 'pseudoinverse') {
      // W = (1/N) Ξ Q⁻¹ Ξᵀ with Q = ΞᵀΞ / N (Personnaz et al. 1985): the projector onto the pattern span.
      const q = new Float64Array(p * p);
      for (let a = 0; a < p; a++) for (let b = a; b < p; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[a * n + i] * x[b * n + i];
        q[a * p + b] = q[b * p + a] = s / n;
      }
      const rhs = new Float64Array(p * n);
      for (let i = 0; i < p * n; i++) rhs[i] = x[i];
      let c: Float64Array;
      try { c = solve(q, rhs, p, n); } catch (e) {
        throw new ValueError(`HopfieldNetwork.store: the pseudo-inverse rule needs linearly independent patterns; these ${p} are not (${(e as Error).message})`);
      }
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
        let s = 0;
        for (let m = 0; m < p; m++) s += x[m * n + i] * c[m * n + j];
        w[i * n + j] = w[j * n + i] = s / n;
      }
    } else {
      throw new ValueError(`HopfieldNetwork.store: rule must be 'hebbian' or 'pseudoinverse', got '${rule as string}'`);
    }
    for (let i = 0; i < n; i++) w[i * n + i] = 0;
    return this;
  }

  /** The weights as a tensor [N, N] (a copy). */
  weightTensor(): Tensor { return new Tensor(Float32Array.from(this.weights), [this.size, this.size]); }

  /**
   * Runs the dynamics from `state` ([N] or [B, N], ±1) until no unit changes or `maxSweeps`.
   * Ties (zero local field) keep the unit's current value.
   */
  recall(state: Tensor, opts: RecallOptions = {}): RecallResult {
    const [rows, n] = this.checkPatterns('recall', state, false);
    const mode = opts.mode ?? 'async', maxSweeps = opts.maxSweeps ?? 100, gen = opts.generator ?? defaultGenerator;
    const out = Float32Array.from(state.data);
    let sweepsMax = 0, allConverged = true;
    for (let r = 0; r < rows; r++) {
      const s = out.subarray(r * n, (r + 1) * n);
      const [sweeps, ok] = mode === 'async' ? this.runAsync(s, maxSweeps, gen) : this.runSync(s, maxSweeps);
      sweepsMax = Math.max(sweepsMax, sweeps);
      allConverged &&= ok;
    }
    return { state: new Tensor(out, state.shape), sweeps: sweepsMax, converged: allConverged };
  }

  private runAsync(s: Float32Array, maxSweeps: number, gen: Generator): [number, boolean] {
    const n = this.size, w = this.weights;
    // Keep the local fields h = W s current so checking a unit is O(1) and a flip is O(N).
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) { let v = 0; for (let j = 0; j < n; j++) v += w[i * n + j] * s[j]; h[i] = v; }
    for (let sweep = 1; sweep <= maxSweeps; sweep++) {
      let flips = 0;
      for (const i of gen.permutation(n)) {
        const next = h[i] > 0 ? 1 : h[i] < 0 ? -1 : s[i];
        if (next === s[i]) continue;
        const d = next - s[i];
        s[i] = next; flips++;
        for (let k = 0; k < n; k++) h[k] += w[k * n + i] * d;
      }
      if (flips === 0) return [sweep, true];
    }
    return [maxSweeps, false];
  }

  private runSync(s: Float32Array, maxSweeps: number): [number, boolean] {
    const n = this.size, w = this.weights, next = new Float32Array(n);
    for (let sweep = 1; sweep <= maxSweeps; sweep++) {
      let changed = 0;
      for (let i = 0; i < n; i++) {
        let h = 0;
        for (let j = 0; j < n; j++) h += w[i * n + j] * s[j];
        next[i] = h > 0 ? 1 : h < 0 ? -1 : s[i];
        if (next[i] !== s[i]) changed++;
      }
      s.set(next);
      if (changed === 0) return [sweep, true];
    }
    return [maxSweeps, false];
  }

  /** E = −½ sᵀ W s for a state [N] (a number) or states [B, N] (one per row). */
  energy(state: Tensor): number | number[] {
    const [rows, n] = this.checkPatterns('energy', state, false);
    const w = this.weights, s = state.data, out: number[] = [];
    for (let r = 0; r < rows; r++) {
      let e = 0;
      for (let i = 0; i < n; i++) {
        let h = 0;
        for (let j = 0; j < n; j++) h += w[i * n + j] * s[r * n + j];
        e -= 0.5 * s[r * n + i] * h;
      }
      out.push(e);
    }
    return state.ndim === 1 ? out[0] : out;
  }

  private checkPatterns(op: string, t: Tensor, matrix: boolean): [number, number] {
    const n = this.size;
    if (matrix ? t.ndim !== 2 : t.ndim !== 1 && t.ndim !== 2) {
      throw new ShapeError(`HopfieldNetwork.${op}: expected ${matrix ? '[patterns, N]' : '[N] or [batch, N]'} with N = ${n}, got ${fmt(t.shape)}`);
    }
    if (t.shape[t.ndim - 1] !== n) throw new ShapeError(`HopfieldNetwork.${op}: the network has ${n} units but the input ${fmt(t.shape)} has ${t.shape[t.ndim - 1]}`);
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      if (d[i] !== 1 && d[i] !== -1) {
        throw new ValueError(`HopfieldNetwork.${op}: patterns must hold only +1 and -1, found ${d[i]} at flat index ${i}; map binary {0, 1} data with x.mul(2).sub(1) or use bipolarize()`);
      }
    }
    return [t.ndim === 1 ? 1 : t.shape[0], n];
  }
}

/**
 * Overlap m = (1/N) Σᵢ sᵢ ξᵢ between two ±1 vectors: 1 for identical, −1 for inverted, ≈0 for unrelated.
 * @example overlap(tensor([1, -1]), tensor([1, 1])); // 0
 */
export function overlap(a: Tensor | ArrayLike<number>, b: Tensor | ArrayLike<number>): number {
  const x = a instanceof Tensor ? a.data : a, y = b instanceof Tensor ? b.data : b;
  if (x.length !== y.length) throw new ShapeError(`overlap: vectors have ${x.length} and ${y.length} entries`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s / x.length;
}

/**
 * Maps real values to ±1 by a threshold (e.g. MNIST intensities at 0.5).
 * @example bipolarize(tensor([0.1, 0.9])).toArray(); // [-1, 1]
 */
export function bipolarize(x: Tensor, threshold = 0.5): Tensor {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = x.data[i] > threshold ? 1 : -1;
  return new Tensor(out, x.shape);
}

/**
 * Flips each entry of a ±1 tensor with probability `p` (corruption for recall tests).
 * @example flipBits(tensor([1, 1, 1]), 0.5, new Generator(0));
 */
export function flipBits(x: Tensor, p: number, gen: Generator = defaultGenerator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`flipBits: probability must be in [0, 1], got ${p}`);
  const out = Float32Array.from(x.data);
  for (let i = 0; i < out.length; i++) if (gen.uniform() < p) out[i] = -out[i];
  return new Tensor(out, x.shape);
}
