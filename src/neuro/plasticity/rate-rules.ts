import { ValueError } from '../../core/errors.js';
import { requireNonNegative, requirePositive } from '../validate.js';

// Rate-based plasticity on a dense weight matrix W of shape [nOut, nIn] (row i = inputs to output i),
// the PyTorch Linear layout. x: presynaptic rates [nIn], y: postsynaptic rates [nOut].

function check(where: string, w: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, eta: number): void {
  requireNonNegative(where, 'eta', eta);
  if (w.length !== x.length * y.length) throw new ValueError(`${where}: weights have ${w.length} entries but x has ${x.length} and y has ${y.length} (expected ${y.length}·${x.length})`);
}

/**
 * Plain Hebbian update ΔW = η y xᵀ (Hebb 1949; Dayan & Abbott 2001, eq. 8.3). Unstable alone:
 * pair it with bounds or normalisation.
 * @example hebbianUpdate(w, x, y, 0.01);
 */
export function hebbianUpdate(w: Float64Array, x: ArrayLike<number>, y: ArrayLike<number>, eta: number): void {
  check('hebbian', w, x, y, eta);
  const nIn = x.length;
  for (let i = 0; i < y.length; i++) {
    const k = eta * y[i];
    if (k === 0) continue;
    for (let j = 0; j < nIn; j++) w[i * nIn + j] += k * x[j];
  }
}

/**
 * Oja's rule for each output independently: Δw_i = η y_i (x − y_i w_i) (Oja 1982, eq. 3). For a
 * linear neuron y = w·x it converges to the unit-norm first principal component of x.
 * @example ojaUpdate(w, x, y, 0.005);
 */
export function ojaUpdate(w: Float64Array, x: ArrayLike<number>, y: ArrayLike<number>, eta: number): void {
  check('oja', w, x, y, eta);
  const nIn = x.length;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    for (let j = 0; j < nIn; j++) w[i * nIn + j] += eta * yi * (x[j] - yi * w[i * nIn + j]);
  }
}

/**
 * Sanger's generalised Hebbian algorithm: Δw_ij = η y_i (x_j − Σ_{k≤i} y_k w_kj) (Sanger 1989,
 * eq. 5). Output i converges to the i-th principal component, in order.
 * @example sangerUpdate(w, x, y, 0.005);
 */
export function sangerUpdate(w: Float64Array, x: ArrayLike<number>, y: ArrayLike<number>, eta: number): void {
  check('sanger', w, x, y, eta);
  const nIn = x.length;
  const residual = Float64Array.from(x);
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    // residual = x − Σ_{k≤i} y_k w_k, built up one output at a time
    for (let j = 0; j < nIn; j++) residual[j] -= yi * w[i * nIn + j];
    for (let j = 0; j < nIn; j++) w[i * nIn + j] += eta * yi * residual[j];
  }
}

/**
 * BCM rule: Δw_i = η x y_i (y_i − θ_i), with a sliding threshold that tracks the recent mean of y²:
 * τθ dθ/dt = y² − θ (Bienenstock, Cooper & Munro 1982; Intrator & Cooper 1992). Updates `theta` in place.
 * @example bcmUpdate(w, theta, x, y, 1e-3, 1, 10);
 */
export function bcmUpdate(w: Float64Array, theta: Float64Array, x: ArrayLike<number>, y: ArrayLike<number>, eta: number, dt: number, tauTheta: number): void {
  check('bcm', w, x, y, eta);
  requirePositive('bcm', 'tauTheta', tauTheta, 'ms');
  if (theta.length !== y.length) throw new ValueError(`bcm: theta has length ${theta.length}, expected one per output (${y.length})`);
  const nIn = x.length;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    const k = eta * yi * (yi - theta[i]);
    for (let j = 0; j < nIn; j++) w[i * nIn + j] += k * x[j];
    theta[i] += (dt / tauTheta) * (yi * yi - theta[i]);
  }
}
