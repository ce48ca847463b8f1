// Elementwise kernels over float32 arrays, four lanes at a time with scalar tails.
import { exp4, madd } from './simd';

// Binary op codes, shared with src/backend/wasm/codes.ts.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5;

// @ts-ignore: decorator
@inline function bin4(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    // wasm max/min propagate NaN, as the reference does.
    case MAX: return f32x4.max(x, y);
    default: return f32x4.min(x, y);
  }
}

// @ts-ignore: decorator
@inline function bin1(op: i32, x: f32, y: f32): f32 {
  return f32x4.extract_lane(bin4(op, f32x4.splat(x), f32x4.splat(y)), 0);
}

/** out[i] = a[i] op b[i] for n elements. */
function binarySame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, bin4(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, bin1(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

/** out[r, j] = a[r, j] op s (or s op a[r, j] when swap) for one scalar s over len elements. */
function binaryScalarRun(op: i32, a: usize, s: f32, out: usize, len: i32, swap: bool): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    const x = v128.load(a + o);
    v128.store(out + o, swap ? bin4(op, sv, x) : bin4(op, x, sv));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const x = load<f32>(a + o);
    store<f32>(out + o, swap ? bin1(op, s, x) : bin1(op, x, s));
  }
}

/**
 * Broadcast forms over out viewed as [outer, inner]. `mode`:
 * 0 same shape; 1 b is a row [inner] reused for every row; 2 b is a column [outer] (one value a row).
 * `swap` means the broadcast operand is the left one (a and b exchanged by the caller).
 */
export function binary(op: i32, mode: i32, a: usize, b: usize, out: usize, outer: i32, inner: i32, swap: bool): void {
  if (mode == 0) { binarySame(op, a, b, out, outer * inner); return; }
  const rowBytes = <usize>inner << 2;
  for (let r = 0; r < outer; r++) {
    const ro = <usize>r * rowBytes;
    if (mode == 2) { binaryScalarRun(op, a + ro, load<f32>(b + (<usize>r << 2)), out + ro, inner, swap); continue; }
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const o = <usize>i << 2;
      const x = v128.load(a + ro + o), y = v128.load(b + o);
      v128.store(out + ro + o, swap ? bin4(op, y, x) : bin4(op, x, y));
    }
    for (; i < inner; i++) {
      const o = <usize>i << 2;
      const x = load<f32>(a + ro + o), y = load<f32>(b + o);
      store<f32>(out + ro + o, swap ? bin1(op, y, x) : bin1(op, x, y));
    }
  }
}

// Unary op codes, shared with src/backend/wasm/codes.ts.
const RELU = 0, EXP = 1, SIGMOID = 2, TANH = 3, NEG = 4, ABS = 5, SQUARE = 6, SQRT = 7,
  MULS = 8, ADDS = 9, LEAKY = 10, GELU = 11, SILU = 12;

/**
 * erfc(|x|/√2), Numerical Recipes' Chebyshev fit (relative error < 1.2e-7, the js kernel's):
 * erfc(z) = t·exp(−z² − 1.26551223 + t·P(t)), t = 1/(1 + z/2).
 */
// @ts-ignore: decorator
@inline function erfcHalf4(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(0.7071067811865476));
  const t = f32x4.div(f32x4.splat(1), madd(z, f32x4.splat(0.5), f32x4.splat(1)));
  let q = f32x4.splat(0.17087277);
  q = madd(q, t, f32x4.splat(-0.82215223));
  q = madd(q, t, f32x4.splat(1.48851587));
  q = madd(q, t, f32x4.splat(-1.13520398));
  q = madd(q, t, f32x4.splat(0.27886807));
  q = madd(q, t, f32x4.splat(-0.18628806));
  q = madd(q, t, f32x4.splat(0.09678418));
  q = madd(q, t, f32x4.splat(0.37409196));
  q = madd(q, t, f32x4.splat(1.00002368));
  const e = madd(q, t, f32x4.sub(f32x4.splat(-1.26551223), f32x4.mul(z, z)));
  return f32x4.mul(t, exp4(e));
}

/** Φ(x), the standard normal CDF, from erfc(|x|/√2): 1 − r/2 for x ≥ 0, r/2 below. */
// @ts-ignore: decorator
@inline function normalCdf4(x: v128): v128 {
  const half = f32x4.mul(erfcHalf4(x), f32x4.splat(0.5));
  return v128.bitselect(f32x4.sub(f32x4.splat(1), half), half, f32x4.ge(x, f32x4.splat(0)));
}

/** tanh from one exponential: tanh|x| = (1 - e^{-2|x|}) / (1 + e^{-2|x|}), sign restored after. */
// @ts-ignore: decorator
@inline function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const t = exp4(f32x4.mul(ax, f32x4.splat(-2)));
  const one = f32x4.splat(1);
  const r = f32x4.div(f32x4.sub(one, t), f32x4.add(one, t));
  // Copy the sign bit of x onto r.
  return v128.or(r, v128.and(x, i32x4.splat(i32.MIN_VALUE)));
}

// @ts-ignore: decorator
@inline function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline function un4(op: i32, x: v128, p: v128): v128 {
  switch (op) {
    case RELU: return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
    case EXP: return exp4(x);
    case SIGMOID: return sigmoid4(x);
    case TANH: return tanh4(x);
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQUARE: return f32x4.mul(x, x);
    case SQRT: return f32x4.sqrt(x);
    case MULS: return f32x4.mul(x, p);
    case ADDS: return f32x4.add(x, p);
    // GELU with the exact normal CDF (Hendrycks & Gimpel 2016): x·Φ(x).
    case GELU: return f32x4.mul(x, normalCdf4(x));
    case SILU: return f32x4.mul(x, sigmoid4(x));
    default: return v128.bitselect(x, f32x4.mul(x, p), f32x4.gt(x, f32x4.splat(0)));
  }
}

/** out[i] = f(x[i]); p0 is the op parameter (scalar, leaky slope). */
export function unary(op: i32, x: usize, out: usize, n: i32, p0: f32): void {
  const p = f32x4.splat(p0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, un4(op, v128.load(x + o), p));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(un4(op, f32x4.splat(load<f32>(x + o)), p), 0));
  }
}

// @ts-ignore: decorator
@inline function grad4(op: i32, x: v128, y: v128, g: v128, p: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  switch (op) {
    case RELU: return v128.and(g, f32x4.gt(x, zero));
    case EXP: return f32x4.mul(g, y);
    case SIGMOID: return f32x4.mul(g, f32x4.mul(y, f32x4.sub(one, y)));
    case TANH: return f32x4.mul(g, f32x4.sub(one, f32x4.mul(y, y)));
    case NEG: return f32x4.neg(g);
    case SQUARE: return f32x4.mul(g, f32x4.add(x, x));
    case MULS: return f32x4.mul(g, p);
    case ADDS: return g;
    // d/dx x·Φ(x) = Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π).
    case GELU: {
      const pdf = f32x4.mul(exp4(f32x4.mul(f32x4.mul(x, x), f32x4.splat(-0.5))), f32x4.splat(0.3989422804014327));
      return f32x4.mul(g, madd(x, pdf, normalCdf4(x)));
    }
    // d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x))).
    case SILU: {
      const sg = sigmoid4(x);
      return f32x4.mul(g, f32x4.mul(sg, madd(x, f32x4.sub(one, sg), one)));
    }
    default: return v128.bitselect(g, f32x4.mul(g, p), f32x4.gt(x, zero));
  }
}

/** out[i] = gy[i] * f'(x[i]) given y = f(x); only ops whose derivative is exact here are routed in. */
export function unaryGrad(op: i32, x: usize, y: usize, gy: usize, out: usize, n: i32, p0: f32): void {
  const p = f32x4.splat(p0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, grad4(op, v128.load(x + o), v128.load(y + o), v128.load(gy + o), p));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const r = grad4(op, f32x4.splat(load<f32>(x + o)), f32x4.splat(load<f32>(y + o)), f32x4.splat(load<f32>(gy + o)), p);
    store<f32>(out + o, f32x4.extract_lane(r, 0));
  }
}
