import { Tensor, fromOp } from '../tensor.js';
import { allocate, promote } from '../dtype.js';
import { fmt, normDim, sizeOf, stridesOf } from '../shape.js';
import { DTypeError, IndexError, ShapeError } from '../errors.js';
import { reshape, unsqueeze } from './view.js';
import { where } from './binary.js';

/** One entry per leading dim: an index (drops the dim), [start, end?, step?] (Python-style, negatives count from the end), or null for all. */
export type SliceSpec = number | null | [number?, number?, number?];

interface Range { start: number; step: number; len: number; drop: boolean }

function resolve(spec: readonly SliceSpec[], shape: readonly number[]): Range[] {
  if (spec.length > shape.length) throw new IndexError(`slice: ${spec.length} indices given for a tensor of rank ${shape.length} (shape ${fmt(shape)})`);
  return shape.map((size, d): Range => {
    const s = spec[d];
    if (s === undefined || s === null) return { start: 0, step: 1, len: size, drop: false };
    if (typeof s === 'number') {
      if (!Number.isInteger(s) || s < -size || s >= size) throw new IndexError(`slice: index ${s} is out of range for dim ${d} of size ${size} (shape ${fmt(shape)})`);
      return { start: s < 0 ? s + size : s, step: 1, len: 1, drop: true };
    }
    const step = s[2] ?? 1;
    if (!Number.isInteger(step) || step <= 0) throw new IndexError(`slice: step must be a positive integer, got ${step} for dim ${d}`);
    const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
    const start = clampIdx(s[0] ?? 0), end = clampIdx(s[1] ?? size);
    return { start, step, len: Math.max(0, Math.ceil((end - start) / step)), drop: false };
  });
}

/** Copies the strided block described by ranges from src into dst (or back when `scatter`). */
function strided(src: ArrayLike<number>, shape: readonly number[], ranges: Range[], dst: { [i: number]: number; length: number }, scatter: boolean): void {
  const st = stridesOf(shape);
  const lens = ranges.map((r) => r.len);
  const n = sizeOf(lens);
  if (n === 0) return;
  const rank = shape.length;
  if (rank === 0) { if (scatter) (dst as number[])[0] += (src as number[])[0]; else dst[0] = src[0]; return; }
  const idx = new Array<number>(rank).fill(0);
  let base = 0;
  for (let d = 0; d < rank; d++) base += ranges[d].start * st[d];
  const last = rank - 1, inner = lens[last], istep = ranges[last].step * st[last];
  let p = base;
  for (let o = 0; o < n; o += inner) {
    if (scatter) for (let j = 0; j < inner; j++) dst[p + j * istep] += src[o + j];
    else for (let j = 0; j < inner; j++) dst[o + j] = src[p + j * istep];
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++; p += ranges[d].step * st[d];
      if (idx[d] < lens[d]) break;
      p -= ranges[d].step * st[d] * lens[d]; idx[d] = 0;
    }
  }
}

/**
 * Basic slicing like Python's `x[0, 1:3, ::2]`.
 * @example arange(10).slice([2, 8, 2]).toArray(); // [2, 4, 6]
 */
export function slice(x: Tensor, spec: readonly SliceSpec[]): Tensor {
  const ranges = resolve(spec, x.shape);
  const lens = ranges.map((r) => r.len);
  const out = allocate(x.dtype, sizeOf(lens));
  strided(x.data, x.shape, ranges, out, false);
  const shape = ranges.filter((r) => !r.drop).map((r) => r.len);
  return fromOp('slice', out, shape, [x], (g) => {
    const gx = new Float32Array(x.data.length);
    strided(g.data, x.shape, ranges, gx, true);
    return [new Tensor(gx, x.shape)];
  });
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim('narrow', dim, x.ndim);
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || length < 0 || s + length > size) throw new IndexError(`narrow: range [${start}, ${start + length}) is outside dim ${dim} of size ${size}`);
  const spec: SliceSpec[] = x.shape.map(() => null);
  spec[d] = [s, s + length];
  return slice(x, spec);
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normDim('select', dim, x.ndim);
  const spec: SliceSpec[] = x.shape.map(() => null);
  spec[d] = index;
  return slice(x, spec);
}

function checkIndexTensor(op: string, index: Tensor): void {
  if (index.dtype === 'float32') throw new DTypeError(`${op}: index must be an int32 (or uint8) tensor, got float32; convert with .int()`);
}

/**
 * Picks values along `dim` by an index tensor of the same rank (torch.gather).
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]], { dtype: 'int32' })).toArray(); // [[2], [3]]
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor('gather', index);
  const d = normDim('gather', dim, x.ndim);
  if (index.ndim !== x.ndim) throw new ShapeError(`gather: index has rank ${index.ndim} but input has rank ${x.ndim} (shapes ${fmt(index.shape)} and ${fmt(x.shape)})`);
  for (let i = 0; i < x.ndim; i++) if (i !== d && index.shape[i] > x.shape[i]) throw new ShapeError(`gather: index shape ${fmt(index.shape)} exceeds input shape ${fmt(x.shape)} at dim ${i}`);
  const xs = stridesOf(x.shape), is = stridesOf(index.shape);
  const n = index.data.length, size = x.shape[d];
  const src = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let rem = i, off = 0;
    for (let k = 0; k < index.ndim; k++) {
      const c = Math.floor(rem / is[k]); rem -= c * is[k];
      if (k === d) {
        let v = index.data[i];
        if (v < -size || v >= size) throw new IndexError(`gather: index ${v} is out of range for dim ${dim} of size ${size}`);
        if (v < 0) v += size;
        off += v * xs[k];
      } else off += c * xs[k];
    }
    src[i] = off;
  }
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = x.data[src[i]];
  return fromOp('gather', out, index.shape, [x], (g) => {
    const gx = new Float32Array(x.data.length);
    for (let i = 0; i < n; i++) gx[src[i]] += g.data[i];
    return [new Tensor(gx, x.shape)];
  });
}

/** Rows (or slices along `dim`) picked by a list of indices. @example indexSelect(eye(3), 0, [2, 0]) */
export function indexSelect(x: Tensor, dim: number, index: Tensor | number[]): Tensor {
  const idx = index instanceof Tensor ? index : new Tensor(Int32Array.from(index), [index.length]);
  checkIndexTensor('indexSelect', idx);
  if (idx.ndim > 1) throw new ShapeError(`indexSelect: index must be 1-D, got shape ${fmt(idx.shape)}`);
  const d = normDim('indexSelect', dim, x.ndim);
  const outer = sizeOf(x.shape.slice(0, d)), size = x.shape[d], inner = sizeOf(x.shape.slice(d + 1));
  const k = idx.data.length;
  const pos = new Int32Array(k);
  for (let j = 0; j < k; j++) {
    const v = idx.data[j];
    if (v < -size || v >= size) throw new IndexError(`indexSelect: index ${v} is out of range for dim ${dim} of size ${size} (shape ${fmt(x.shape)})`);
    pos[j] = v < 0 ? v + size : v;
  }
  const out = allocate(x.dtype, outer * k * inner);
  for (let o = 0; o < outer; o++) for (let j = 0; j < k; j++) {
    const so = (o * size + pos[j]) * inner, dO = (o * k + j) * inner;
    for (let i = 0; i < inner; i++) out[dO + i] = x.data[so + i];
  }
  const shape = [...x.shape]; shape[d] = k;
  return fromOp('indexSelect', out, shape, [x], (g) => {
    const gx = new Float32Array(x.data.length);
    for (let o = 0; o < outer; o++) for (let j = 0; j < k; j++) {
      const so = (o * size + pos[j]) * inner, dO = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) gx[so + i] += g.data[dO + i];
    }
    return [new Tensor(gx, x.shape)];
  });
}

/** Replaces entries where `mask` is nonzero with `value` (mask broadcasts). */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  return where(mask, value, x);
}

/**
 * Concatenates along an existing dim.
 * @example cat([ones([2]), zeros([1])]).toArray(); // [1, 1, 0]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('cat: needs at least one tensor');
  const first = tensors[0];
  const d = normDim('cat', dim, first.ndim);
  let dtype = first.dtype;
  for (const t of tensors) {
    if (t.ndim !== first.ndim) throw new ShapeError(`cat: all tensors need the same rank; got ${fmt(first.shape)} and ${fmt(t.shape)}`);
    for (let i = 0; i < t.ndim; i++) if (i !== d && t.shape[i] !== first.shape[i]) {
      throw new ShapeError(`cat: shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ at dim ${i} (only dim ${d} may differ)`);
    }
    dtype = promote(dtype, t.dtype);
  }
  const outer = sizeOf(first.shape.slice(0, d)), inner = sizeOf(first.shape.slice(d + 1));
  const total = tensors.reduce((a, t) => a + t.shape[d], 0);
  const out = allocate(dtype, outer * total * inner);
  const offsets: number[] = [];
  let acc = 0;
  for (const t of tensors) {
    offsets.push(acc);
    const len = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) {
      const src = t.data.subarray(o * len, (o + 1) * len);
      const at = (o * total + acc) * inner;
      if (t.dtype === dtype) out.set(src as never, at); else for (let i = 0; i < len; i++) out[at + i] = src[i];
    }
    acc += t.shape[d];
  }
  const shape = [...first.shape]; shape[d] = total;
  return fromOp('cat', out, shape, tensors, (g) => tensors.map((t, k) => {
    if (!t.requiresGrad) return null;
    const len = t.shape[d] * inner;
    const gx = new Float32Array(t.data.length);
    for (let o = 0; o < outer; o++) gx.set(g.data.subarray((o * total + offsets[k]) * inner, (o * total + offsets[k]) * inner + len) as Float32Array, o * len);
    return new Tensor(gx, t.shape);
  }));
}

/** Stacks same-shaped tensors along a new dim. @example stack([ones([2]), zeros([2])]).shape; // [2, 2] */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const s0 = tensors[0].shape;
  for (const t of tensors) if (fmt(t.shape) !== fmt(s0)) throw new ShapeError(`stack: all tensors need the same shape; got ${fmt(s0)} and ${fmt(t.shape)}`);
  const d = normDim('stack', dim, s0.length + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/** Splits into pieces of `size` (the last may be smaller) or of the given section sizes. */
export function split(x: Tensor, sizeOrSections: number | number[], dim = 0): Tensor[] {
  const d = normDim('split', dim, x.ndim);
  const total = x.shape[d];
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) throw new ShapeError(`split: size must be a positive integer, got ${sizeOrSections}`);
    sizes = [];
    for (let s = 0; s < total; s += sizeOrSections) sizes.push(Math.min(sizeOrSections, total - s));
  } else {
    sizes = sizeOrSections;
    const sumS = sizes.reduce((a, b) => a + b, 0);
    if (sumS !== total) throw new ShapeError(`split: section sizes ${fmt(sizes)} add up to ${sumS}, but dim ${dim} has size ${total}`);
  }
  let start = 0;
  return sizes.map((s) => { const t = narrow(x, d, start, s); start += s; return t; });
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = normDim('chunk', dim, x.ndim);
  return split(x, Math.max(1, Math.ceil(x.shape[d] / chunks)), d);
}

/** Reverses the order along the given dims. */
export function flip(x: Tensor, dims: number | number[]): Tensor {
  const ds = (typeof dims === 'number' ? [dims] : dims).map((d) => normDim('flip', d, x.ndim));
  const st = stridesOf(x.shape);
  const n = x.data.length;
  const src = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let rem = i, off = 0;
    for (let k = 0; k < x.ndim; k++) {
      const c = Math.floor(rem / st[k]); rem -= c * st[k];
      off += (ds.includes(k) ? x.shape[k] - 1 - c : c) * st[k];
    }
    src[i] = off;
  }
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = x.data[src[i]];
  return fromOp('flip', out, x.shape, [x], (g) => [flip(g, ds)]);
}

/**
 * One-hot encoding of int class indices; the result is int32 with a trailing dim of `numClasses`.
 * @example oneHot(tensor([0, 2], { dtype: 'int32' }), 3).toArray(); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(index: Tensor, numClasses = -1): Tensor {
  checkIndexTensor('oneHot', index);
  let k = numClasses;
  if (k < 0) k = index.data.length ? Math.max(...Array.from(index.data)) + 1 : 0;
  const out = new Int32Array(index.data.length * k);
  for (let i = 0; i < index.data.length; i++) {
    const v = index.data[i];
    if (v < 0 || v >= k) throw new IndexError(`oneHot: class index ${v} is outside [0, ${k - 1}]; numClasses is ${k}`);
    out[i * k + v] = 1;
  }
  return new Tensor(out, [...index.shape, k]);
}

/** Adds `src` into a copy of `x` at positions `index` along `dim` (torch.scatter_add). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndexTensor('scatterAdd', index);
  const d = normDim('scatterAdd', dim, x.ndim);
  if (index.ndim !== x.ndim || src.ndim !== x.ndim) throw new ShapeError(`scatterAdd: input ${fmt(x.shape)}, index ${fmt(index.shape)} and src ${fmt(src.shape)} need the same rank`);
  // torch.scatter_add_ rule: index fits inside src everywhere and inside the input except along dim.
  for (let k = 0; k < x.ndim; k++) {
    if (index.shape[k] > src.shape[k] || (k !== d && index.shape[k] > x.shape[k])) {
      throw new ShapeError(`scatterAdd: index ${fmt(index.shape)} is larger than src ${fmt(src.shape)} or input ${fmt(x.shape)} at dim ${k}; index may not exceed src in any dim, nor the input outside dim ${dim}`);
    }
  }
  const xs = stridesOf(x.shape), is = stridesOf(index.shape), ss = stridesOf(src.shape);
  const n = index.data.length, size = x.shape[d];
  const dst = new Int32Array(n), from = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let rem = i, off = 0, so = 0;
    for (let k = 0; k < index.ndim; k++) {
      const c = Math.floor(rem / is[k]); rem -= c * is[k];
      so += c * ss[k];
      if (k === d) {
        const v = index.data[i];
        if (v < 0 || v >= size) throw new IndexError(`scatterAdd: index ${v} is out of range for dim ${dim} of size ${size}`);
        off += v * xs[k];
      } else off += c * xs[k];
    }
    dst[i] = off; from[i] = so;
  }
  const out = allocate(x.dtype, x.data.length);
  out.set(x.data as never);
  for (let i = 0; i < n; i++) out[dst[i]] += src.data[from[i]];
  return fromOp('scatterAdd', out, x.shape, [x, src], (g) => {
    const gs = new Float32Array(src.data.length);
    for (let i = 0; i < n; i++) gs[from[i]] += g.data[dst[i]];
    return [g, new Tensor(gs, src.shape)];
  });
}

export { reshape };
