import { allocate, castArray, dtypeOfArray, type DType, type TypedArray } from './dtype.js';
import { fmt, sizeOf, stridesOf, type Shape } from './shape.js';
import { DTypeError, GradError, ShapeError } from './errors.js';
import { checkFinite, isAnomalyEnabled, isGradEnabled, runBackward, type BackwardOptions, type GradNode } from './autograd.js';
import * as B from './ops/binary.js';
import * as U from './ops/unary.js';
import * as R from './ops/reduce.js';
import * as V from './ops/view.js';
import * as I from './ops/indexing.js';
import * as M from './ops/matmul.js';
import * as S from './ops/softmax.js';

export type Scalar = number;
export type TensorLike = Tensor | number;
/** Nested arrays of numbers, as `toArray()` returns and `tensor()` takes. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array of float32, int32 or uint8 values that records the ops applied to it
 * so gradients can flow back with `backward()`. Storage is a contiguous typed array; memory is
 * reclaimed by the garbage collector (no dispose).
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad!.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Gradient accumulated by backward() (leaf tensors, or any tensor after retainGrad()). */
  grad: Tensor | null = null;
  /** The op that produced this tensor when it is part of a recorded graph. */
  gradFn: GradNode | null = null;
  private _requiresGrad = false;
  private _retainGrad = false;
  /** Optional name for error messages and anomaly reports. */
  name?: string;

  constructor(data: TypedArray, shape: Shape, requiresGrad = false) {
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError(`Tensor: data has ${data.length} elements but shape ${fmt(shape)} needs ${sizeOf(shape)}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOfArray(data);
    if (requiresGrad) this.requiresGrad = true;
  }

  get requiresGrad(): boolean { return this._requiresGrad; }
  set requiresGrad(v: boolean) {
    if (v && this.dtype !== 'float32') {
      throw new DTypeError(`requiresGrad: only float32 tensors can require gradients, this one is ${this.dtype}; convert it with .float() first`);
    }
    if (!v && this.gradFn) {
      throw new GradError('requiresGrad: cannot turn off gradients of a non-leaf tensor; use .detach() to get a tensor outside the graph');
    }
    this._requiresGrad = v;
  }

  /** True for tensors created by the user rather than by an op on tensors that require grad. */
  get isLeaf(): boolean { return this.gradFn === null; }
  get retainsGrad(): boolean { return this._retainGrad; }
  /** Keep `.grad` on this non-leaf tensor after backward(). */
  retainGrad(): this { this._retainGrad = true; return this; }

  /** Number of dimensions. */
  get ndim(): number { return this.shape.length; }
  /** Number of elements. */
  numel(): number { return this.data.length; }
  /** Size of one dim (negative counts from the end), or the whole shape. */
  size(dim?: number): number {
    if (dim === undefined) return this.data.length;
    return this.shape[V.normDimOf('size', dim, this.ndim)];
  }
  strides(): number[] { return stridesOf(this.shape); }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new ShapeError(`item: needs a tensor with one element, got shape ${fmt(this.shape)}; index or reduce it first`);
    return this.data[0];
  }

  /** Values as nested arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const build = (dim: number, off: number): NestedArray => {
      if (dim === this.shape.length) return this.data[off];
      const st = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, off + i * st));
      return out;
    };
    return build(0, 0);
  }

  /** Values as a flat plain array. */
  toFlatArray(): number[] { return Array.from(this.data); }

  /** Runs backpropagation from this tensor (a scalar unless `gradient` is given). */
  backward(gradient?: Tensor | BackwardOptions, opts?: BackwardOptions): void {
    let g: Tensor | undefined;
    if (gradient instanceof Tensor) g = gradient; else if (gradient) opts = gradient;
    if (!this.requiresGrad) {
      throw new GradError('backward: this tensor does not require grad and has no recorded graph; set requiresGrad on the inputs (or parameters) and do not compute it inside noGrad()');
    }
    if (!g) {
      if (this.data.length !== 1) {
        throw new GradError(`backward: gradient can be implied only for a scalar output, but this tensor has shape ${fmt(this.shape)}; reduce it (e.g. .sum() or .mean()) or pass a gradient of the same shape`);
      }
      g = new Tensor(new Float32Array([1]), this.shape);
    } else if (g.shape.length !== this.shape.length || g.shape.some((d, i) => d !== this.shape[i])) {
      throw new ShapeError(`backward: gradient has shape ${fmt(g.shape)} but the tensor has shape ${fmt(this.shape)}; they must match`);
    }
    runBackward(this, g, opts);
  }

  /** A tensor sharing this data but outside the graph. */
  detach(): Tensor { return new Tensor(this.data, this.shape); }
  /** A deep copy (differentiable). */
  clone(): Tensor { return U.clone(this); }
  /** Converts to another dtype (differentiable between floats only). */
  to(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    return new Tensor(castArray(this.data, dtype), this.shape);
  }
  float(): Tensor { return this.to('float32'); }
  int(): Tensor { return this.to('int32'); }
  bool(): Tensor { return this.ne(0); }

  // In-place operations (outside autograd: for initialisation and optimizer updates).
  /** Copies values from `src` (same shape) into this tensor in place. */
  copy_(src: Tensor): this {
    if (src.data.length !== this.data.length) throw new ShapeError(`copy_: source shape ${fmt(src.shape)} does not match ${fmt(this.shape)}`);
    this.data.set(src.dtype === this.dtype ? src.data as never : castArray(src.data, this.dtype) as never);
    return this;
  }
  fill_(v: number): this { this.data.fill(v); return this; }
  zero_(): this { this.data.fill(0); return this; }

  // Arithmetic
  add(o: TensorLike, alpha?: number): Tensor { return B.add(this, alpha === undefined ? o : B.mul(B.toTensor(o, this), alpha)); }
  sub(o: TensorLike): Tensor { return B.sub(this, o); }
  mul(o: TensorLike): Tensor { return B.mul(this, o); }
  div(o: TensorLike): Tensor { return B.div(this, o); }
  pow(o: TensorLike): Tensor { return B.pow(this, o); }
  maximum(o: TensorLike): Tensor { return B.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return B.minimum(this, o); }
  rsub(o: TensorLike): Tensor { return B.sub(o, this); }
  // Comparisons (uint8 results, 1 = true)
  eq(o: TensorLike): Tensor { return B.compare('eq', this, o); }
  ne(o: TensorLike): Tensor { return B.compare('ne', this, o); }
  lt(o: TensorLike): Tensor { return B.compare('lt', this, o); }
  le(o: TensorLike): Tensor { return B.compare('le', this, o); }
  gt(o: TensorLike): Tensor { return B.compare('gt', this, o); }
  ge(o: TensorLike): Tensor { return B.compare('ge', this, o); }
  logicalNot(): Tensor { return B.compare('eq', this, 0); }
  logicalAnd(o: Tensor): Tensor { return B.compare('ne', B.mul(this.ne(0), o.ne(0)), 0); }
  logicalOr(o: Tensor): Tensor { return B.compare('ne', B.add(this.ne(0), o.ne(0)), 0); }

  // Unary math and activations
  neg(): Tensor { return U.unaryOp('neg', this); }
  abs(): Tensor { return U.unaryOp('abs', this); }
  exp(): Tensor { return U.unaryOp('exp', this); }
  log(): Tensor { return U.unaryOp('log', this); }
  log1p(): Tensor { return U.unaryOp('log1p', this); }
  expm1(): Tensor { return U.unaryOp('expm1', this); }
  sqrt(): Tensor { return U.unaryOp('sqrt', this); }
  rsqrt(): Tensor { return U.unaryOp('rsqrt', this); }
  square(): Tensor { return U.unaryOp('square', this); }
  reciprocal(): Tensor { return U.unaryOp('reciprocal', this); }
  sin(): Tensor { return U.unaryOp('sin', this); }
  cos(): Tensor { return U.unaryOp('cos', this); }
  tanh(): Tensor { return U.unaryOp('tanh', this); }
  sigmoid(): Tensor { return U.unaryOp('sigmoid', this); }
  relu(): Tensor { return U.unaryOp('relu', this); }
  leakyRelu(negativeSlope = 0.01): Tensor { return U.unaryOp('leakyRelu', this, negativeSlope); }
  elu(alpha = 1): Tensor { return U.unaryOp('elu', this, alpha); }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor { return U.unaryOp(approximate === 'tanh' ? 'geluTanh' : 'gelu', this); }
  silu(): Tensor { return U.unaryOp('silu', this); }
  softplus(beta = 1, threshold = 20): Tensor { return U.unaryOp('softplus', this, beta, threshold); }
  erf(): Tensor { return U.unaryOp('erf', this); }
  sign(): Tensor { return U.unaryOp('sign', this); }
  floor(): Tensor { return U.unaryOp('floor', this); }
  ceil(): Tensor { return U.unaryOp('ceil', this); }
  round(): Tensor { return U.unaryOp('round', this); }
  clamp(min?: number | null, max?: number | null): Tensor { return U.clamp(this, min, max); }

  // Linear algebra
  matmul(o: Tensor): Tensor { return M.matmul(this, o); }
  /** Transpose of a 2-D tensor (or of the last two dims). */
  get T(): Tensor { return this.ndim < 2 ? this : V.transpose(this, -2, -1); }
  mT(): Tensor { return V.transpose(this, -2, -1); }

  // Reductions
  sum(dim?: number | number[], keepDim = false): Tensor { return R.sum(this, dim, keepDim); }
  mean(dim?: number | number[], keepDim = false): Tensor { return R.mean(this, dim, keepDim); }
  prod(dim?: number, keepDim = false): Tensor { return R.prod(this, dim, keepDim); }
  /** Max over all elements, or over `dim` (values only; see maxWithIndices). */
  max(dim?: number | number[], keepDim = false): Tensor { return R.amax(this, dim, keepDim, 'max'); }
  min(dim?: number | number[], keepDim = false): Tensor { return R.amax(this, dim, keepDim, 'min'); }
  /** [values, indices] along one dim, like torch.max(x, dim). */
  maxWithIndices(dim: number, keepDim = false): [Tensor, Tensor] { return R.maxWithIndices(this, dim, keepDim, 'max'); }
  minWithIndices(dim: number, keepDim = false): [Tensor, Tensor] { return R.maxWithIndices(this, dim, keepDim, 'min'); }
  argmax(dim?: number, keepDim = false): Tensor { return R.argReduce('argmax', this, dim, keepDim); }
  argmin(dim?: number, keepDim = false): Tensor { return R.argReduce('argmin', this, dim, keepDim); }
  /** Variance; `correction` 1 is the unbiased estimator (PyTorch's default). */
  var(dim?: number | number[], opts: { correction?: number; keepDim?: boolean } = {}): Tensor { return R.variance(this, dim, opts.correction ?? 1, opts.keepDim ?? false); }
  std(dim?: number | number[], opts: { correction?: number; keepDim?: boolean } = {}): Tensor { return R.variance(this, dim, opts.correction ?? 1, opts.keepDim ?? false).sqrt(); }
  logsumexp(dim: number | number[], keepDim = false): Tensor { return R.logsumexp(this, dim, keepDim); }
  norm(p = 2, dim?: number | number[], keepDim = false): Tensor { return R.norm(this, p, dim, keepDim); }
  all(): boolean { return this.data.every((v) => v !== 0); }
  any(): boolean { return this.data.some((v) => v !== 0); }

  softmax(dim = -1): Tensor { return S.softmax(this, dim, false); }
  logSoftmax(dim = -1): Tensor { return S.softmax(this, dim, true); }

  // Shape and movement
  reshape(...shape: (number | number[])[]): Tensor { return V.reshape(this, flatArgs(shape)); }
  view(...shape: (number | number[])[]): Tensor { return V.reshape(this, flatArgs(shape)); }
  flatten(startDim = 0, endDim = -1): Tensor { return V.flatten(this, startDim, endDim); }
  unflatten(dim: number, sizes: number[]): Tensor { return V.unflatten(this, dim, sizes); }
  squeeze(dim?: number | number[]): Tensor { return V.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return V.unsqueeze(this, dim); }
  transpose(d0: number, d1: number): Tensor { return V.transpose(this, d0, d1); }
  permute(...dims: (number | number[])[]): Tensor { return V.permute(this, flatArgs(dims)); }
  expand(...shape: (number | number[])[]): Tensor { return V.expand(this, flatArgs(shape)); }
  expandAs(o: Tensor): Tensor { return V.expand(this, [...o.shape]); }
  broadcastTo(shape: number[]): Tensor { return V.expand(this, shape); }
  contiguous(): Tensor { return this; }
  repeat(...reps: (number | number[])[]): Tensor { return V.repeat(this, flatArgs(reps)); }
  flip(dims: number | number[]): Tensor { return I.flip(this, dims); }

  // Indexing
  /** Slice along dims: each entry is an index, [start, end, step?] or null for the whole dim. */
  slice(...spec: I.SliceSpec[]): Tensor { return I.slice(this, spec); }
  narrow(dim: number, start: number, length: number): Tensor { return I.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return I.select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  indexSelect(dim: number, index: Tensor | number[]): Tensor { return I.indexSelect(this, dim, index); }
  maskedFill(mask: Tensor, value: number): Tensor { return I.maskedFill(this, mask, value); }
  split(sizeOrSections: number | number[], dim = 0): Tensor[] { return I.split(this, sizeOrSections, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return I.chunk(this, chunks, dim); }

  toString(): string {
    const body = this.data.length <= 20 ? JSON.stringify(this.toArray()) : `[${Array.from(this.data.slice(0, 6)).join(', ')}, ...]`;
    return `tensor(${body}, shape=${fmt(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad=true' : ''})`;
  }
}

function flatArgs(args: (number | number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

/**
 * Wraps an op's output: records inputs and the backward closure when gradients are on and an
 * input requires them. Every op in core/ops builds its result through here.
 */
export function fromOp(op: string, data: TypedArray, shape: Shape, inputs: readonly Tensor[],
  backward: (g: Tensor) => readonly (Tensor | null)[]): Tensor {
  const out = new Tensor(data, shape);
  if (isGradEnabled() && out.dtype === 'float32' && inputs.some((t) => t.requiresGrad)) {
    out.gradFn = { op, inputs, backward };
    (out as unknown as { _requiresGrad: boolean })._requiresGrad = true;
  }
  if (isAnomalyEnabled()) checkFinite('output', op, out);
  return out;
}

/** A new tensor holding `data` with no graph. */
export function constant(data: TypedArray, shape: Shape): Tensor {
  return new Tensor(data, shape);
}

export function empty(shape: Shape, dtype: DType = 'float32'): TypedArray {
  return allocate(dtype, sizeOf(shape));
}
