import { Tensor, fromOp, type TensorLike } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { allocate, promote, type DType } from '../dtype.js';
import { broadcastShapes, sameShape, sizeOf, type Shape } from '../shape.js';
import type { BinaryOp } from '../../backend/backend.js';

/** Turns a number into a 0-d tensor whose dtype fits `like` (integers stay integer next to integer tensors). */
export function toTensor(v: TensorLike, like?: Tensor): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v !== 'number') throw new TypeError(`expected a Tensor or a number, got ${typeof v}`);
  const dtype: DType = like && like.dtype !== 'float32' && Number.isInteger(v) ? 'int32' : 'float32';
  const d = allocate(dtype, 1); d[0] = v;
  return new Tensor(d, []);
}

/** Sums a broadcast gradient back to the shape of the input it came from. */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const out = new Float32Array(sizeOf(shape));
  backend().sumTo(g.data as Float32Array, g.shape, out, shape);
  return new Tensor(out, shape);
}

function compute(op: BinaryOp, a: Tensor, b: Tensor, dtype: DType): [Float32Array | Int32Array | Uint8Array, number[]] {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocate(dtype, sizeOf(shape));
  backend().binary(op, a.data, a.shape, b.data, b.shape, out, shape);
  return [out, shape];
}

function arith(op: BinaryOp, x: TensorLike, y: TensorLike, backward: (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null]): Tensor {
  const a = toTensor(x, y instanceof Tensor ? y : undefined);
  const b = toTensor(y, a);
  let dtype = promote(a.dtype, b.dtype);
  if (op === 'div' || (op === 'pow' && dtype !== 'float32')) dtype = 'float32';
  if (dtype === 'uint8' && op !== 'maximum' && op !== 'minimum') dtype = 'int32';
  const [data, shape] = compute(op, a, b, dtype);
  let out: Tensor;
  out = fromOp(op, data, shape, [a, b], (g) => {
    const [ga, gb] = backward(g, a, b, out);
    return [a.requiresGrad && ga ? unbroadcast(ga, a.shape) : null, b.requiresGrad && gb ? unbroadcast(gb, b.shape) : null];
  });
  return out;
}

/**
 * Elementwise sum with broadcasting.
 * @example add(tensor([1, 2]), 10).toArray(); // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return arith('add', a, b, (g) => [g, g]);
}
/** Elementwise difference with broadcasting. @example sub(tensor([3]), 1).item(); // 2 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return arith('sub', a, b, (g) => [g, g.neg()]);
}
/** Elementwise product with broadcasting. @example mul(tensor([2, 3]), 2).toArray(); // [4, 6] */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return arith('mul', a, b, (g, x, y) => [x.requiresGrad ? g.mul(y) : null, y.requiresGrad ? g.mul(x) : null]);
}
/** True division (integer inputs give float32). @example div(tensor([1]), 4).item(); // 0.25 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return arith('div', a, b, (g, x, y) => [
    x.requiresGrad ? g.div(y) : null,
    y.requiresGrad ? g.mul(x).div(y.mul(y)).neg() : null,
  ]);
}
/** Elementwise power. @example pow(tensor([3]), 2).item(); // 9 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return arith('pow', a, b, (g, x, y, out) => [
    x.requiresGrad ? g.mul(y).mul(pow(x, sub(y, 1))) : null,
    // d/dy x^y = x^y log x; PyTorch uses 0 where x == 0 and y >= 0.
    y.requiresGrad ? g.mul(out).mul(where(x.eq(0), 0, x.log())) : null,
  ]);
}
/** Elementwise maximum; ties split the gradient evenly, as PyTorch does. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return arith('maximum', a, b, (g, x, y) => {
    const w = x.gt(y).float().add(x.eq(y).float().mul(0.5));
    return [g.mul(w), g.mul(w.rsub(1))];
  });
}
/** Elementwise minimum; ties split the gradient evenly. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return arith('minimum', a, b, (g, x, y) => {
    const w = x.lt(y).float().add(x.eq(y).float().mul(0.5));
    return [g.mul(w), g.mul(w.rsub(1))];
  });
}
/** atan2(a, b), elementwise. */
export function atan2(a: TensorLike, b: TensorLike): Tensor {
  return arith('atan2', a, b, (g, y, x) => {
    const den = x.mul(x).add(y.mul(y));
    return [g.mul(x).div(den), g.mul(y).neg().div(den)];
  });
}

/** Elementwise comparison; uint8 result (1 = true), never differentiable. */
export function compare(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', x: TensorLike, y: TensorLike): Tensor {
  const a = toTensor(x, y instanceof Tensor ? y : undefined), b = toTensor(y, a);
  const [data, shape] = compute(op, a, b, 'uint8');
  return new Tensor(data, shape);
}

/**
 * Picks from `a` where `cond` is nonzero, else from `b` (broadcasting all three).
 * @example where(tensor([1, 0], { dtype: 'uint8' }), 5, -5).toArray(); // [5, -5]
 */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor {
  const a = toTensor(x, y instanceof Tensor ? y : undefined), b = toTensor(y, a);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const n = sizeOf(shape);
  const dtype = promote(a.dtype, b.dtype);
  const c = expandData(cond, shape), av = expandData(a, shape), bv = expandData(b, shape);
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = c[i] !== 0 ? av[i] : bv[i];
  return fromOp('where', out, shape, [a, b], (g) => {
    const m = new Tensor(c instanceof Uint8Array ? c : Uint8Array.from(c, (v) => (v !== 0 ? 1 : 0)), shape);
    const gz = g.mul(m.float());
    return [a.requiresGrad ? unbroadcast(gz, a.shape) : null, b.requiresGrad ? unbroadcast(g.sub(gz), b.shape) : null];
  });
}

function expandData(t: Tensor, shape: Shape) {
  if (sameShape(t.shape, shape)) return t.data;
  const out = allocate(t.dtype, sizeOf(shape));
  backend().broadcastTo(t.data, t.shape, out, shape);
  return out;
}
