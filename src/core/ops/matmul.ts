import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { fmt, broadcastShapes, sizeOf, sameShape } from '../shape.js';
import { DTypeError, ShapeError } from '../errors.js';
import { reshape } from './view.js';
import { unbroadcast } from './binary.js';

/**
 * Matrix product with PyTorch's rules: 1-D operands are promoted and the added dim removed;
 * leading (batch) dims broadcast. Backward uses transposed kernels, never materialised transposes.
 * @example matmul(ones([2, 3]), ones([3, 4])).shape; // [2, 4]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new DTypeError(`matmul: needs float32 operands, got ${a.dtype} and ${b.dtype}; call .float() first`);
  }
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`matmul: operands must have at least 1 dim, got ${fmt(a.shape)} and ${fmt(b.shape)}; use mul for scalars`);
  const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const b2 = b.ndim === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const out = batchedMatmul(a2, b2);
  if (a.ndim === 1 && b.ndim === 1) return reshape(out, []);
  if (a.ndim === 1) return reshape(out, [...out.shape.slice(0, -2), out.shape[out.shape.length - 1]]);
  if (b.ndim === 1) return reshape(out, out.shape.slice(0, -1));
  return out;
}

function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2], n = b.shape[b.ndim - 1];
  if (k !== k2) {
    throw new ShapeError(`matmul: cannot multiply ${fmt(a.shape)} by ${fmt(b.shape)}: inner sizes ${k} and ${k2} differ`);
  }
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', aBatch, bBatch);
  const nb = sizeOf(batch);
  const outShape = [...batch, m, n];
  const out = new Float32Array(nb * m * n);
  const ae = expandBatch(a, batch), be = expandBatch(b, batch);
  const kern = backend();
  kern.matmulBatch(ae, be, out, nb, m, k, n, false, false, false);
  return fromOp('matmul', out, outShape, [a, b], (g) => {
    const gd = g.data as Float32Array;
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (a.requiresGrad) {
      const d = new Float32Array(nb * m * k);
      kern.matmulBatch(gd, be, d, nb, m, n, k, false, true, false);
      ga = unbroadcast(new Tensor(d, [...batch, m, k]), a.shape);
    }
    if (b.requiresGrad) {
      const d = new Float32Array(nb * k * n);
      kern.matmulBatch(ae, gd, d, nb, k, m, n, true, false, false);
      gb = unbroadcast(new Tensor(d, [...batch, k, n]), b.shape);
    }
    return [ga, gb];
  });
}

function expandBatch(t: Tensor, batch: number[]): Float32Array {
  const target = [...batch, ...t.shape.slice(-2)];
  if (sameShape(target, t.shape) || sizeOf(t.shape.slice(0, -2)) === sizeOf(batch) && t.ndim - 2 === batch.length) return t.data as Float32Array;
  const out = new Float32Array(sizeOf(target));
  backend().broadcastTo(t.data, t.shape, out, target);
  return out;
}
