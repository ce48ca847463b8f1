import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';

/**
 * Shared pieces of sparse coding. Convention: a dictionary D [K, d] holds K unit-norm atoms as rows,
 * signals X are [B, d], codes A are [B, K], and X ≈ A D. The objective is the LASSO
 * ½‖X − A D‖² + λ‖A‖₁ summed over the batch (Olshausen & Field 1996; Tibshirani 1996).
 */
export function checkDictionary(op: string, dict: Tensor, x?: Tensor): [number, number] {
  if (dict.ndim !== 2) throw new ShapeError(`${op}: dictionary must be 2-D [atoms, features], got ${fmt(dict.shape)}`);
  const [k, d] = dict.shape;
  if (k === 0) throw new ValueError(`${op}: the dictionary has 0 atoms; give it at least one (e.g. numAtoms: 64)`);
  if (x && (x.ndim !== 2 || x.shape[1] !== d)) throw new ShapeError(`${op}: signals ${fmt(x.shape)} must be [batch, ${d}] to match the dictionary ${fmt(dict.shape)}`);
  return [k, d];
}

export function checkLambda(op: string, lambda: number): void {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new ValueError(`${op}: lambda (sparsity penalty) must be a non-negative finite number, got ${lambda}`);
}

/**
 * ½‖X − A D‖² + λ‖A‖₁, summed over the batch.
 * @example lassoObjective(x, dict, codes, 0.1);
 */
export function lassoObjective(x: Tensor, dict: Tensor, codes: Tensor, lambda: number): number {
  return noGrad(() => {
    const r = x.sub(codes.matmul(dict));
    let l1 = 0;
    for (const v of codes.data) l1 += Math.abs(v);
    let sq = 0;
    for (const v of r.data) sq += v * v;
    return 0.5 * sq + lambda * l1;
  });
}

/** Soft threshold sign(u)·max(|u| − t, 0); with `nonNegative` only max(u − t, 0). */
export function softThreshold(u: Tensor, t: number, nonNegative = false): Tensor {
  const out = new Float32Array(u.data.length), d = u.data;
  for (let i = 0; i < out.length; i++) {
    const v = d[i];
    out[i] = v > t ? v - t : !nonNegative && v < -t ? v + t : 0;
  }
  return new Tensor(out, u.shape);
}

/**
 * Largest eigenvalue of D Dᵀ (the Lipschitz constant of the smooth part's gradient), by power iteration.
 * @example lipschitz(dict);
 */
export function lipschitz(dict: Tensor, iters = 50): number {
  return noGrad(() => {
    const g = dict.matmul(dict.T);
    const k = g.shape[0];
    let v = new Tensor(new Float32Array(k).fill(1 / Math.sqrt(k)), [k, 1]);
    let lam = 0;
    for (let i = 0; i < iters; i++) {
      const w = g.matmul(v);
      let n = 0;
      for (const x of w.data) n += x * x;
      n = Math.sqrt(n);
      if (n === 0) return 0;
      lam = n;
      v = w.div(n);
    }
    // A little headroom keeps the step strictly inside the convergence bound.
    return lam * 1.01;
  });
}

/** Fraction of code entries whose magnitude exceeds `tol`. */
export function activeFraction(codes: Tensor, tol = 1e-6): number {
  let c = 0;
  for (const v of codes.data) if (Math.abs(v) > tol) c++;
  return codes.data.length ? c / codes.data.length : 0;
}
