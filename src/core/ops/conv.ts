import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import type { Conv2dGeometry } from '../../backend/backend.js';
import { fmt } from '../shape.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { reshape } from './view.js';

export type Pair = number | [number, number];
export interface Conv2dOptions { stride?: Pair; padding?: Pair | 'same' | 'valid'; dilation?: Pair; groups?: number }
export interface ConvTranspose2dOptions { stride?: Pair; padding?: Pair; outputPadding?: Pair; dilation?: Pair; groups?: number }

export const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function checkPositive(op: string, what: string, v: [number, number], min = 1): void {
  if (!v.every((x) => Number.isInteger(x) && x >= min)) throw new ValueError(`${op}: ${what} must be integers >= ${min}, got ${fmt(v)}`);
}

/** Output size of a sliding window (PyTorch's formula); throws when the window is larger than the padded input. */
export function windowOut(op: string, size: number, k: number, s: number, padTotal: number, d: number, what: string, ceilMode = false): number {
  const span = d * (k - 1) + 1;
  if (size + padTotal < span) {
    throw new ShapeError(`${op}: kernel ${what} ${k}${d > 1 ? ` (dilation ${d}, span ${span})` : ''} is larger than the padded input ${what} ${size + padTotal} (input ${size} + padding ${padTotal}); use a smaller kernel or more padding`);
  }
  const num = size + padTotal - span;
  let out = (ceilMode ? Math.ceil(num / s) : Math.floor(num / s)) + 1;
  // The last window must start inside the input or its left padding (PyTorch's ceil_mode rule).
  if (ceilMode && (out - 1) * s >= size + padTotal / 2) out--;
  return out;
}

function resolvePadding(op: string, padding: Pair | 'same' | 'valid', k: [number, number], d: [number, number], s: [number, number]): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (s[0] !== 1 || s[1] !== 1) throw new ValueError(`${op}: padding 'same' needs stride 1, got stride ${fmt(s)}`);
    // PyTorch pads total//2 before and the rest after; im2col zero-fills the extra right edge.
    const th = d[0] * (k[0] - 1), tw = d[1] * (k[1] - 1);
    return [Math.floor(th / 2), Math.floor(tw / 2), th, tw];
  }
  const p = pair(padding);
  checkPositive(op, 'padding', p, 0);
  return [p[0], p[1], 2 * p[0], 2 * p[1]];
}

/**
 * 2-D cross-correlation (PyTorch's conv2d) through the backend's conv kernels (im2col and one
 * matmul per image and group: out_b = W · cols_b); backward recomputes the patches from x rather
 * than holding every image's patch matrix between the passes.
 * x [N, C, H, W], weight [O, C/groups, kh, kw], bias [O].
 * @example conv2d(randn([1, 1, 28, 28]), randn([6, 1, 5, 5]), null, { padding: 2 }).shape; // [1, 6, 28, 28]
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions = {}, op = 'conv2d'): Tensor {
  if (x.dtype !== 'float32' || weight.dtype !== 'float32') throw new DTypeError(`${op}: needs float32 input and weight, got ${x.dtype} and ${weight.dtype}`);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected input [batch, channels, height, width] (rank 4), got ${fmt(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: weight must be [out, in/groups, kh, kw], got ${fmt(weight.shape)}`);
  const groups = opts.groups ?? 1;
  const [n, c, h, w] = x.shape;
  const [o, cg, kh, kw] = weight.shape;
  if (!Number.isInteger(groups) || groups < 1 || o % groups !== 0) throw new ValueError(`${op}: groups must be a positive integer dividing the ${o} output channels, got ${groups}`);
  if (cg * groups !== c) throw new ShapeError(`${op}: expected input with ${cg * groups} channels (weight ${fmt(weight.shape)}, groups ${groups}), got input ${fmt(x.shape)}`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o)) throw new ShapeError(`${op}: bias must be [${o}], got ${fmt(bias.shape)}`);
  const s = pair(opts.stride ?? 1), d = pair(opts.dilation ?? 1);
  checkPositive(op, 'stride', s); checkPositive(op, 'dilation', d);
  const [ph, pw, th, tw] = resolvePadding(op, opts.padding ?? 0, [kh, kw], d, s);
  const oh = windowOut(op, h, kh, s[0], th, d[0], 'height'), ow = windowOut(op, w, kw, s[1], tw, d[1], 'width');
  const g: Conv2dGeometry = { n, c, h, w, kh, kw, sh: s[0], sw: s[1], ph, pw, dh: d[0], dw: d[1], oh, ow };
  const k = backend();
  const out = new Float32Array(n * o * oh * ow);
  k.conv2d(x.data as Float32Array, weight.data as Float32Array, bias ? bias.data as Float32Array : null, g, o, groups, out);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return fromOp(op, out, [n, o, oh, ow], inputs, (gy) => {
    const gd = gy.data as Float32Array;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      const gxd = new Float32Array(x.data.length);
      k.conv2dGradInput(gd, weight.data as Float32Array, g, o, groups, gxd);
      gx = new Tensor(gxd, x.shape);
    }
    if (weight.requiresGrad) {
      const gwd = new Float32Array(weight.data.length);
      k.conv2dGradWeight(x.data as Float32Array, gd, g, o, groups, gwd);
      gw = new Tensor(gwd, weight.shape);
    }
    if (bias && bias.requiresGrad) gb = new Tensor(channelSums(gd, n, o, oh * ow), bias.shape);
    return bias ? [gx, gw, gb] : [gx, gw];
  });
}

/** Σ over batch and positions of gy [n, ch, L]: the bias gradient. */
function channelSums(gd: Float32Array, n: number, ch: number, L: number): Float32Array {
  const k = backend();
  const tmp = new Float32Array(n * ch), out = new Float32Array(ch);
  k.reduce('sum', gd, n * ch, L, 1, tmp);
  k.reduce('sum', tmp, 1, n, ch, out);
  return out;
}

/**
 * 1-D convolution over [N, C, L] as a 2-D convolution of height 1 (no copies: reshapes share storage).
 * @example conv1d(randn([2, 3, 10]), randn([4, 3, 3]), null, { padding: 'same' }).shape; // [2, 4, 10]
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null,
  opts: { stride?: number; padding?: number | 'same' | 'valid'; dilation?: number; groups?: number } = {}): Tensor {
  if (x.ndim !== 3) throw new ShapeError(`conv1d: expected input [batch, channels, length] (rank 3), got ${fmt(x.shape)}`);
  if (weight.ndim !== 3) throw new ShapeError(`conv1d: weight must be [out, in/groups, k], got ${fmt(weight.shape)}`);
  const p = opts.padding ?? 0;
  const y = conv2d(reshape(x, [x.shape[0], x.shape[1], 1, x.shape[2]]), reshape(weight, [weight.shape[0], weight.shape[1], 1, weight.shape[2]]), bias, {
    stride: [1, opts.stride ?? 1], dilation: [1, opts.dilation ?? 1], groups: opts.groups,
    padding: typeof p === 'string' ? p : [0, p],
  }, 'conv1d');
  return reshape(y, [y.shape[0], y.shape[1], y.shape[3]]);
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input), through the
 * same backend kernels as conv2d with the roles of input and output swapped. x [N, Cin, H, W], weight [Cin, Cout/groups, kh, kw].
 * Output size (H−1)·s − 2p + d·(k−1) + outputPadding + 1, as in PyTorch.
 * @example convTranspose2d(randn([1, 4, 7, 7]), randn([4, 2, 4, 4]), null, { stride: 2, padding: 1 }).shape; // [1, 2, 14, 14]
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  if (x.dtype !== 'float32' || weight.dtype !== 'float32') throw new DTypeError(`${op}: needs float32 input and weight, got ${x.dtype} and ${weight.dtype}`);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected input [batch, channels, height, width] (rank 4), got ${fmt(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: weight must be [in, out/groups, kh, kw], got ${fmt(weight.shape)}`);
  const groups = opts.groups ?? 1;
  const [n, cin, hin, win] = x.shape;
  const [wc, cog, kh, kw] = weight.shape;
  if (wc !== cin) throw new ShapeError(`${op}: expected input with ${wc} channels (weight ${fmt(weight.shape)}), got input ${fmt(x.shape)}`);
  if (!Number.isInteger(groups) || groups < 1 || cin % groups !== 0) throw new ValueError(`${op}: groups must divide the ${cin} input channels, got ${groups}`);
  const cout = cog * groups;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== cout)) throw new ShapeError(`${op}: bias must be [${cout}], got ${fmt(bias.shape)}`);
  const s = pair(opts.stride ?? 1), p = pair(opts.padding ?? 0), d = pair(opts.dilation ?? 1), op2 = pair(opts.outputPadding ?? 0);
  checkPositive(op, 'stride', s); checkPositive(op, 'dilation', d); checkPositive(op, 'padding', p, 0); checkPositive(op, 'outputPadding', op2, 0);
  if (op2[0] >= Math.max(s[0], d[0]) || op2[1] >= Math.max(s[1], d[1])) throw new ValueError(`${op}: outputPadding ${fmt(op2)} must be smaller than stride or dilation`);
  const h = (hin - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op2[0] + 1;
  const w = (win - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op2[1] + 1;
  if (h <= 0 || w <= 0) throw new ShapeError(`${op}: input ${fmt(x.shape)} with kernel ${kh}x${kw}, stride ${fmt(s)} and padding ${fmt(p)} gives an empty output ${h}x${w}; reduce the padding`);
  // The geometry of the forward convolution this op transposes: image = our output, windows = our input.
  const g: Conv2dGeometry = { n, c: cout, h, w, kh, kw, sh: s[0], sw: s[1], ph: p[0], pw: p[1], dh: d[0], dw: d[1], oh: hin, ow: win };
  const k = backend();
  const xd = x.data as Float32Array, wd = weight.data as Float32Array;
  // The forward pass of a transposed convolution is the input gradient of the convolution it transposes.
  const out = new Float32Array(n * cout * h * w);
  k.conv2dGradInput(xd, wd, g, cin, groups, out);
  if (bias) {
    const hw = h * w;
    for (let b = 0; b < n; b++) for (let oc = 0; oc < cout; oc++) {
      const bv = bias.data[oc], o0 = (b * cout + oc) * hw;
      for (let i = 0; i < hw; i++) out[o0 + i] += bv;
    }
  }
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return fromOp(op, out, [n, cout, h, w], inputs, (gy) => {
    const gd = gy.data as Float32Array;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      const gxd = new Float32Array(x.data.length);
      k.conv2d(gd, wd, null, g, cin, groups, gxd);
      gx = new Tensor(gxd, x.shape);
    }
    if (weight.requiresGrad) {
      // Roles swap: the image is gy, the "output gradient" is x.
      const gwd = new Float32Array(weight.data.length);
      k.conv2dGradWeight(gd, xd, g, cin, groups, gwd);
      gw = new Tensor(gwd, weight.shape);
    }
    if (bias && bias.requiresGrad) gb = new Tensor(channelSums(gd, n, cout, h * w), bias.shape);
    return bias ? [gx, gw, gb] : [gx, gw];
  });
}
