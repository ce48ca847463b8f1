import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, manualSeed, zeros, ones, linear, Tensor, ShapeError, DTypeError } from '../../src/core/index.js';
import { checkOp, leaf, assertClose, expectError } from '../helpers.js';

/** Naive reference product of the last two dims with NumPy batch broadcasting (independent of the kernels). */
function refMatmul(a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const A = a.ndim === 1 ? [1, a.shape[0]] : [...a.shape], Bs = b.ndim === 1 ? [b.shape[0], 1] : [...b.shape];
  const [m, k] = A.slice(-2), n = Bs[Bs.length - 1];
  const ab = A.slice(0, -2), bb = Bs.slice(0, -2);
  const r = Math.max(ab.length, bb.length);
  const pa = [...Array(r - ab.length).fill(1), ...ab], pb = [...Array(r - bb.length).fill(1), ...bb];
  const batch = pa.map((d, i) => (d === 1 ? pb[i] : d));
  const nb = batch.reduce((x, y) => x * y, 1);
  const data: number[] = [];
  for (let t = 0; t < nb; t++) {
    const idx: number[] = []; let rem = t;
    for (let i = r - 1; i >= 0; i--) { idx.unshift(rem % batch[i]); rem = Math.floor(rem / batch[i]); }
    const off = (p: number[]) => idx.reduce((acc, v, i) => acc * p[i] + (p[i] === 1 ? 0 : v), 0);
    const ao = off(pa) * m * k, bo = off(pb) * k * n;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[ao + i * k + p] * b.data[bo + p * n + j];
      data.push(s);
    }
  }
  let shape = [...batch, m, n];
  if (a.ndim === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
  if (b.ndim === 1) shape = shape.slice(0, -1);
  return { shape, data };
}

const CASES: [number[], number[]][] = [
  [[3, 4], [4, 5]], [[4], [4]], [[4], [4, 3]], [[2, 4], [4]], [[2, 3, 4], [4]], [[4], [2, 4, 3]],
  [[2, 1, 3, 4], [3, 4, 5]], [[5, 3, 4], [4, 2]], [[3, 4], [2, 4, 2]], [[1, 4], [4, 1]],
  [[0, 4], [4, 3]], [[3, 0], [0, 2]], [[2, 0, 3, 4], [4, 2]],
];

test('matmul: 1-D, 2-D, batched and broadcast batch dims, empty sizes: values, gradients, backends', () => {
  for (const [sa, sb] of CASES) {
    manualSeed(21);
    const ref = refMatmul(leaf(sa), leaf(sb));
    manualSeed(21);
    checkOp(`matmul ${JSON.stringify(sa)}@${JSON.stringify(sb)}`, (a, b) => a.matmul(b), () => [leaf(sa), leaf(sb)],
      { expected: ref.data, shape: ref.shape, atol: 1e-5 });
  }
});

test('matmul of a [3,0] by a [0,2] is a [3,2] of zeros (empty inner dim)', () => {
  assert.deepEqual(zeros([3, 0]).matmul(zeros([0, 2])).toArray(), [[0, 0], [0, 0], [0, 0]]);
});

test('matmul errors name the op, both shapes and the fix', () => {
  expectError(() => ones([2, 3]).matmul(ones([4, 5])), ShapeError, 'matmul: cannot multiply [2, 3] by [4, 5]: inner sizes 3 and 4 differ');
  expectError(() => ones([3]).matmul(ones([4])), ShapeError, 'inner sizes 3 and 4');
  expectError(() => ones([2, 2, 3]).matmul(ones([3, 3, 1])), ShapeError, 'matmul: cannot broadcast [2] with [3]');
  expectError(() => tensor(2).matmul(ones([2])), ShapeError, 'matmul', 'at least 1 dim', 'use mul');
  expectError(() => ones([2, 2], { dtype: 'int32' }).matmul(ones([2, 2])), DTypeError, 'matmul', 'int32', '.float()');
});

test('linear: x Wᵀ + b for 1-D, 2-D and 3-D inputs, with and without bias', () => {
  for (const xs of [[3], [4, 3], [2, 5, 3], [0, 3]]) {
    for (const withBias of [true, false]) {
      manualSeed(4);
      const x = leaf(xs), w = leaf([2, 3]), b = leaf([2]);
      const ref = refMatmul(x, w.T.detach());
      const expected = ref.data.map((v, i) => v + (withBias ? b.data[i % 2] : 0));
      manualSeed(4);
      checkOp(`linear ${JSON.stringify(xs)} bias=${withBias}`,
        withBias ? (xx, ww, bb) => linear(xx, ww, bb) : (xx, ww) => linear(xx, ww),
        () => { const t = [leaf(xs), leaf([2, 3]), leaf([2])]; return withBias ? t : t.slice(0, 2); },
        { expected, shape: [...xs.slice(0, -1), 2], atol: 1e-5 });
    }
  }
});

test('linear agrees with matmul + add (same numbers, same gradients)', () => {
  manualSeed(8);
  const x = leaf([5, 4]), w = leaf([3, 4]), b = leaf([3]);
  const y1 = linear(x, w, b);
  const x2 = x.detach(), w2 = w.detach(), b2 = b.detach();
  for (const t of [x2, w2, b2]) t.requiresGrad = true;
  const y2 = x2.matmul(w2.T).add(b2);
  assertClose(y1, y2);
  y1.sum().backward(); y2.sum().backward();
  assertClose(x.grad!, x2.grad!); assertClose(w.grad!, w2.grad!); assertClose(b.grad!, b2.grad!);
});

test('linear errors name the layer shapes and the feature counts', () => {
  expectError(() => linear(ones([4, 5]), ones([2, 3])), ShapeError, 'linear: input [4, 5] has 5 features', 'weight [2, 3] expects 3');
  expectError(() => linear(ones([4, 3]), ones([2, 3]), ones([3])), ShapeError, 'linear: bias must be [2], got [3]');
  expectError(() => linear(ones([4, 3]), ones([3])), ShapeError, 'linear: weight must be 2-D');
  expectError(() => linear(ones([4, 3], { dtype: 'int32' }), ones([2, 3])), DTypeError, 'linear', 'int32');
});
