import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { fmt, sizeOf } from '../shape.js';
import { DTypeError, ShapeError } from '../errors.js';

/**
 * y = x Wᵀ + b for x [..., in], W [out, in], b [out]: one fused op whose kernels read W
 * transposed in place (no copies), the hot path of every dense layer.
 * @example linear(ones([2, 3]), ones([4, 3])).shape; // [2, 4]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (x.dtype !== 'float32' || weight.dtype !== 'float32') throw new DTypeError(`linear: needs float32 input and weight, got ${x.dtype} and ${weight.dtype}`);
  if (weight.ndim !== 2) throw new ShapeError(`linear: weight must be 2-D [out, in], got ${fmt(weight.shape)}`);
  const [outF, inF] = weight.shape;
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(`linear: input ${fmt(x.shape)} has ${x.shape[x.ndim - 1] ?? 'no'} features in its last dim but the weight ${fmt(weight.shape)} expects ${inF}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) throw new ShapeError(`linear: bias must be [${outF}], got ${fmt(bias.shape)}`);
  const rows = sizeOf(x.shape.slice(0, -1));
  const out = new Float32Array(rows * outF);
  const k = backend();
  const xd = x.data as Float32Array, wd = weight.data as Float32Array;
  if (bias) {
    const bd = bias.data as Float32Array;
    for (let r = 0; r < rows; r++) out.set(bd, r * outF);
  }
  k.matmul(xd, wd, out, rows, inF, outF, false, true, !!bias);
  const shape = [...x.shape.slice(0, -1), outF];
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return fromOp('linear', out, shape, inputs, (g) => {
    const gd = g.data as Float32Array;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      const d = new Float32Array(rows * inF);
      k.matmul(gd, wd, d, rows, outF, inF, false, false, false);
      gx = new Tensor(d, x.shape);
    }
    if (weight.requiresGrad) {
      const d = new Float32Array(outF * inF);
      k.matmul(gd, xd, d, outF, rows, inF, true, false, false);
      gw = new Tensor(d, weight.shape);
    }
    if (bias && bias.requiresGrad) {
      const d = new Float32Array(outF);
      k.reduce('sum', gd, 1, rows, outF, d);
      gb = new Tensor(d, bias.shape);
    }
    return bias ? [gx, gw, gb] : [gx, gw];
  });
}
