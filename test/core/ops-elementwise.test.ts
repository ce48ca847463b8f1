import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, manualSeed, zeros, Tensor, ShapeError, where, atan2 } from '../../src/core/index.js';
import { checkOp, leaf, signedLeaf, assertClose, expectError, forEachBackend } from '../helpers.js';
import { getBackend } from '../../src/backend/registry.js';
import { wasmTuning } from '../../src/backend/wasm/index.js';

/** Independent broadcasting reference: out[i] = f(a[ia], b[ib]) computed from multi-indices. */
function refBinary(a: Tensor, b: Tensor, f: (x: number, y: number) => number): { shape: number[]; data: number[] } {
  const n = Math.max(a.ndim, b.ndim);
  const pad = (s: readonly number[]) => [...Array(n - s.length).fill(1), ...s];
  const as = pad(a.shape), bs = pad(b.shape);
  const shape = as.map((d, i) => (d === 1 ? bs[i] : d));
  const total = shape.reduce((x, y) => x * y, 1);
  const flat = (idx: number[], s: number[]) => idx.reduce((acc, v, i) => acc * s[i] + (s[i] === 1 ? 0 : v), 0);
  const data: number[] = [];
  for (let k = 0; k < total; k++) {
    const idx: number[] = []; let r = k;
    for (let i = n - 1; i >= 0; i--) { idx.unshift(r % shape[i]); r = Math.floor(r / shape[i]); }
    data.push(f(a.data[flat(idx, as)], b.data[flat(idx, bs)]));
  }
  return { shape, data };
}

// Awkward broadcasting pairs: equal, trailing, both-sided size-1 dims, rank mismatch, 0-d scalars, empty dims.
const SHAPES: [number[], number[]][] = [
  [[3, 4], [3, 4]], [[3, 4], [4]], [[3, 1], [1, 4]], [[2, 1, 3], [4, 1]], [[], [2, 3]], [[2, 3], []],
  [[], []], [[1], []], [[2, 0, 3], [3]], [[0], [1]], [[1, 1, 1], [2]],
];

const BINARY: { name: string; f: (x: number, y: number) => number; run: (a: Tensor, b: Tensor) => Tensor; a: (s: number[]) => Tensor; b: (s: number[]) => Tensor }[] = [
  { name: 'add', f: (x, y) => x + y, run: (a, b) => a.add(b), a: (s) => leaf(s), b: (s) => leaf(s) },
  { name: 'sub', f: (x, y) => x - y, run: (a, b) => a.sub(b), a: (s) => leaf(s), b: (s) => leaf(s) },
  { name: 'mul', f: (x, y) => x * y, run: (a, b) => a.mul(b), a: (s) => leaf(s), b: (s) => leaf(s) },
  { name: 'div', f: (x, y) => x / y, run: (a, b) => a.div(b), a: (s) => leaf(s), b: (s) => signedLeaf(s, 0.5, 2) },
  { name: 'pow', f: (x, y) => Math.pow(x, y), run: (a, b) => a.pow(b), a: (s) => leaf(s, 0.5, 2), b: (s) => leaf(s, -2, 2) },
  { name: 'maximum', f: Math.max, run: (a, b) => a.maximum(b), a: (s) => leaf(s), b: (s) => leaf(s) },
  { name: 'minimum', f: Math.min, run: (a, b) => a.minimum(b), a: (s) => leaf(s), b: (s) => leaf(s) },
  { name: 'atan2', f: Math.atan2, run: (a, b) => atan2(a, b), a: (s) => signedLeaf(s, 0.3, 2), b: (s) => signedLeaf(s, 0.3, 2) },
];

for (const op of BINARY) {
  test(`${op.name}: values, gradients and backends over awkward broadcast shapes`, () => {
    for (const [sa, sb] of SHAPES) {
      manualSeed(11);
      const a0 = op.a(sa), b0 = op.b(sb);
      const ref = refBinary(a0, b0, op.f);
      manualSeed(11);
      checkOp(`${op.name} ${JSON.stringify(sa)}·${JSON.stringify(sb)}`, op.run, () => [op.a(sa), op.b(sb)],
        { expected: ref.data, shape: ref.shape, rtol: 1e-5, atol: 1e-6 });
    }
  });
}

test('binary ops with a plain number on either side', () => {
  manualSeed(3);
  checkOp('x + 2', (x) => x.add(2), () => [leaf([2, 3])]);
  checkOp('2 - x', (x) => x.rsub(2), () => [leaf([2, 3])]);
  checkOp('x ** 3', (x) => x.pow(3), () => [leaf([4])]);
  checkOp('x.add(y, alpha)', (x, y) => x.add(y, 0.5), () => [leaf([3]), leaf([3])]);
  assert.deepEqual(tensor([1, 2]).add(tensor([10, 20]), 2).toArray(), [21, 42]);
});

test('pow: gradient with respect to the exponent is 0 where the base is 0 (PyTorch convention)', () => {
  const x = tensor([0, 2], { requiresGrad: true }), y = tensor([2, 3], { requiresGrad: true });
  x.pow(y).sum().backward();
  assertClose(y.grad!, [0, 8 * Math.log(2)]);
  assertClose(x.grad!, [0, 12]);
});

test('maximum / minimum split the gradient evenly on ties, as PyTorch', () => {
  const a = tensor([1, 2, 3], { requiresGrad: true }), b = tensor([1, 5, 0], { requiresGrad: true });
  a.maximum(b).sum().backward();
  assert.deepEqual(a.grad!.toArray(), [0.5, 0, 1]);
  assert.deepEqual(b.grad!.toArray(), [0.5, 1, 0]);
});

test('broadcasting incompatible shapes names the op, both shapes, the dim and the rule', () => {
  expectError(() => zeros([2, 3]).add(zeros([4])), ShapeError, 'add: cannot broadcast [2, 3] with [4]', 'dimension -1 has sizes 3 and 4', 'must match or be 1');
  expectError(() => zeros([2, 3]).mul(zeros([3, 3])), ShapeError, 'mul:', '[2, 3]', '[3, 3]');
  expectError(() => where(tensor([1, 0], { dtype: 'uint8' }), zeros([3]), 0), ShapeError, 'where: cannot broadcast [2] with [3]');
});

type U = { name: string; run: (x: Tensor) => Tensor; f: (x: number) => number; make: (s: number[]) => Tensor };
const erfRef = (x: number) => {
  // Abramowitz & Stegun 7.1.28 is too coarse; use the Taylor series, exact to double precision for |x| <= 3.
  let sum = 0, term = x;
  for (let n = 0; n < 80; n++) { sum += term / (2 * n + 1); term *= -x * x / (n + 1); }
  return (2 / Math.sqrt(Math.PI)) * sum;
};
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const UNARY: U[] = [
  { name: 'neg', run: (x) => x.neg(), f: (x) => -x, make: (s) => leaf(s) },
  { name: 'abs', run: (x) => x.abs(), f: Math.abs, make: (s) => signedLeaf(s) },
  { name: 'exp', run: (x) => x.exp(), f: Math.exp, make: (s) => leaf(s) },
  { name: 'log', run: (x) => x.log(), f: Math.log, make: (s) => leaf(s, 0.2, 3) },
  { name: 'log1p', run: (x) => x.log1p(), f: Math.log1p, make: (s) => leaf(s, -0.5, 3) },
  { name: 'expm1', run: (x) => x.expm1(), f: Math.expm1, make: (s) => leaf(s) },
  { name: 'sqrt', run: (x) => x.sqrt(), f: Math.sqrt, make: (s) => leaf(s, 0.2, 3) },
  { name: 'rsqrt', run: (x) => x.rsqrt(), f: (x) => 1 / Math.sqrt(x), make: (s) => leaf(s, 0.3, 3) },
  { name: 'square', run: (x) => x.square(), f: (x) => x * x, make: (s) => leaf(s) },
  { name: 'reciprocal', run: (x) => x.reciprocal(), f: (x) => 1 / x, make: (s) => signedLeaf(s, 0.4, 2) },
  { name: 'sin', run: (x) => x.sin(), f: Math.sin, make: (s) => leaf(s) },
  { name: 'cos', run: (x) => x.cos(), f: Math.cos, make: (s) => leaf(s) },
  { name: 'tanh', run: (x) => x.tanh(), f: Math.tanh, make: (s) => leaf(s) },
  { name: 'sigmoid', run: (x) => x.sigmoid(), f: sig, make: (s) => leaf(s, -4, 4) },
  { name: 'relu', run: (x) => x.relu(), f: (x) => Math.max(0, x), make: (s) => signedLeaf(s) },
  { name: 'leakyRelu', run: (x) => x.leakyRelu(0.1), f: (x) => (x > 0 ? x : 0.1 * x), make: (s) => signedLeaf(s) },
  { name: 'elu', run: (x) => x.elu(1.5), f: (x) => (x > 0 ? x : 1.5 * Math.expm1(x)), make: (s) => signedLeaf(s) },
  { name: 'gelu', run: (x) => x.gelu(), f: (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)), make: (s) => leaf(s, -3, 3) },
  { name: 'geluTanh', run: (x) => x.gelu('tanh'), f: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))), make: (s) => leaf(s, -3, 3) },
  { name: 'silu', run: (x) => x.silu(), f: (x) => x * sig(x), make: (s) => leaf(s, -4, 4) },
  { name: 'softplus', run: (x) => x.softplus(), f: (x) => Math.log1p(Math.exp(x)), make: (s) => leaf(s, -4, 4) },
  { name: 'softplus beta 2', run: (x) => x.softplus(2, 20), f: (x) => Math.log1p(Math.exp(2 * x)) / 2, make: (s) => leaf(s, -4, 4) },
  { name: 'erf', run: (x) => x.erf(), f: erfRef, make: (s) => leaf(s, -2.5, 2.5) },
  { name: 'clamp', run: (x) => x.clamp(-0.5, 0.7), f: (x) => Math.min(0.7, Math.max(-0.5, x)), make: (s) => signedLeaf(s, 0.1, 2) },
];

for (const op of UNARY) {
  test(`${op.name}: values against Math, gradcheck, backends (incl. 0-d and empty)`, () => {
    for (const shape of [[3, 5], [], [0, 2], [1, 1, 4]]) {
      manualSeed(5);
      const x0 = op.make(shape);
      manualSeed(5);
      checkOp(`${op.name} ${JSON.stringify(shape)}`, op.run, () => [op.make(shape)],
        { expected: Array.from(x0.data, op.f), shape, rtol: 2e-6, atol: 2e-6 });
    }
  });
}

test('clamp passes the gradient inside [min, max] and blocks it outside; one-sided bounds work', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 3], { requiresGrad: true });
  const y = x.clamp(-1, 1);
  assert.deepEqual(y.toArray(), [-1, -0.5, 0, 0.5, 1]);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 1, 1, 1, 0]);
  assert.deepEqual(tensor([-2, 2]).clamp(0).toArray(), [0, 2]);
  assert.deepEqual(tensor([-2, 2]).clamp(null, 0).toArray(), [-2, 0]);
});

test('sign / floor / ceil / round: exact values, zero gradient, round half to even', () => {
  const x = tensor([-2.5, -1.5, -0.4, 0, 0.5, 1.5, 2.5, 2.7], { requiresGrad: true });
  assert.deepEqual(x.sign().toArray(), [-1, -1, -1, 0, 1, 1, 1, 1]);
  assert.deepEqual(x.floor().toArray(), [-3, -2, -1, 0, 0, 1, 2, 2]);
  assert.deepEqual(x.ceil().toArray(), [-2, -1, -0, 0, 1, 2, 3, 3]);
  assert.deepEqual(x.round().toArray(), [-2, -2, -0, 0, 0, 2, 2, 3]);
  x.round().add(x.floor()).add(x.ceil()).add(x.sign()).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 0, 0, 0, 0, 0, 0, 0]);
});

test('softplus is linear above the threshold and stable for large inputs', () => {
  assertClose(tensor([30, -30, 100]).softplus(), [30, Math.log1p(Math.exp(-30)), 100], { rtol: 1e-6, atol: 1e-12 });
  assert.ok(Number.isFinite(tensor([1000]).softplus().item()));
});

test('sigmoid and tanh saturate without NaN', () => {
  assert.deepEqual(tensor([-200, 200]).sigmoid().toArray(), [0, 1]);
  assert.deepEqual(tensor([-200, 200]).tanh().toArray(), [-1, 1]);
});

test('gelu gradient is exact from far tails through zero on every backend', () => {
  const xs = [-12, -6, -3, -1, -2e-3, -1e-3, -1e-5, 0, 1e-5, 1e-3, 2e-3, 0.5, 3, 8];
  // d/dx x·Φ(x) = Φ(x) + x·φ(x), in double precision (|x| >= 6: Φ is 0 or 1 to 1e-9, beyond the series' range).
  const cdf = (v: number) => (Math.abs(v) >= 6 ? (v > 0 ? 1 : 0) : 0.5 * (1 + erfRef(v / Math.SQRT2)));
  const want = xs.map((v) => cdf(v) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI));
  checkOp('gelu over a wide range', (x) => x.gelu(), () => [tensor(xs, { requiresGrad: true })], { gradcheck: false });
  const x = tensor(xs, { requiresGrad: true });
  x.gelu().sum().backward();
  assertClose(x.grad!.data, want, { atol: 1e-6, rtol: 1e-5 }, 'gelu gradient');
  // Again with every size routed to wasm (exp vectorised there, the rest in js).
  const saved = { ...wasmTuning };
  Object.assign(wasmTuning, { elementwiseMin: 0 });
  try {
    const wide = Array.from({ length: 201 }, (_, i) => -10 + i / 10).concat(xs);
    checkOp('gelu through wasm exp', (v) => v.gelu(), () => [tensor(wide, { requiresGrad: true })], { gradcheck: false });
    forEachBackend(() => {
      const xw = tensor(xs, { requiresGrad: true });
      xw.gelu().sum().backward();
      assertClose(xw.grad!.data, want, { atol: 1e-6, rtol: 1e-5 }, `gelu gradient on ${getBackend()}`);
    });
  } finally { Object.assign(wasmTuning, saved); }
});
