import { Tensor, fromOp } from '../tensor.js';
import { fmt } from '../shape.js';
import { DTypeError, IndexError, ShapeError } from '../errors.js';

/**
 * Looks up rows of `weight` [num, dim] for integer `indices` of any shape → [...indices, dim].
 * The gradient scatters into the used rows; the row `paddingIdx` gets none (PyTorch's padding_idx).
 * @example embedding(tensor([[0, 2]], { dtype: 'int32' }), randn([5, 3])).shape; // [1, 2, 3]
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx: number | null = null, layer = 'embedding'): Tensor {
  if (indices.dtype === 'float32') throw new DTypeError(`${layer}: indices must be an int32 tensor, got float32; convert with .int()`);
  if (weight.ndim !== 2) throw new ShapeError(`${layer}: weight must be [numEmbeddings, dim], got ${fmt(weight.shape)}`);
  const [num, dim] = weight.shape;
  const id = indices.data, wd = weight.data;
  const out = new Float32Array(id.length * dim);
  for (let i = 0; i < id.length; i++) {
    const r = id[i];
    if (r < 0 || r >= num || !Number.isInteger(r)) throw new IndexError(`${layer}: index ${r} is out of range for ${num} embeddings (valid 0..${num - 1})`);
    out.set(wd.subarray(r * dim, (r + 1) * dim) as Float32Array, i * dim);
  }
  return fromOp(layer, out, [...indices.shape, dim], [weight], (g) => {
    const gw = new Float32Array(wd.length), gd = g.data;
    for (let i = 0; i < id.length; i++) {
      const r = id[i];
      if (r === paddingIdx) continue;
      const o = r * dim, s = i * dim;
      for (let j = 0; j < dim; j++) gw[o + j] += gd[s + j];
    }
    return [new Tensor(gw, weight.shape)];
  });
}
