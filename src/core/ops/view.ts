import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { allocate } from '../dtype.js';
import { fmt, normDim, sizeOf, sameShape, checkShapeArg } from '../shape.js';
import { ShapeError } from '../errors.js';
import { unbroadcast } from './binary.js';

export const normDimOf = normDim;

/**
 * A tensor with the same data in a new shape (one entry may be -1 to infer it). Shares storage.
 * @example arange(6).reshape(2, 3).shape; // [2, 3]
 */
export function reshape(x: Tensor, shape: number[]): Tensor {
  const n = x.data.length;
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1) throw new ShapeError(`reshape: only one dimension can be -1, got ${fmt(shape)}`);
  let target = shape;
  if (inferred === 1) {
    const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    if (known === 0 || n % known !== 0) throw new ShapeError(`reshape: cannot reshape ${fmt(x.shape)} (${n} elements) into ${fmt(shape)}`);
    target = shape.map((d) => (d === -1 ? n / known : d));
  }
  checkShapeArg('reshape', target);
  if (sizeOf(target) !== n) {
    throw new ShapeError(`reshape: cannot reshape ${fmt(x.shape)} (${n} elements) into ${fmt(shape)} (${sizeOf(target)} elements); the element counts must match`);
  }
  if (sameShape(target, x.shape)) return x;
  const inShape = x.shape;
  return fromOp('reshape', x.data, target, [x], (g) => [new Tensor(g.data, inShape)]);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim('flatten', startDim, x.ndim), e = normDim('flatten', endDim, x.ndim);
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim} for shape ${fmt(x.shape)}`);
  const mid = x.shape.slice(s, e + 1).reduce((a, d) => a * d, 1);
  return reshape(x, [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)]);
}

export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = normDim('unflatten', dim, x.ndim);
  return reshape(x, [...x.shape.slice(0, d), ...sizes, ...x.shape.slice(d + 1)]);
}

export function squeeze(x: Tensor, dim?: number | number[]): Tensor {
  let keep: number[];
  if (dim === undefined) keep = x.shape.filter((d) => d !== 1);
  else {
    const dims = (typeof dim === 'number' ? [dim] : dim).map((d) => normDim('squeeze', d, x.ndim));
    keep = x.shape.filter((s, i) => !(dims.includes(i) && s === 1));
  }
  return reshape(x, keep);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim('unsqueeze', dim, x.ndim + 1);
  const s = [...x.shape];
  s.splice(d, 0, 1);
  return reshape(x, s);
}

/**
 * Reorders dims (copies the data into the new layout).
 * @example zeros([2, 3, 4]).permute(2, 0, 1).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, dims: number[]): Tensor {
  if (dims.length !== x.ndim) throw new ShapeError(`permute: got ${dims.length} dims ${fmt(dims)} for a tensor of rank ${x.ndim}; give one entry per dim`);
  const perm = dims.map((d) => normDim('permute', d, x.ndim));
  if (new Set(perm).size !== perm.length) throw new ShapeError(`permute: dims ${fmt(dims)} repeat a dimension`);
  if (perm.every((p, i) => p === i)) return x;
  const shape = perm.map((p) => x.shape[p]);
  const out = allocate(x.dtype, x.data.length);
  backend().permute(x.data, x.shape, perm, out);
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return fromOp('permute', out, shape, [x], (g) => [permute(g, inv)]);
}

export function transpose(x: Tensor, d0: number, d1: number): Tensor {
  if (x.ndim < 2 && x.ndim > 0 && (d0 === 0 || d0 === -1) && (d1 === 0 || d1 === -1)) return x;
  const a = normDim('transpose', d0, x.ndim), b = normDim('transpose', d1, x.ndim);
  const perm = Array.from({ length: x.ndim }, (_, i) => i);
  perm[a] = b; perm[b] = a;
  return permute(x, perm);
}

/**
 * Broadcasts to a larger shape (-1 keeps a dim). Copies; the gradient sums back.
 * @example tensor([1, 2]).expand(3, 2).shape; // [3, 2]
 */
export function expand(x: Tensor, shape: number[]): Tensor {
  if (shape.length < x.ndim) throw new ShapeError(`expand: target ${fmt(shape)} has fewer dims than the tensor ${fmt(x.shape)}`);
  const off = shape.length - x.ndim;
  const target = shape.map((d, i) => (d === -1 && i >= off ? x.shape[i - off] : d));
  for (let i = 0; i < x.ndim; i++) {
    const s = x.shape[i], t = target[i + off];
    if (s !== t && s !== 1) throw new ShapeError(`expand: cannot expand ${fmt(x.shape)} to ${fmt(shape)}: dim ${i} has size ${s}, which is not 1`);
  }
  checkShapeArg('expand', target);
  if (sameShape(target, x.shape)) return x;
  const out = allocate(x.dtype, sizeOf(target));
  backend().broadcastTo(x.data, x.shape, out, target);
  const inShape = x.shape;
  return fromOp('expand', out, target, [x], (g) => [unbroadcast(g, inShape)]);
}

/** Tiles the tensor `reps` times along each dim, like torch.repeat. */
export function repeat(x: Tensor, reps: number[]): Tensor {
  if (reps.length < x.ndim) throw new ShapeError(`repeat: need at least ${x.ndim} repeat counts for shape ${fmt(x.shape)}, got ${fmt(reps)}`);
  const shape = [...Array(reps.length - x.ndim).fill(1), ...x.shape];
  // Interleave singleton dims, expand them, then merge: [a, b] -> [1, a, 1, b] -> [r0, a, r1, b] -> [r0*a, r1*b].
  const inter: number[] = [], big: number[] = [], fin: number[] = [];
  shape.forEach((s, i) => { inter.push(1, s); big.push(reps[i], s); fin.push(reps[i] * s); });
  return reshape(expand(reshape(x, inter), big), fin);
}
