import type { TypedArray } from '../../core/dtype.js';
import { stridesOf, type Shape } from '../../core/shape.js';
import { broadcastStrides } from './elementwise.js';

export function permute(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const rank = shape.length;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const st = perm.map((p) => inStrides[p]);
  gatherStrided(x, st, out, outShape, rank);
}

export function broadcastTo(x: TypedArray, shape: Shape, out: TypedArray, outShape: Shape): void {
  if (x.length === out.length) { out.set(x as ArrayLike<number>); return; }
  if (x.length === 1) { out.fill(x[0]); return; }
  gatherStrided(x, broadcastStrides(shape, outShape), out, outShape, outShape.length);
}

/** out[i0..] = x[sum(i_d * st_d)], walking out contiguously. */
function gatherStrided(x: TypedArray, st: readonly number[], out: TypedArray, outShape: Shape, rank: number): void {
  const n = out.length;
  if (n === 0) return;
  if (rank === 0) { out[0] = x[0]; return; }
  const last = rank - 1, inner = outShape[last], si = st[last];
  const idx = new Array<number>(rank).fill(0);
  let p = 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = x[p + j * si];
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++; p += st[d];
      if (idx[d] < outShape[d]) break;
      p -= st[d] * outShape[d]; idx[d] = 0;
    }
  }
}

export function sumTo(x: Float32Array, xShape: Shape, out: Float32Array, shape: Shape): void {
  out.fill(0);
  const n = x.length;
  if (n === 0) return;
  const rank = xShape.length;
  if (rank === 0) { out[0] = x[0]; return; }
  const st = broadcastStrides(shape, xShape);
  const last = rank - 1, inner = xShape[last], si = st[last];
  const idx = new Array<number>(rank).fill(0);
  let p = 0;
  for (let o = 0; o < n; o += inner) {
    if (si === 0) { let s = 0; for (let j = 0; j < inner; j++) s += x[o + j]; out[p] += s; }
    else for (let j = 0; j < inner; j++) out[p + j * si] += x[o + j];
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++; p += st[d];
      if (idx[d] < xShape[d]) break;
      p -= st[d] * xShape[d]; idx[d] = 0;
    }
  }
}
