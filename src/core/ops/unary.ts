import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { allocate } from '../dtype.js';
import type { UnaryOp } from '../../backend/backend.js';

const INTEGER_SAFE = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square', 'relu', 'clamp', 'floor', 'ceil', 'round', 'addScalar', 'mulScalar']);

/**
 * Applies an elementwise function; the gradient uses the backend's fused derivative kernel.
 * @example unaryOp('exp', tensor([0])).item(); // 1
 */
export function unaryOp(op: UnaryOp, x: Tensor, p0?: number, p1?: number): Tensor {
  const dtype = x.dtype !== 'float32' && INTEGER_SAFE.has(op) && Number.isInteger(p0 ?? 0) && Number.isInteger(p1 ?? 0) ? x.dtype : 'float32';
  const out = allocate(dtype, x.data.length);
  backend().unary(op, x.data, out, p0, p1);
  const y = fromOp(op, out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.data.length);
    backend().unaryGrad(op, x.data, y.data, g.data as Float32Array, gx, p0, p1);
    return [new Tensor(gx, x.shape)];
  });
  return y;
}

/** Clamps into [min, max]; either bound may be omitted. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  return unaryOp('clamp', x, min ?? -Infinity, max ?? Infinity);
}

/** A differentiable copy. */
export function clone(x: Tensor): Tensor {
  const out = allocate(x.dtype, x.data.length);
  out.set(x.data as never);
  return fromOp('clone', out, x.shape, [x], (g) => [g]);
}
