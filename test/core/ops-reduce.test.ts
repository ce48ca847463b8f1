import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, manualSeed, zeros, ones, Tensor, ShapeError, IndexError, DTypeError } from '../../src/core/index.js';
import { checkOp, leaf, signedLeaf, assertClose, expectError } from '../helpers.js';

/** Independent reference: groups the elements of x by their position outside `dims` and applies f. */
function refReduce(x: Tensor, dims: number[] | undefined, keepDim: boolean, f: (v: number[]) => number): { shape: number[]; data: number[] } {
  const r = x.ndim;
  const ds = dims === undefined ? Array.from({ length: r }, (_, i) => i) : dims.map((d) => (d < 0 ? d + Math.max(r, 1) : d));
  const keptShape = x.shape.map((s, i) => (ds.includes(i) ? 1 : s));
  const groups = new Map<number, number[]>();
  const outSize = keptShape.reduce((a, b) => a * b, 1);
  for (let g = 0; g < outSize; g++) groups.set(g, []);
  for (let k = 0; k < x.data.length; k++) {
    let rem = k, key = 0, mul = 1;
    for (let i = r - 1; i >= 0; i--) {
      const c = rem % x.shape[i]; rem = Math.floor(rem / x.shape[i]);
      if (!ds.includes(i)) key += c * mul;
      mul *= keptShape[i];
    }
    groups.get(key)!.push(x.data[k]);
  }
  const shape = keepDim ? keptShape : x.shape.filter((_, i) => !ds.includes(i));
  return { shape, data: [...groups.values()].map(f) };
}

const sumF = (v: number[]) => v.reduce((a, b) => a + b, 0);
const meanF = (v: number[]) => sumF(v) / v.length;
const varF = (corr: number) => (v: number[]) => { const m = meanF(v); return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - corr); };
const lseF = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((a, b) => a + Math.exp(b - m), 0)); };

const DIMS: (number[] | undefined)[] = [undefined, [0], [1], [2], [-1], [0, 2], [1, 2], [0, 1, 2]];

const REDUCTIONS: { name: string; f: (v: number[]) => number; run: (x: Tensor, d: number[] | undefined, k: boolean) => Tensor; make?: (s: number[]) => Tensor; single?: boolean }[] = [
  { name: 'sum', f: sumF, run: (x, d, k) => x.sum(d, k) },
  { name: 'mean', f: meanF, run: (x, d, k) => x.mean(d, k) },
  { name: 'max', f: (v) => Math.max(...v), run: (x, d, k) => x.max(d, k) },
  { name: 'min', f: (v) => Math.min(...v), run: (x, d, k) => x.min(d, k) },
  { name: 'var', f: varF(1), run: (x, d, k) => x.var(d, { keepDim: k }) },
  { name: 'var correction 0', f: varF(0), run: (x, d, k) => x.var(d, { keepDim: k, correction: 0 }) },
  { name: 'std', f: (v) => Math.sqrt(varF(1)(v)), run: (x, d, k) => x.std(d, { keepDim: k }) },
  { name: 'logsumexp', f: lseF, run: (x, d, k) => x.logsumexp(d ?? [0, 1, 2].slice(0, x.ndim), k) },
  { name: 'norm 2', f: (v) => Math.sqrt(v.reduce((a, b) => a + b * b, 0)), run: (x, d, k) => x.norm(2, d, k) },
  { name: 'norm 1', f: (v) => v.reduce((a, b) => a + Math.abs(b), 0), run: (x, d, k) => x.norm(1, d, k), make: (s) => signedLeaf(s) },
  { name: 'norm 3', f: (v) => Math.cbrt(v.reduce((a, b) => a + Math.abs(b) ** 3, 0)), run: (x, d, k) => x.norm(3, d, k), make: (s) => signedLeaf(s) },
  { name: 'norm inf', f: (v) => Math.max(...v.map(Math.abs)), run: (x, d, k) => x.norm(Infinity, d, k), make: (s) => signedLeaf(s) },
  { name: 'prod', f: (v) => v.reduce((a, b) => a * b, 1), run: (x, d, k) => x.prod(d?.[0], k), make: (s) => signedLeaf(s, 0.5, 1.5), single: true },
];

for (const r of REDUCTIONS) {
  test(`${r.name}: over every dim set, with and without keepDim: values, gradcheck, backends`, () => {
    for (const shape of [[2, 3, 4], [1, 4, 1]]) {
      for (const dims of DIMS) {
        if (r.single && dims && dims.length > 1) continue;
        for (const keepDim of [false, true]) {
          const make = () => (r.make ?? ((s: number[]) => leaf(s)))(shape);
          manualSeed(31);
          const ref = refReduce(make(), dims, keepDim, r.f);
          manualSeed(31);
          checkOp(`${r.name} ${JSON.stringify(shape)} dims=${JSON.stringify(dims)} keepDim=${keepDim}`, (x) => r.run(x, dims, keepDim), () => [make()],
            // var/std of a single value with correction 1 is NaN (as PyTorch): values only, no finite differences.
            { expected: ref.data, shape: ref.shape, atol: 1e-5, rtol: 1e-5, gradcheck: ref.data.every(Number.isFinite) });
        }
      }
    }
  });
}

test('reductions of a 0-d scalar over all dims and over dim 0 / -1 return the scalar', () => {
  manualSeed(2);
  const v = leaf([]).item();
  for (const dim of [undefined, 0, -1]) {
    manualSeed(2);
    checkOp(`sum 0-d dim=${dim}`, (x) => x.sum(dim), () => [leaf([])], { expected: [v], shape: [] });
    manualSeed(2);
    checkOp(`mean 0-d dim=${dim}`, (x) => x.mean(dim), () => [leaf([])], { expected: [v], shape: [] });
    manualSeed(2);
    checkOp(`max 0-d dim=${dim}`, (x) => x.max(dim), () => [leaf([])], { expected: [v], shape: [] });
    manualSeed(2);
    checkOp(`prod 0-d dim=${dim}`, (x) => x.prod(dim), () => [leaf([])], { expected: [v], shape: [] });
  }
});

test('reductions over empty dims: sum 0, prod 1, mean NaN, like PyTorch; max refuses', () => {
  const x = zeros([2, 0, 3]);
  x.requiresGrad = true;
  assert.deepEqual(x.sum(1).toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(x.sum().item(), 0);
  assert.deepEqual(x.prod(1).toArray(), [[1, 1, 1], [1, 1, 1]]);
  assert.ok(Number.isNaN(x.mean().item()));
  assert.deepEqual(x.sum(0).shape, [0, 3]);
  assert.deepEqual(x.max(0).shape, [0, 3]);
  x.sum().backward();
  assert.deepEqual(x.grad!.shape, [2, 0, 3]);
  expectError(() => x.max(1), ShapeError, 'max', 'size 0', '[2, 0, 3]');
  expectError(() => x.max(), ShapeError, 'max', '[2, 0, 3]');
  expectError(() => zeros([0]).argmax(), ShapeError, 'argmax', 'empty');
});

test('max/min over all dims split the gradient among ties; maxWithIndices sends it to the chosen index', () => {
  const x = tensor([[1, 3, 3], [0, 2, 3]], { requiresGrad: true });
  x.max().backward();
  assertClose(x.grad!, [0, 1 / 3, 1 / 3, 0, 0, 1 / 3]);
  const y = tensor([[1, 3, 3], [5, 2, 0]], { requiresGrad: true });
  const [v, i] = y.maxWithIndices(1);
  assert.deepEqual(v.toArray(), [3, 5]);
  assert.deepEqual(i.toArray(), [1, 0]);
  assert.equal(i.dtype, 'int32');
  v.sum().backward();
  assert.deepEqual(y.grad!.toArray(), [[0, 1, 0], [1, 0, 0]]);
  const [mv, mi] = y.detach().minWithIndices(0, true);
  assert.deepEqual(mv.toArray(), [[1, 2, 0]]);
  assert.deepEqual(mi.toArray(), [[0, 1, 1]]);
});

test('argmax / argmin: first index wins ties, flattened without dim, keepDim shapes', () => {
  const x = tensor([[1, 7, 7], [9, 0, 0]]);
  assert.equal(x.argmax().item(), 3);
  assert.equal(x.argmin().item(), 4);
  assert.deepEqual(x.argmax(1).toArray(), [1, 0]);
  assert.deepEqual(x.argmin(1, true).toArray(), [[0], [1]]);
  assert.deepEqual(x.argmax(0).toArray(), [1, 0, 0]);
});

test('prod gradient is the product of the others, also with zeros in the input', () => {
  const x = tensor([2, 0, 3], { requiresGrad: true });
  x.prod().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 6, 0]);
  manualSeed(6);
  checkOp('prod all dims 2-D', (t) => t.prod(), () => [signedLeaf([2, 3], 0.5, 1.5)]);
});

test('logsumexp and (log)softmax stay finite for huge logits', () => {
  assertClose(tensor([1000, 1000]).logsumexp(0), 1000 + Math.log(2));
  assertClose(tensor([-1000, -1000]).logsumexp(0), -1000 + Math.log(2));
  assertClose(tensor([1000, 0]).softmax(), [1, 0]);
  assertClose(tensor([1000, 0]).logSoftmax(), [0, -1000]);
  assert.deepEqual(tensor([-Infinity, 0]).softmax().toArray(), [0, 1]);
});

test('softmax / logSoftmax along each dim: values sum to 1, gradcheck, backends', () => {
  for (const dim of [0, 1, 2, -1]) {
    for (const log of [false, true]) {
      manualSeed(13);
      const x0 = leaf([2, 3, 4], -3, 3);
      const ref = refReduce(x0, [dim], true, lseF);
      const d = dim < 0 ? dim + 3 : dim;
      const expected = Array.from(x0.data, (v, k) => {
        const c = [Math.floor(k / 12), Math.floor(k / 4) % 3, k % 4];
        const kept = [c[0], c[1], c[2]]; kept[d] = 0;
        const ks = [2, 3, 4]; ks[d] = 1;
        const lse = ref.data[(kept[0] * ks[1] + kept[1]) * ks[2] + kept[2]];
        return log ? v - lse : Math.exp(v - lse);
      });
      manualSeed(13);
      checkOp(`${log ? 'logSoftmax' : 'softmax'} dim=${dim}`, (x) => (log ? x.logSoftmax(dim) : x.softmax(dim)), () => [leaf([2, 3, 4], -3, 3)],
        { expected, shape: [2, 3, 4], rtol: 1e-5, atol: 1e-6 });
    }
  }
  manualSeed(1);
  checkOp('softmax of a 0-d scalar', (x) => x.softmax(), () => [leaf([])], { expected: [1], shape: [] });
  checkOp('softmax over an empty batch', (x) => x.softmax(1), () => [leaf([0, 3])], { shape: [0, 3] });
});

test('reduction errors name the op, the dim and the rank', () => {
  expectError(() => ones([2, 3]).sum(2), IndexError, 'sum: dim 2 is out of range for a tensor of rank 2', 'expected -2 to 1');
  expectError(() => ones([2, 3]).mean([0, -2]), ShapeError, 'mean: dims [0, -2] repeat a dimension');
  expectError(() => ones([2, 3]).softmax(3), IndexError, 'softmax: dim 3');
  expectError(() => ones([2], { dtype: 'int32' }).softmax(), DTypeError, 'softmax', 'int32', '.float()');
  expectError(() => ones([2, 3]).argmax(-3), IndexError, 'argmax', 'dim -3');
});

test('integer reductions: sum of uint8 gives int32, mean of int32 gives float32', () => {
  const m = tensor([1, 1, 0, 1], { dtype: 'uint8' });
  assert.equal(m.sum().dtype, 'int32');
  assert.equal(m.sum().item(), 3);
  const i = tensor([1, 2], { dtype: 'int32' });
  assert.equal(i.mean().dtype, 'float32');
  assert.equal(i.mean().item(), 1.5);
  assert.equal(tensor([200, 200], { dtype: 'uint8' }).sum().item(), 400);
});

test('norm 2 of an all-zero vector has gradient 0, not NaN (as PyTorch)', () => {
  const x = zeros([2, 3]);
  x.requiresGrad = true;
  x.norm(2, 1).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[0, 0, 0], [0, 0, 0]]);
  const y = tensor([[3, 4], [0, 0]], { requiresGrad: true });
  y.norm(2, 1, true).sum().backward();
  assertClose(y.grad!, [0.6, 0.8, 0, 0]);
});
