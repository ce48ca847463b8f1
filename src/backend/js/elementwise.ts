import type { TypedArray } from '../../core/dtype.js';
import type { Shape } from '../../core/shape.js';
import type { BinaryOp, UnaryOp } from '../backend.js';

type Fn2 = (x: number, y: number) => number;
const BINARY: Record<BinaryOp, Fn2> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y),
  maximum: (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y),
  minimum: (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y),
  atan2: (x, y) => Math.atan2(x, y),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
};

/** Strides of `shape` aligned to `outShape` with 0 on broadcast dims. */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const n = outShape.length, off = n - shape.length;
  const st = new Array<number>(n).fill(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i + off] = shape[i] === 1 ? 0 : acc;
    acc *= shape[i];
  }
  return st;
}

export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const f = BINARY[op];
  const n = out.length;
  if (a.length === n && b.length === n) {
    // Same size after broadcasting means identical shapes: no index arithmetic needed.
    if (op === 'add') { for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; return; }
    if (op === 'mul') { for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; return; }
    if (op === 'sub') { for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; return; }
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (b.length === 1) { const y = b[0]; for (let i = 0; i < n; i++) out[i] = f(a[i], y); return; }
  if (a.length === 1) { const x = a[0]; for (let i = 0; i < n; i++) out[i] = f(x, b[i]); return; }
  if (n === 0) return;
  const rank = outShape.length;
  const sa = broadcastStrides(aShape, outShape), sb = broadcastStrides(bShape, outShape);
  const last = rank - 1;
  const inner = outShape[last], ia = sa[last], ib = sb[last];
  const idx = new Array<number>(rank).fill(0);
  let pa = 0, pb = 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = f(a[pa + j * ia], b[pb + j * ib]);
    // Advance the multi-index over all but the last dim.
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++; pa += sa[d]; pb += sb[d];
      if (idx[d] < outShape[d]) break;
      pa -= sa[d] * outShape[d]; pb -= sb[d] * outShape[d]; idx[d] = 0;
    }
  }
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Error function (Abramowitz–Stegun 7.1.26 is too coarse for gradcheck; this is W. J. Cody's rational form via erfc). */
export function erf(x: number): number {
  // Numerical Recipes erfc with Chebyshev fit, relative error < 1.2e-7.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

function softplus(x: number, beta: number, threshold: number): number {
  const bx = beta * x;
  return bx > threshold ? x : Math.log1p(Math.exp(bx)) / beta;
}

export function unaryFn(op: UnaryOp, p0 = 0, p1 = 0): (x: number) => number {
  switch (op) {
    case 'neg': return (x) => -x;
    case 'abs': return Math.abs;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'sqrt': return Math.sqrt;
    case 'rsqrt': return (x) => 1 / Math.sqrt(x);
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'tanh': return Math.tanh;
    case 'sigmoid': return (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
    case 'relu': return (x) => (x > 0 ? x : 0);
    case 'leakyRelu': return (x) => (x > 0 ? x : p0 * x);
    case 'elu': return (x) => (x > 0 ? x : p0 * Math.expm1(x));
    case 'gelu': return (x) => 0.5 * x * (1 + erf(x * SQRT1_2));
    case 'geluTanh': return (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_PI * (x + 0.044715 * x * x * x)));
    case 'silu': return (x) => x / (1 + Math.exp(-x));
    case 'softplus': return (x) => softplus(x, p0 || 1, p1 || 20);
    case 'sign': return (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN);
    case 'square': return (x) => x * x;
    case 'reciprocal': return (x) => 1 / x;
    case 'floor': return Math.floor;
    case 'ceil': return Math.ceil;
    case 'round': return roundHalfEven;
    case 'log1p': return Math.log1p;
    case 'expm1': return Math.expm1;
    case 'erf': return erf;
    case 'clamp': return (x) => (x !== x ? x : x < p0 ? p0 : x > p1 ? p1 : x);
    case 'powScalar': return (x) => Math.pow(x, p0);
    case 'addScalar': return (x) => x + p0;
    case 'mulScalar': return (x) => x * p0;
    case 'heaviside': return (x) => (x > 0 ? 1 : x < 0 ? 0 : p0);
  }
}

/** Rounds half to even, as PyTorch and NumPy do. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function unary(op: UnaryOp, x: TypedArray, out: TypedArray, p0?: number, p1?: number): void {
  const n = x.length;
  if (op === 'relu') { for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : 0; } return; }
  if (op === 'mulScalar') { const s = p0 ?? 1; for (let i = 0; i < n; i++) out[i] = x[i] * s; return; }
  if (op === 'addScalar') { const s = p0 ?? 0; for (let i = 0; i < n; i++) out[i] = x[i] + s; return; }
  const f = unaryFn(op, p0, p1);
  for (let i = 0; i < n; i++) out[i] = f(x[i]);
}

/** Derivative f'(x) given x and y = f(x), for every differentiable unary op. */
export function unaryDerivative(op: UnaryOp, p0 = 0, p1 = 0): (x: number, y: number) => number {
  switch (op) {
    case 'neg': return () => -1;
    case 'abs': return (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
    case 'exp': return (_x, y) => y;
    case 'log': return (x) => 1 / x;
    case 'sqrt': return (_x, y) => 0.5 / y;
    case 'rsqrt': return (_x, y) => -0.5 * y * y * y;
    case 'sin': return (x) => Math.cos(x);
    case 'cos': return (x) => -Math.sin(x);
    case 'tanh': return (_x, y) => 1 - y * y;
    case 'sigmoid': return (_x, y) => y * (1 - y);
    case 'relu': return (x) => (x > 0 ? 1 : 0);
    case 'leakyRelu': return (x) => (x > 0 ? 1 : p0);
    case 'elu': return (x, y) => (x > 0 ? 1 : y + p0);
    case 'gelu': return (x) => 0.5 * (1 + erf(x * SQRT1_2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    case 'geluTanh': return (x) => {
      const u = SQRT_2_PI * (x + 0.044715 * x * x * x), t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_PI * (1 + 3 * 0.044715 * x * x);
    };
    case 'silu': return (x) => { const s = 1 / (1 + Math.exp(-x)); return s * (1 + x * (1 - s)); };
    case 'softplus': return (x) => {
      const beta = p0 || 1, th = p1 || 20;
      return beta * x > th ? 1 : 1 / (1 + Math.exp(-beta * x));
    };
    case 'square': return (x) => 2 * x;
    case 'reciprocal': return (_x, y) => -y * y;
    case 'log1p': return (x) => 1 / (1 + x);
    case 'expm1': return (_x, y) => y + 1;
    case 'erf': return (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
    // PyTorch passes the gradient where min <= x <= max.
    case 'clamp': return (x) => (x >= p0 && x <= p1 ? 1 : 0);
    case 'powScalar': return (x) => (p0 === 0 ? 0 : p0 * Math.pow(x, p0 - 1));
    case 'addScalar': return () => 1;
    case 'mulScalar': return () => p0;
    case 'sign': case 'floor': case 'ceil': case 'round': case 'heaviside': return () => 0;
  }
}

export function unaryGrad(op: UnaryOp, x: TypedArray, y: TypedArray, gy: Float32Array, out: Float32Array, p0?: number, p1?: number): void {
  const n = gy.length;
  if (op === 'relu') { for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? gy[i] : 0; return; }
  if (op === 'gelu') {
    // gelu'(x) = Φ(x) + x·φ(x), and Φ(x) = y/x from the forward output: one exp per element
    // instead of erf and exp (near 0, where y/x loses precision, Φ(x) ≈ 1/2 + x·φ(0)).
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const cdf = v > 1e-3 || v < -1e-3 ? y[i] / v : 0.5 + v * INV_SQRT_2PI;
      out[i] = gy[i] * (cdf + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI);
    }
    return;
  }
  const d = unaryDerivative(op, p0, p1);
  for (let i = 0; i < n; i++) out[i] = gy[i] * d(x[i], y[i]);
}
