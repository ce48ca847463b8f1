import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { normDim, sizeOf } from '../shape.js';
import { DTypeError } from '../errors.js';

/**
 * Softmax (or log-softmax) along `dim`, subtracting the max first so large logits do not overflow.
 * @example tensor([1, 1]).softmax().toArray(); // [0.5, 0.5]
 */
export function softmax(x: Tensor, dim: number, log: boolean): Tensor {
  const name = log ? 'logSoftmax' : 'softmax';
  if (x.dtype !== 'float32') throw new DTypeError(`${name}: needs float32 input, got ${x.dtype}; call .float() first`);
  const d = normDim(name, dim, x.ndim);
  const outer = sizeOf(x.shape.slice(0, d)), size = x.shape[d] ?? 1, inner = sizeOf(x.shape.slice(d + 1));
  const out = new Float32Array(x.data.length);
  backend().softmax(x.data as Float32Array, outer, size, inner, out, log);
  return fromOp(name, out, x.shape, [x], (g) => {
    const gx = new Float32Array(out.length);
    backend().softmaxGrad(out, g.data as Float32Array, outer, size, inner, gx, log);
    return [new Tensor(gx, x.shape)];
  });
}
