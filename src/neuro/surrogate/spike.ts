import { Tensor, fromOp } from '../../core/tensor.js';
import { DTypeError } from '../../core/errors.js';
import { requireFinite } from '../validate.js';
import type { Surrogate } from './surrogates.js';

/**
 * The spike nonlinearity of surrogate-gradient training: forward the Heaviside step
 * H(v − threshold) as float32 0/1 (H(0) = 0, as in snnTorch), backward the surrogate derivative
 * g · S'(v − threshold) (Neftci, Mostafa & Zenke 2019, §III). No gradient flows to the threshold.
 *
 * @example
 * const v = tensor([0.5, 1.2], { requiresGrad: true });
 * const s = spike(v, 1, fastSigmoid(25)); // [0, 1]
 * s.sum().backward(); // v.grad = [1/(1+12.5)², 1/(1+5)²]
 */
export function spike(v: Tensor, threshold: number, surrogate: Surrogate): Tensor {
  if (v.dtype !== 'float32') throw new DTypeError(`spike: membrane potential must be float32, got ${v.dtype}; convert it with .float()`);
  requireFinite('spike', 'threshold', threshold);
  const vd = v.data as Float32Array, n = vd.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = vd[i] - threshold > 0 ? 1 : 0;
  return fromOp(`spike(${surrogate.name})`, out, v.shape, [v], (g) => {
    const gd = g.data as Float32Array, gv = new Float32Array(n);
    for (let i = 0; i < n; i++) if (gd[i] !== 0) gv[i] = gd[i] * surrogate.derivative(vd[i] - threshold);
    return [new Tensor(gv, v.shape)];
  });
}
