import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { allocate } from '../dtype.js';
import { fmt, normDims, normDim, sizeOf } from '../shape.js';
import { ShapeError } from '../errors.js';
import type { ReduceOp } from '../../backend/backend.js';
import { expand, reshape } from './view.js';
import { where } from './binary.js';
import { noGrad } from '../autograd.js';

/** Shape after reducing `dims`, keeping them as size 1. */
function keptShape(shape: readonly number[], dims: number[]): number[] {
  return shape.map((d, i) => (dims.includes(i) ? 1 : d));
}
function finalShape(shape: readonly number[], dims: number[], keepDim: boolean): number[] {
  return keepDim ? keptShape(shape, dims) : shape.filter((_, i) => !dims.includes(i));
}

/** Reduces raw data over dims (highest first, one axis at a time). Returns data in kept shape. */
function reduceData(op: ReduceOp, x: Tensor, dims: number[]) {
  let data = x.data;
  let shape = [...x.shape];
  const outDtype = op === 'sum' || op === 'prod' ? (x.dtype === 'uint8' ? 'int32' : x.dtype) : x.dtype;
  if (dims.length === 0) { const c = allocate(outDtype, data.length); c.set(data as never); return c; }
  for (let k = dims.length - 1; k >= 0; k--) {
    const d = dims[k];
    const outer = sizeOf(shape.slice(0, d)), size = shape[d], inner = sizeOf(shape.slice(d + 1));
    if (size === 0 && (op === 'max' || op === 'min')) {
      throw new ShapeError(`${op}: cannot reduce over dim ${d} of size 0 in shape ${fmt(x.shape)} (no identity); use sum or check the input is not empty`);
    }
    const out = allocate(outDtype, outer * inner);
    backend().reduce(op, data, outer, size, inner, out);
    data = out; shape[d] = 1;
  }
  return data;
}

/**
 * Sum over all elements or over `dim`(s).
 * @example tensor([[1, 2], [3, 4]]).sum(0).toArray(); // [4, 6]
 */
export function sum(x: Tensor, dim?: number | number[], keepDim = false): Tensor {
  const dims = normDims('sum', dim, x.ndim);
  const data = reduceData('sum', x, dims);
  const kept = keptShape(x.shape, dims);
  return fromOp('sum', data, finalShape(x.shape, dims, keepDim), [x], (g) => [expand(reshape(g, kept), [...x.shape])]);
}

/** Mean over all elements or over `dim`(s). @example tensor([1, 2, 3]).mean().item(); // 2 */
export function mean(x: Tensor, dim?: number | number[], keepDim = false): Tensor {
  const dims = normDims('mean', dim, x.ndim);
  const count = dims.reduce((a, d) => a * x.shape[d], 1);
  const xf = x.dtype === 'float32' ? x : x.float();
  return sum(xf, dims, keepDim).div(count);
}

export function prod(x: Tensor, dim?: number, keepDim = false): Tensor {
  const dims = normDims('prod', dim, x.ndim);
  const data = reduceData('prod', x, dims);
  const kept = keptShape(x.shape, dims);
  const out = fromOp('prod', data, finalShape(x.shape, dims, keepDim), [x], (g) => {
    // d prod / d x_i = prod of the others; computed without dividing so zeros are handled.
    const gx = new Float32Array(x.data.length);
    const shape = [...x.shape];
    const d = dims.length === 1 ? dims[0] : -1;
    const flat = d === -1;
    const outer = flat ? 1 : sizeOf(shape.slice(0, d)), size = flat ? x.data.length : shape[d], inner = flat ? 1 : sizeOf(shape.slice(d + 1));
    const gk = expand(reshape(g, kept), [...x.shape]).data;
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      for (let s = 0; s < size; s++) {
        let p = 1;
        for (let t = 0; t < size; t++) if (t !== s) p *= x.data[o * size * inner + t * inner + i];
        const idx = o * size * inner + s * inner + i;
        gx[idx] = gk[idx] * p;
      }
    }
    return [new Tensor(gx, x.shape)];
  });
  return out;
}

/** Max (or min) values over all or some dims; ties share the gradient evenly. */
export function amax(x: Tensor, dim: number | number[] | undefined, keepDim: boolean, op: 'max' | 'min'): Tensor {
  const dims = normDims(op, dim, x.ndim);
  // Only a reduced dim of size 0 has no answer; reducing other dims of an empty tensor gives an empty result (as PyTorch).
  if (dims.length === x.ndim && x.data.length === 0) throw new ShapeError(`${op}: cannot take the ${op} of an empty tensor of shape ${fmt(x.shape)}`);
  const data = reduceData(op, x, dims);
  const kept = keptShape(x.shape, dims);
  const out = fromOp(op, data, finalShape(x.shape, dims, keepDim), [x], (g) => {
    const m = x.eq(expand(new Tensor(data, kept), [...x.shape])).float();
    const count = sum(m, dims, true);
    return [m.div(count).mul(expand(reshape(g, kept), [...x.shape]))];
  });
  return out;
}

/** [values, indices] of the max/min along one dim; the gradient goes to the chosen index. */
export function maxWithIndices(x: Tensor, dim: number, keepDim: boolean, op: 'max' | 'min'): [Tensor, Tensor] {
  const d = normDim(op, dim, x.ndim);
  const idx = argReduce(op === 'max' ? 'argmax' : 'argmin', x, d, true);
  const kept = keptShape(x.shape, [d]);
  const vals = allocate(x.dtype, idx.data.length);
  const outer = sizeOf(x.shape.slice(0, d)), size = x.shape[d] ?? 1, inner = sizeOf(x.shape.slice(d + 1));
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    vals[o * inner + i] = x.data[o * size * inner + idx.data[o * inner + i] * inner + i];
  }
  const shape = finalShape(x.shape, [d], keepDim);
  const values = fromOp(op, vals, shape, [x], (g) => {
    const gx = new Float32Array(x.data.length);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      gx[o * size * inner + idx.data[o * inner + i] * inner + i] = g.data[o * inner + i];
    }
    return [new Tensor(gx, x.shape)];
  });
  return [values, keepDim ? idx : reshape(idx, shape)];
}

/** Index of the max/min (int32), over the flattened tensor when `dim` is undefined. */
export function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim?: number, keepDim = false): Tensor {
  if (x.data.length === 0) throw new ShapeError(`${op}: cannot take the ${op} of an empty tensor of shape ${fmt(x.shape)}`);
  if (dim === undefined) {
    const out = new Int32Array(1);
    backend().argReduce(op, x.data, 1, x.data.length, 1, out);
    return new Tensor(out, keepDim ? x.shape.map(() => 1) : []);
  }
  const d = normDim(op, dim, x.ndim);
  const outer = sizeOf(x.shape.slice(0, d)), size = x.shape[d] ?? 1, inner = sizeOf(x.shape.slice(d + 1));
  const out = new Int32Array(outer * inner);
  backend().argReduce(op, x.data, outer, size, inner, out);
  return new Tensor(out, finalShape(x.shape, x.ndim ? [d] : [], keepDim));
}

/** Variance with Bessel's `correction` (1 = unbiased, PyTorch's default). */
export function variance(x: Tensor, dim: number | number[] | undefined, correction: number, keepDim: boolean): Tensor {
  const dims = normDims('var', dim, x.ndim);
  const n = dims.reduce((a, d) => a * x.shape[d], 1);
  const mu = mean(x, dims, true);
  const dev = x.sub(mu);
  return sum(dev.mul(dev), dims, keepDim).div(Math.max(0, n - correction));
}

/** log(sum(exp(x))) over dims, stable for large inputs. */
export function logsumexp(x: Tensor, dim: number | number[], keepDim: boolean): Tensor {
  const dims = normDims('logsumexp', dim, x.ndim);
  const m = amax(x.detach(), dims, true, 'max');
  const safe = where(m.abs().eq(Infinity), 0, m);
  const r = sum(x.sub(safe).exp(), dims, true).log().add(safe);
  return keepDim ? r : reshape(r, finalShape(x.shape, dims, false));
}

/** p-norm over all or some dims (p = Infinity gives the max absolute value). */
export function norm(x: Tensor, p: number, dim: number | number[] | undefined, keepDim: boolean): Tensor {
  if (p === 2) return norm2(x, dim, keepDim);
  if (p === 1) return sum(x.abs(), dim, keepDim);
  if (p === Infinity) return amax(x.abs(), dim, keepDim, 'max');
  return sum(x.abs().pow(p), dim, keepDim).pow(1 / p);
}

/**
 * Euclidean norm with PyTorch's gradient x / ‖x‖, taken as 0 where the norm is 0 (composing
 * sqrt(sum(x²)) would give 0 · ∞ = NaN there, e.g. when normalising an all-zero row).
 */
function norm2(x: Tensor, dim: number | number[] | undefined, keepDim: boolean): Tensor {
  const dims = normDims('norm', dim, x.ndim);
  const n = noGrad(() => sum(x.mul(x), dims, true).sqrt());
  const kept = [...n.shape];
  return fromOp('norm', n.data, finalShape(x.shape, dims, keepDim), [x], (g) => {
    // Where the norm is 0 every x in the group is 0, so any finite denominator gives 0.
    const safe = n.add(n.eq(0));
    return [x.mul(reshape(g, kept).div(safe))];
  });
}
