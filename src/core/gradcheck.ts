import { Tensor } from './tensor.js';
import { noGrad } from './autograd.js';
import { Generator } from './random.js';
import { GradError } from './errors.js';

export interface GradcheckOptions {
  /** Finite-difference step (float32 arithmetic, so not too small). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random output weighting (checks a vector-Jacobian product, not only sum). */
  seed?: number;
  /** Throw on mismatch (default) or return false. */
  raiseException?: boolean;
}

/**
 * Compares autograd gradients of `fn` with central finite differences, for every input that
 * requires grad. Checks the vector-Jacobian product with a random weighting of the output.
 *
 * @example
 * const x = randn([3], { requiresGrad: true });
 * gradcheck((x) => x.tanh(), [x]); // true
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-3, atol = opts.atol ?? 1e-3, rtol = opts.rtol ?? 1e-2;
  const gen = new Generator(opts.seed ?? 1234);
  for (const x of inputs) x.grad = null;
  const out = fn(...inputs);
  const w = new Float32Array(out.data.length);
  for (let i = 0; i < w.length; i++) w[i] = 0.5 + gen.uniform();
  const wt = new Tensor(w, out.shape);
  out.mul(wt).sum().backward();
  const objective = (): number => noGrad(() => {
    const o = fn(...inputs);
    let s = 0;
    for (let i = 0; i < o.data.length; i++) s += o.data[i] * w[i];
    return s;
  });
  for (let k = 0; k < inputs.length; k++) {
    const x = inputs[k];
    if (!x.requiresGrad) continue;
    const analytic = x.grad ? x.grad.data : new Float32Array(x.data.length);
    for (let i = 0; i < x.data.length; i++) {
      const orig = x.data[i];
      x.data[i] = orig + eps; const fp = objective();
      x.data[i] = orig - eps; const fm = objective();
      x.data[i] = orig;
      const numeric = (fp - fm) / (2 * eps);
      const a = analytic[i];
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
        if (opts.raiseException === false) return false;
        throw new GradError(`gradcheck: input ${k}, element ${i}: autograd gives ${a}, finite differences give ${numeric} (atol ${atol}, rtol ${rtol})`);
      }
    }
  }
  return true;
}
