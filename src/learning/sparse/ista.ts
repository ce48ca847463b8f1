import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { zeros } from '../../core/creation.js';
import { ValueError } from '../../core/errors.js';
import { checkDictionary, checkLambda, lassoObjective, lipschitz, softThreshold } from './objective.js';

export interface SparseInferenceOptions {
  /** Weight of the L1 penalty. */
  lambda: number;
  iterations?: number;
  /** Restrict codes to be ≥ 0 (firing rates). */
  nonNegative?: boolean;
  /** Record the objective after every iteration (costs one extra reconstruction each). */
  trackObjective?: boolean;
  /** Warm start. */
  init?: Tensor;
}
export interface SparseInferenceResult { codes: Tensor; objective: number[] }

function checkIters(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${op}: iterations must be a positive integer, got ${n}`);
}

/**
 * ISTA: proximal gradient descent on ½‖X − A D‖² + λ‖A‖₁ with step 1/L, L = λmax(D Dᵀ)
 * (Daubechies, Defrise & De Mol 2004). The objective never increases.
 * @example const { codes } = ista(x, dict, { lambda: 0.1, iterations: 100 });
 */
export function ista(x: Tensor, dict: Tensor, opts: SparseInferenceOptions): SparseInferenceResult {
  return proximal('ista', x, dict, opts, false);
}

/**
 * FISTA: ISTA with Nesterov momentum, O(1/k²) convergence of the objective (Beck & Teboulle 2009, §4).
 * @example const { codes } = fista(x, dict, { lambda: 0.1, iterations: 50 });
 */
export function fista(x: Tensor, dict: Tensor, opts: SparseInferenceOptions): SparseInferenceResult {
  return proximal('fista', x, dict, opts, true);
}

function proximal(op: string, x: Tensor, dict: Tensor, opts: SparseInferenceOptions, momentum: boolean): SparseInferenceResult {
  const [k] = checkDictionary(op, dict, x);
  checkLambda(op, opts.lambda);
  const iters = opts.iterations ?? 100;
  checkIters(op, iters);
  return noGrad(() => {
    const X = x.detach(), D = dict.detach();
    const L = lipschitz(D);
    const objective: number[] = [];
    let a = opts.init ? opts.init.detach() : zeros([x.shape[0], k]);
    if (L === 0) return { codes: a, objective };
    const xdt = X.matmul(D.T), gram = D.matmul(D.T);
    let y = a, t = 1;
    for (let i = 0; i < iters; i++) {
      // ∇ of ½‖X − Y D‖² with respect to Y is (Y D − X) Dᵀ = Y G − X Dᵀ.
      const grad = y.matmul(gram).sub(xdt);
      const next = softThreshold(y.sub(grad.div(L)), opts.lambda / L, opts.nonNegative);
      if (momentum) {
        const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
        y = next.add(next.sub(a).mul((t - 1) / tNext));
        t = tNext;
      } else {
        y = next;
      }
      a = next;
      if (opts.trackObjective) objective.push(lassoObjective(X, D, a, opts.lambda));
    }
    return { codes: a, objective };
  });
}

export interface LcaOptions extends SparseInferenceOptions {
  /** Euler step as a fraction of the membrane time constant, dt/τ. */
  dtOverTau?: number;
}

/**
 * Locally competitive algorithm (Rozell, Johnson, Baraniuk & Olshausen 2008, eq. 3): leaky
 * integrator neurons with internal state u driven by their input match b = X Dᵀ and laterally
 * inhibited by active neighbours, τ u̇ = b − u − (D Dᵀ − I) a, where a = T_λ(u) is the thresholded
 * output. Fixed points solve the same LASSO problem as ISTA.
 * @example const { codes } = lca(x, dict, { lambda: 0.1, iterations: 200, dtOverTau: 0.1 });
 */
export function lca(x: Tensor, dict: Tensor, opts: LcaOptions): SparseInferenceResult & { membrane: Tensor } {
  const [k] = checkDictionary('lca', dict, x);
  checkLambda('lca', opts.lambda);
  const iters = opts.iterations ?? 200, eta = opts.dtOverTau ?? 0.1;
  checkIters('lca', iters);
  if (!(eta > 0 && eta <= 1)) throw new ValueError(`lca: dtOverTau must be in (0, 1], got ${eta}`);
  return noGrad(() => {
    const X = x.detach(), D = dict.detach();
    const b = X.matmul(D.T);
    const inhib = D.matmul(D.T);
    for (let i = 0; i < k; i++) inhib.data[i * k + i] -= 1;
    let u = opts.init ? opts.init.detach() : zeros([x.shape[0], k]);
    let a = softThreshold(u, opts.lambda, opts.nonNegative);
    const objective: number[] = [];
    for (let i = 0; i < iters; i++) {
      u = u.add(b.sub(u).sub(a.matmul(inhib)).mul(eta));
      a = softThreshold(u, opts.lambda, opts.nonNegative);
      if (opts.trackObjective) objective.push(lassoObjective(X, D, a, opts.lambda));
    }
    return { codes: a, objective, membrane: u };
  });
}
