import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import type { Conv2dGeometry } from '../../backend/backend.js';
import { fmt } from '../shape.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { reshape } from './view.js';
import { matmul } from './matmul.js';
import { pair, windowOut, type Pair } from './conv.js';

export interface Pool2dOptions { stride?: Pair | null; padding?: Pair; dilation?: Pair; ceilMode?: boolean }
export interface AvgPool2dOptions { stride?: Pair | null; padding?: Pair; ceilMode?: boolean; countIncludePad?: boolean; divisorOverride?: number }

function geometry(op: string, x: Tensor, kernel: Pair, o: { stride?: Pair | null; padding?: Pair; dilation?: Pair; ceilMode?: boolean }): Conv2dGeometry {
  if (x.dtype !== 'float32') throw new DTypeError(`${op}: needs float32 input, got ${x.dtype}`);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected input [batch, channels, height, width] (rank 4), got ${fmt(x.shape)}`);
  const [n, c, h, w] = x.shape;
  const k = pair(kernel), s = pair(o.stride ?? kernel), p = pair(o.padding ?? 0), d = pair(o.dilation ?? 1);
  if (![...k, ...s, ...d].every((v) => Number.isInteger(v) && v >= 1)) throw new ValueError(`${op}: kernel, stride and dilation must be positive integers, got ${fmt(k)}, ${fmt(s)}, ${fmt(d)}`);
  if (p[0] > k[0] / 2 || p[1] > k[1] / 2 || p[0] < 0 || p[1] < 0) throw new ValueError(`${op}: padding ${fmt(p)} must be between 0 and half the kernel size ${fmt(k)}`);
  const oh = windowOut(op, h, k[0], s[0], 2 * p[0], d[0], 'height', o.ceilMode), ow = windowOut(op, w, k[1], s[1], 2 * p[1], d[1], 'width', o.ceilMode);
  return { n, c, h, w, kh: k[0], kw: k[1], sh: s[0], sw: s[1], ph: p[0], pw: p[1], dh: d[0], dw: d[1], oh, ow };
}

/**
 * 2-D max pooling; returns [values, indices] where indices are flat positions in each h·w input
 * plane (PyTorch's return_indices). Padding counts as −∞; the gradient goes to the argmax.
 * @example maxPool2d(randn([1, 6, 28, 28]), 2)[0].shape; // [1, 6, 14, 14]
 */
export function maxPool2d(x: Tensor, kernel: Pair, opts: Pool2dOptions = {}, op = 'maxPool2d'): [Tensor, Tensor] {
  const g = geometry(op, x, kernel, opts);
  const k = backend();
  const len = g.n * g.c * g.oh * g.ow;
  const out = new Float32Array(len), idx = new Int32Array(len);
  k.maxPool2d(x.data as Float32Array, g, out, idx);
  const y = fromOp(op, out, [g.n, g.c, g.oh, g.ow], [x], (gy) => {
    const gx = new Float32Array(x.data.length);
    k.maxPool2dGrad(gy.data as Float32Array, idx, g, gx);
    return [new Tensor(gx, x.shape)];
  });
  return [y, new Tensor(idx, y.shape)];
}

/**
 * 1-D max pooling over [N, C, L], as 2-D pooling of height 1; returns [values, indices].
 * @example maxPool1d(randn([2, 3, 10]), 2)[0].shape; // [2, 3, 5]
 */
export function maxPool1d(x: Tensor, kernel: number, opts: { stride?: number | null; padding?: number; dilation?: number; ceilMode?: boolean } = {}): [Tensor, Tensor] {
  if (x.ndim !== 3) throw new ShapeError(`maxPool1d: expected input [batch, channels, length] (rank 3), got ${fmt(x.shape)}`);
  const [n, c, l] = x.shape;
  const [y, idx] = maxPool2d(reshape(x, [n, c, 1, l]), [1, kernel], {
    stride: [1, opts.stride ?? kernel], padding: [0, opts.padding ?? 0], dilation: [1, opts.dilation ?? 1], ceilMode: opts.ceilMode,
  }, 'maxPool1d');
  const shape = [n, c, y.shape[3]];
  return [reshape(y, shape), reshape(idx, shape)];
}

/**
 * 2-D average pooling via im2col (each window becomes a column, summed) and col2im for the
 * gradient. `countIncludePad` (default true) and `ceilMode` follow PyTorch's divisor rules.
 * @example avgPool2d(ones([1, 1, 4, 4]), 2).toArray(); // [[[[1, 1], [1, 1]]]]
 */
export function avgPool2d(x: Tensor, kernel: Pair, opts: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d';
  const g0 = geometry(op, x, kernel, opts);
  // Each channel plane is pooled alone: view [N, C, H, W] as N·C images of one channel.
  const g: Conv2dGeometry = { ...g0, n: g0.n * g0.c, c: 1 };
  const kk = g.kh * g.kw, L = g.oh * g.ow, planes = g.n;
  const div = new Float32Array(L);
  const axis = (o: number, s: number, p: number, k: number, size: number, includePad: boolean) => {
    const start = o * s - p, end = Math.min(start + k, size + p);
    return includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
  };
  const incl = opts.countIncludePad ?? true;
  for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) {
    div[oy * g.ow + ox] = opts.divisorOverride ?? axis(oy, g.sh, g.ph, g.kh, g.h, incl) * axis(ox, g.sw, g.pw, g.kw, g.w, incl);
  }
  const k = backend();
  const cols = new Float32Array(planes * kk * L);
  k.im2col(x.data as Float32Array, g, cols);
  const out = new Float32Array(planes * L);
  k.reduce('sum', cols, planes, kk, L, out);
  for (let p = 0; p < planes; p++) for (let i = 0; i < L; i++) out[p * L + i] /= div[i];
  return fromOp(op, out, [g0.n, g0.c, g.oh, g.ow], [x], (gy) => {
    const gcols = new Float32Array(planes * kk * L);
    const gd = gy.data;
    for (let p = 0; p < planes; p++) for (let r = 0; r < kk; r++) {
      const o = (p * kk + r) * L;
      for (let i = 0; i < L; i++) gcols[o + i] = gd[p * L + i] / div[i];
    }
    const gx = new Float32Array(x.data.length);
    k.col2im(gcols, g, gx);
    return [new Tensor(gx, x.shape)];
  });
}

/** Pooling weights of one axis: row i averages input positions floor(i·n/m) .. ceil((i+1)·n/m) − 1. */
function adaptiveAxis(n: number, m: number): Float32Array {
  const a = new Float32Array(n * m);
  for (let i = 0; i < m; i++) {
    const s = Math.floor((i * n) / m), e = Math.ceil(((i + 1) * n) / m);
    for (let j = s; j < e; j++) a[j * m + i] = 1 / (e - s);
  }
  return a;
}

/**
 * Adaptive average pooling to a fixed output size (PyTorch's window rule), written as one matmul
 * of the flattened planes with a constant pooling matrix, so the gradient is the matmul's.
 * @example adaptiveAvgPool2d(randn([2, 8, 7, 7]), 1).shape; // [2, 8, 1, 1]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Pair): Tensor {
  if (x.ndim !== 4) throw new ShapeError(`adaptiveAvgPool2d: expected input [batch, channels, height, width] (rank 4), got ${fmt(x.shape)}`);
  const [n, c, h, w] = x.shape;
  const [oh, ow] = pair(outputSize);
  if (!(Number.isInteger(oh) && Number.isInteger(ow) && oh >= 1 && ow >= 1)) throw new ValueError(`adaptiveAvgPool2d: output size must be positive integers, got ${fmt([oh, ow])}`);
  const ah = adaptiveAxis(h, oh), aw = adaptiveAxis(w, ow);
  // P[(y·W + x), (i·ow + j)] = ah[y, i] · aw[x, j]
  const P = new Float32Array(h * w * oh * ow);
  for (let y = 0; y < h; y++) for (let i = 0; i < oh; i++) {
    const a = ah[y * oh + i];
    if (a === 0) continue;
    for (let xx = 0; xx < w; xx++) for (let j = 0; j < ow; j++) P[(y * w + xx) * oh * ow + i * ow + j] = a * aw[xx * ow + j];
  }
  const y = matmul(reshape(x, [n * c, h * w]), new Tensor(P, [h * w, oh * ow]));
  return reshape(y, [n, c, oh, ow]);
}
