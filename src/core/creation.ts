import { Tensor, type NestedArray } from './tensor.js';
import { allocate, dtypeOfArray, type DType, type TypedArray } from './dtype.js';
import { checkShapeArg, fmt, sizeOf, type Shape } from './shape.js';
import { ShapeError, ValueError } from './errors.js';
import { defaultGenerator, type Generator } from './random.js';

export interface TensorOptions { dtype?: DType; requiresGrad?: boolean }
export interface RandomOptions extends TensorOptions { generator?: Generator }

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0] as NestedArray; if (cur === undefined) break; }
  return shape;
}

/**
 * Creates a tensor from a number, nested arrays or a typed array (with `shape`).
 * @example
 * tensor([[1, 2], [3, 4]]).shape;                  // [2, 2]
 * tensor([1, 2], { dtype: 'int32' }).dtype;        // 'int32'
 * tensor(new Float32Array(6), { shape: [2, 3] });  // wraps without copying
 */
export function tensor(data: NestedArray | TypedArray | boolean[], opts: TensorOptions & { shape?: Shape } = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const shape = opts.shape ?? [arr.length];
    const dtype = opts.dtype ?? dtypeOfArray(arr);
    const d = dtype === dtypeOfArray(arr) ? arr : (() => { const o = allocate(dtype, arr.length); o.set(arr as never); return o; })();
    return new Tensor(d, shape, opts.requiresGrad);
  }
  const shape = inferShape(data as NestedArray);
  const n = sizeOf(shape);
  const out = allocate(opts.dtype ?? 'float32', n);
  let k = 0;
  const walk = (v: NestedArray | boolean, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof v === 'boolean') v = v ? 1 : 0;
      if (typeof v !== 'number') throw new ShapeError(`tensor: ragged nested array: expected a number at ${path}, found an array; every row must have the same length`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(`tensor: ragged nested array at ${path}: expected ${shape[depth]} entries (shape ${fmt(shape)}), found ${Array.isArray(v) ? v.length : 'a number'}`);
    }
    v.forEach((e, i) => walk(e, depth + 1, `${path}[${i}]`));
  };
  walk(data as NestedArray, 0, 'data');
  return new Tensor(out, opts.shape ?? shape, opts.requiresGrad);
}

/** Tensor of `value` everywhere. @example full([2], 7).toArray(); // [7, 7] */
export function full(shape: Shape, value: number, opts: TensorOptions = {}): Tensor {
  checkShapeArg('full', shape);
  const d = allocate(opts.dtype ?? 'float32', sizeOf(shape));
  if (value !== 0) d.fill(value);
  return new Tensor(d, shape, opts.requiresGrad);
}
/** @example zeros([2, 3]).shape; // [2, 3] */
export function zeros(shape: Shape, opts: TensorOptions = {}): Tensor { return full(shape, 0, opts); }
/** @example ones([3]).toArray(); // [1, 1, 1] */
export function ones(shape: Shape, opts: TensorOptions = {}): Tensor { return full(shape, 1, opts); }
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor { return full(t.shape, 0, { dtype: t.dtype, ...opts }); }
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor { return full(t.shape, 1, { dtype: t.dtype, ...opts }); }
export function fullLike(t: Tensor, value: number, opts: TensorOptions = {}): Tensor { return full(t.shape, value, { dtype: t.dtype, ...opts }); }

/**
 * Values from start (inclusive) to end (exclusive) by step; integer arguments give int32.
 * @example arange(3).toArray(); // [0, 1, 2]
 */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) { end = start; start = 0; }
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite nonzero number, got ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = opts.dtype ?? (Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step) ? 'int32' : 'float32');
  const d = allocate(dtype, n);
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return new Tensor(d, [n], opts.requiresGrad);
}

/** `steps` evenly spaced values from start to end inclusive. @example linspace(0, 1, 3).toArray(); // [0, 0.5, 1] */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const d = allocate(opts.dtype ?? 'float32', steps);
  const h = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends as PyTorch does so the end point is exact.
  for (let i = 0; i < steps; i++) d[i] = i < steps / 2 ? start + h * i : end - h * (steps - 1 - i);
  return new Tensor(d, [steps], opts.requiresGrad);
}

/** Identity matrix (n×m). @example eye(2).toArray(); // [[1, 0], [0, 1]] */
export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const t = zeros([n, m], opts);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/** Uniform values in [0, 1) from the global (or given) generator. @example manualSeed(0); rand([2]); */
export function rand(shape: Shape, opts: RandomOptions = {}): Tensor {
  checkShapeArg('rand', shape);
  const g = opts.generator ?? defaultGenerator;
  const d = new Float32Array(sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = g.uniform();
  return new Tensor(d, shape, opts.requiresGrad);
}

/** Standard normal values. @example manualSeed(42); const X = randn([100, 3]); */
export function randn(shape: Shape, opts: RandomOptions = {}): Tensor {
  checkShapeArg('randn', shape);
  const g = opts.generator ?? defaultGenerator;
  const d = new Float32Array(sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = g.normal();
  return new Tensor(d, shape, opts.requiresGrad);
}

/** Integers uniform in [low, high) as int32. @example randint(0, 10, [5]); */
export function randint(low: number, high: number, shape: Shape, opts: RandomOptions = {}): Tensor {
  checkShapeArg('randint', shape);
  if (!(high > low)) throw new ValueError(`randint: high (${high}) must be greater than low (${low})`);
  const g = opts.generator ?? defaultGenerator;
  const d = allocate(opts.dtype ?? 'int32', sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = g.int(low, high);
  return new Tensor(d, shape);
}

export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor { return rand(t.shape, opts); }
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor { return randn(t.shape, opts); }
export function randintLike(t: Tensor, low: number, high: number, opts: RandomOptions = {}): Tensor { return randint(low, high, t.shape, opts); }

/** A random permutation of 0..n-1 (int32). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  return new Tensor(g.permutation(n), [n]);
}
