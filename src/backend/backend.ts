import type { TypedArray } from '../core/dtype.js';
import type { Shape } from '../core/shape.js';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type UnaryOp = 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'sin' | 'cos' | 'tanh' | 'sigmoid'
  | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'geluTanh' | 'silu' | 'softplus' | 'sign' | 'square' | 'reciprocal'
  | 'floor' | 'ceil' | 'round' | 'log1p' | 'expm1' | 'erf' | 'clamp' | 'powScalar' | 'addScalar' | 'mulScalar'
  | 'heaviside';
export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';

/** Geometry of a 2-D convolution, shared by im2col and col2im. */
export interface Conv2dGeometry {
  n: number; c: number; h: number; w: number;
  kh: number; kw: number; sh: number; sw: number;
  ph: number; pw: number; dh: number; dw: number;
  oh: number; ow: number;
}

export interface AdamArgs {
  lr: number; beta1: number; beta2: number; eps: number; weightDecay: number;
  step: number; decoupled: boolean; amsgrad: boolean; maximize: boolean;
}
export interface SgdArgs {
  lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number;
  firstStep: boolean; maximize: boolean;
}

/**
 * The kernel interface. Kernels work on contiguous typed arrays and write into a preallocated `out`.
 * `js` implements every kernel as the reference; faster backends override the hot ones and keep
 * the reference for the rest, so no backend lacks a kernel.
 */
export interface Backend {
  readonly name: string;
  /** Elementwise binary op with NumPy broadcasting of a (aShape) and b (bShape) to outShape. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** Elementwise unary op; p0/p1 are op parameters (leakyRelu slope, elu alpha, clamp min/max, scalar). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, p0?: number, p1?: number): void;
  /** out = gy * f'(x) for unary op f, given x and y = f(x). */
  unaryGrad(op: UnaryOp, x: TypedArray, y: TypedArray, gy: Float32Array, out: Float32Array, p0?: number, p1?: number): void;
  /** out (m×n) = op(A) op(B) (+ out when accumulate). A is m×k (k×m when transA), B is k×n (n×k when transB). */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number,
    transA: boolean, transB: boolean, accumulate: boolean): void;
  /**
   * `batch` independent products stored back to back: out_i (m×n) = op(A_i) op(B_i) (+ out_i), with
   * A_i at a[i·m·k], B_i at b[i·k·n], out_i at out[i·m·n] (attention heads, batched matmul).
   */
  matmulBatch(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, accumulate: boolean): void;
  /** Reduce the middle axis of x viewed as [outer, size, inner] into out [outer, inner]. */
  reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;
  /** Index of the max (or min) along the middle axis of [outer, size, inner]; first index wins ties. */
  argReduce(op: 'argmax' | 'argmin', x: TypedArray, outer: number, size: number, inner: number, out: Int32Array): void;
  /** (log-)softmax along the middle axis of [outer, size, inner], numerically stable. */
  softmax(x: Float32Array, outer: number, size: number, inner: number, out: Float32Array, log: boolean): void;
  /** Gradient of (log-)softmax given its output y and upstream gy. */
  softmaxGrad(y: Float32Array, gy: Float32Array, outer: number, size: number, inner: number, out: Float32Array, log: boolean): void;
  /** out = x permuted (out's dim i is x's dim perm[i]). */
  permute(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  /** out = x broadcast (expanded) from shape to outShape. */
  broadcastTo(x: TypedArray, shape: Shape, out: TypedArray, outShape: Shape): void;
  /** out = x summed over the dims that broadcasting expanded from `shape` to `xShape` (inverse of broadcastTo). */
  sumTo(x: Float32Array, xShape: Shape, out: Float32Array, shape: Shape): void;
  /** Unfold image patches: x [n,c,h,w] → cols [n, c*kh*kw, oh*ow]. */
  im2col(x: Float32Array, g: Conv2dGeometry, cols: Float32Array): void;
  /** Fold patches back, summing overlaps: cols [n, c*kh*kw, oh*ow] → x [n,c,h,w] (out is zeroed first). */
  col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array): void;
  /**
   * Grouped 2-D cross-correlation: out [n, o, oh, ow] = weight ⋆ x (+ bias), x [n, c, h, w] as `g`
   * describes it, weight [o, c/groups, kh, kw], bias [o] or null.
   */
  conv2d(x: Float32Array, weight: Float32Array, bias: Float32Array | null, g: Conv2dGeometry, o: number, groups: number, out: Float32Array): void;
  /** Input gradient of conv2d: gx [n, c, h, w] from gy [n, o, oh, ow] (also the transposed convolution's forward pass). */
  conv2dGradInput(gy: Float32Array, weight: Float32Array, g: Conv2dGeometry, o: number, groups: number, gx: Float32Array): void;
  /** Weight gradient of conv2d: gw [o, c/groups, kh, kw] (overwritten) from x and gy. */
  conv2dGradWeight(x: Float32Array, gy: Float32Array, g: Conv2dGeometry, o: number, groups: number, gw: Float32Array): void;
  /** Max pooling x [n,c,h,w] → out [n,c,oh,ow] with argmax positions (flat h*w index per plane); padding is -Infinity. */
  maxPool2d(x: Float32Array, g: Conv2dGeometry, out: Float32Array, indices: Int32Array): void;
  /** Scatters gy [n,c,oh,ow] back to the argmax positions of maxPool2d (out [n,c,h,w] is zeroed first). */
  maxPool2dGrad(gy: Float32Array, indices: Int32Array, g: Conv2dGeometry, out: Float32Array): void;
  /** In-place SGD update of p with gradient g (and momentum buffer buf). */
  sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, a: SgdArgs): void;
  /** In-place Adam/AdamW update of p with moments m, v (and vmax for amsgrad). */
  adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | null, a: AdamArgs): void;
  /** Threaded backends learn the thread count from `setNumThreads` through this (optional). */
  setNumThreads?(n: number): void;
}
