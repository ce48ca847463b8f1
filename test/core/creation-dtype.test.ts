import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, zeros, ones, full, arange, linspace, eye, rand, randn, randint, randperm, zerosLike, onesLike, fullLike,
  randLike, randnLike, randintLike, manualSeed, Generator, defaultGenerator, ValueError, ShapeError, Tensor,
} from '../../src/core/index.js';
import { expectError } from '../helpers.js';

test('tensor: nested arrays, numbers, booleans and typed arrays with a shape', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const s = tensor(3.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.item(), 3.5);
  assert.deepEqual(tensor([true, false]).toArray(), [1, 0]);
  assert.equal(tensor([1.7, -1.7], { dtype: 'int32' }).dtype, 'int32');
  const buf = new Float32Array(6);
  const w = tensor(buf, { shape: [2, 3] });
  assert.equal(w.data, buf, 'a typed array of the same dtype is wrapped without copying');
  assert.deepEqual(tensor(new Int32Array([1, 2])).dtype, 'int32');
  assert.deepEqual(tensor([]).shape, [0]);
  expectError(() => tensor(new Float32Array(5), { shape: [2, 3] }), ShapeError, 'data has 5 elements but shape [2, 3] needs 6');
  expectError(() => tensor([1, 2]).item(), ShapeError, 'item: needs a tensor with one element, got shape [2]');
});

test('zeros / ones / full / *Like keep shape and dtype', () => {
  assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(ones([3], { dtype: 'uint8' }).toArray(), [1, 1, 1]);
  assert.deepEqual(full([2], 7, { dtype: 'int32' }).toArray(), [7, 7]);
  assert.deepEqual(zeros([]).shape, []);
  assert.deepEqual(zeros([0, 4]).shape, [0, 4]);
  const i = tensor([[1, 2]], { dtype: 'int32' });
  for (const t of [zerosLike(i), onesLike(i), fullLike(i, 3)]) { assert.deepEqual(t.shape, [1, 2]); assert.equal(t.dtype, 'int32'); }
  assert.equal(zerosLike(i, { dtype: 'float32' }).dtype, 'float32');
  assert.equal(ones([2], { requiresGrad: true }).requiresGrad, true);
  expectError(() => zeros([2, -1]), ShapeError, 'full: shape [2, -1] must hold non-negative integers');
  expectError(() => randn([1.5]), ShapeError, 'randn');
});

test('arange: integer arguments give int32, fractional steps float32, the end is exclusive', () => {
  assert.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
  assert.equal(arange(4).dtype, 'int32');
  assert.deepEqual(arange(2, 8, 3).toArray(), [2, 5]);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  const f = arange(0, 1, 0.25);
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(f.toArray(), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(arange(3, 3).shape, [0]);
  assert.equal(arange(3, undefined, 1, { dtype: 'float32' }).dtype, 'float32');
  expectError(() => arange(0, 5, 0), ValueError, 'arange: step must be a finite nonzero number, got 0');
});

test('linspace hits both end points exactly; eye is rectangular-capable', () => {
  const l = linspace(-1, 1, 5);
  assert.deepEqual(l.toArray(), [-1, -0.5, 0, 0.5, 1]);
  const l2 = linspace(0, 0.3, 7);
  assert.equal(l2.data[6], Math.fround(0.3));
  assert.equal(l2.data[0], 0);
  assert.deepEqual(linspace(2, 3, 1).toArray(), [2]);
  assert.deepEqual(linspace(2, 3, 0).shape, [0]);
  expectError(() => linspace(0, 1, -1), ValueError, 'linspace: steps must be a non-negative integer');
  assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(eye(3).sum().item(), 3);
});

test('rand / randn / randint: ranges, dtypes and moments (statistical, 20000 draws)', () => {
  manualSeed(123);
  const u = rand([20000]);
  assert.ok(u.data.every((v) => v >= 0 && v < 1));
  assert.ok(Math.abs(u.mean().item() - 0.5) < 0.01);
  assert.ok(Math.abs(u.var().item() - 1 / 12) < 0.003);
  const n = randn([20000]);
  assert.ok(Math.abs(n.mean().item()) < 0.03, `randn mean ${n.mean().item()}`);
  assert.ok(Math.abs(n.std().item() - 1) < 0.03, `randn std ${n.std().item()}`);
  const within1 = n.data.filter((v) => Math.abs(v) < 1).length / n.numel();
  assert.ok(Math.abs(within1 - 0.6827) < 0.015, `P(|z|<1) = ${within1}`);
  const r = randint(-3, 4, [20000]);
  assert.equal(r.dtype, 'int32');
  assert.ok(r.data.every((v) => v >= -3 && v < 4 && Number.isInteger(v)));
  for (let k = -3; k < 4; k++) {
    const frac = r.data.filter((v) => v === k).length / r.numel();
    assert.ok(Math.abs(frac - 1 / 7) < 0.015, `randint value ${k} frequency ${frac}`);
  }
  expectError(() => randint(5, 5, [2]), ValueError, 'randint: high (5) must be greater than low (5)');
  const p = randperm(50);
  assert.deepEqual([...p.data].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
});

test('*Like random creators follow the shape of their argument', () => {
  const t = zeros([2, 5]);
  for (const x of [randLike(t), randnLike(t), randintLike(t, 0, 3)]) assert.deepEqual(x.shape, [2, 5]);
  assert.equal(randintLike(t, 0, 3).dtype, 'int32');
});

test('manualSeed makes every creator reproducible; explicit generators are independent of the global one', () => {
  const draw = () => [rand([3]), randn([3]), randint(0, 100, [3]), randperm(5)].map((t) => t.toFlatArray());
  manualSeed(7); const a = draw();
  manualSeed(7); const b = draw();
  manualSeed(8); const c = draw();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const g1 = new Generator(99), g2 = new Generator(99);
  manualSeed(7);
  const x = randn([4], { generator: g1 });
  randn([10]); // global draws do not disturb g2
  const y = randn([4], { generator: g2 });
  assert.deepEqual(x.toFlatArray(), y.toFlatArray());
  manualSeed(7); rand([1]);
  const st = defaultGenerator.getState();
  const next = rand([3]).toFlatArray();
  defaultGenerator.setState(st);
  assert.deepEqual(rand([3]).toFlatArray(), next, 'getState/setState replays the stream');
});

test('dtype promotion: int32 stays int32, floats win, uint8 arithmetic widens to int32, comparisons give uint8', () => {
  const i = tensor([5, 7], { dtype: 'int32' }), u = tensor([200, 100], { dtype: 'uint8' }), f = tensor([0.5, 0.5]);
  const cases: [Tensor, string, number[]][] = [
    [i.add(i), 'int32', [10, 14]],
    [i.add(2), 'int32', [7, 9]],
    [i.add(0.5), 'float32', [5.5, 7.5]],
    [i.mul(f), 'float32', [2.5, 3.5]],
    [i.div(2), 'float32', [2.5, 3.5]],
    [i.sub(u), 'int32', [-195, -93]],
    [u.add(u), 'int32', [400, 200]],
    [u.mul(2), 'int32', [400, 200]],
    [u.maximum(tensor([150, 150], { dtype: 'uint8' })), 'uint8', [200, 150]],
    [i.neg(), 'int32', [-5, -7]],
    [i.abs(), 'int32', [5, 7]],
    [i.exp().log(), 'float32', [5, 7]],
    [i.pow(2), 'float32', [25, 49]],
    [i.gt(6), 'uint8', [0, 1]],
    [f.eq(0.5), 'uint8', [1, 1]],
    [i.le(tensor([5, 6])), 'uint8', [1, 0]],
    [u.ne(100), 'uint8', [1, 0]],
    [i.float(), 'float32', [5, 7]],
    [tensor([1.9, -1.9]).int(), 'int32', [1, -1]],
    [tensor([2, 0]).bool(), 'uint8', [1, 0]],
    [tensor([1, 0], { dtype: 'uint8' }).logicalNot(), 'uint8', [0, 1]],
    [tensor([1, 0], { dtype: 'uint8' }).logicalAnd(tensor([1, 1], { dtype: 'uint8' })), 'uint8', [1, 0]],
    [tensor([1, 0], { dtype: 'uint8' }).logicalOr(tensor([0, 0], { dtype: 'uint8' })), 'uint8', [1, 0]],
  ];
  cases.forEach(([t, dtype, values], k) => {
    assert.equal(t.dtype, dtype, `case ${k}: dtype`);
    assert.deepEqual(t.toFlatArray().map((v) => Math.round(v * 1e4) / 1e4), values, `case ${k}: values`);
  });
  assert.equal(i.gt(6).any(), true);
  assert.equal(i.gt(6).all(), false);
});
