import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, Generator, gradcheck, ShapeError, ValueError } from '../../src/core/index.js';
import * as sym from '../../src/symbolic/index.js';
import { assertClose, expectError } from '../helpers.js';

const randomDist = (b: number, k: number, seed: number) => randn([b, k], { generator: new Generator(seed) }).softmax(1);

test('enumerateWorlds lists every assignment once, last variable fastest', () => {
  const w = sym.enumerateWorlds([2, 3]);
  assert.equal(w.length, 6);
  assert.deepEqual(w.slice(0, 4), [[0, 0], [0, 1], [0, 2], [1, 0]]);
  assert.equal(new Set(w.map((x) => x.join())).size, 6);
  assert.throws(() => sym.enumerateWorlds([1 << 11, 1 << 11]), ValueError);
});

test('world probabilities and query outcomes each sum to one', () => {
  const dists = [randomDist(5, 3, 1), randomDist(5, 4, 2), randomDist(5, 2, 3)];
  const joint = sym.worldProbabilities(dists);
  assertClose(joint.sum(1), new Float32Array(5).fill(1), { atol: 1e-6 }, 'worlds');
  const prog = new sym.DiscreteProgram([3, 4, 2], ([a, b, c]) => (a + b * c) % 5, 5);
  assertClose(prog.query(dists).sum(1), new Float32Array(5).fill(1), { atol: 1e-6 }, 'outcomes');
});

test('the sum of two digits matches the hand-computed convolution', () => {
  const p1 = randomDist(2, 10, 4), p2 = randomDist(2, 10, 5);
  const add = new sym.DiscreteProgram([10, 10], ([a, b]) => a + b, 19);
  const got = add.query([p1, p2]);
  for (let b = 0; b < 2; b++) for (let s = 0; s < 19; s++) {
    let want = 0;
    for (let i = 0; i < 10; i++) { const j = s - i; if (j >= 0 && j < 10) want += p1.data[b * 10 + i] * p2.data[b * 10 + j]; }
    assertClose(got.data[b * 19 + s], want, { atol: 1e-6 }, `P(sum=${s})`);
  }
});

test('conditional probability by enumeration equals Bayes by hand', () => {
  const coin = tensor([[0.3, 0.7]]), die = tensor([[0.1, 0.2, 0.3, 0.4]]);
  // P(coin = 1 | coin + die ≥ 3): worlds (0,3), (1,2), (1,3)
  const got = sym.conditionalProbability([coin, die], ([c]) => c === 1, ([c, d]) => c + d >= 3).item();
  const num = 0.7 * 0.3 + 0.7 * 0.4, den = 0.3 * 0.4 + num;
  assertClose(got, num / den, { atol: 1e-6 });
});

test('the semantic loss trains the inputs: gradients match finite differences', () => {
  const add = new sym.DiscreteProgram([3, 3], ([a, b]) => a + b, 5);
  const obs = tensor([2, 4], { dtype: 'int32' });
  gradcheck((l1, l2) => add.nll([l1.softmax(1), l2.softmax(1)], obs),
    [randn([2, 3], { generator: new Generator(7), requiresGrad: true }), randn([2, 3], { generator: new Generator(8), requiresGrad: true })]);
});

test('programs reject queries outside their outcomes and distributions of the wrong size', () => {
  assert.throws(() => new sym.DiscreteProgram([2, 2], ([a, b]) => a + b, 2), (e: Error) => e instanceof ValueError && /\[1, 1\] to 2/.test(e.message));
  const prog = new sym.DiscreteProgram([2, 2], ([a, b]) => a * b, 2);
  assert.throws(() => prog.query([randomDist(1, 2, 1), randomDist(1, 3, 2)]), ShapeError);
  assert.throws(() => prog.nll([randomDist(1, 2, 1), randomDist(1, 2, 2)], tensor([5], { dtype: 'int32' })), ValueError);
});

test('fuzzy satisfaction: product t-norm with p = 1 is P(observed) over the number of consistent worlds', () => {
  const p1 = randomDist(3, 10, 9), p2 = randomDist(3, 10, 10);
  const add = new sym.DiscreteProgram([10, 10], ([a, b]) => a + b, 19);
  const sums = tensor([0, 9, 13], { dtype: 'int32' });
  const sat = add.satisfaction([p1, p2], sums, { eps: 0 });
  const exact = add.query([p1, p2]);
  [1, 10, 6].forEach((n, k) => assertClose(sat.data[k], exact.data[k * 19 + sums.data[k]] / n, { atol: 1e-7 }, `sum ${sums.data[k]}`));
  // Crisp digits that add up are fully satisfied at any p; crisp digits that do not, not at all.
  const one = (d: number) => tensor([Array.from({ length: 10 }, (_, i) => (i === d ? 1 : 0))]);
  assertClose(add.satisfaction([one(4), one(5)], tensor([9], { dtype: 'int32' }), { p: 60, eps: 0 }).item(), Math.pow(1 / 10, 1 / 60), { atol: 1e-5 });
  assert.equal(add.satisfaction([one(4), one(5)], tensor([8], { dtype: 'int32' }), { eps: 0 }).item(), 0);
  expectError(() => add.satisfaction([p1, p2], tensor([1, 19, 2], { dtype: 'int32' })), ValueError, 'outcome 19', '0..18');
});

test('fuzzy satisfaction is differentiable: gradients match finite differences', () => {
  const add = new sym.DiscreteProgram([3, 3], ([a, b]) => a + b, 5);
  const obs = tensor([2, 3], { dtype: 'int32' });
  gradcheck((l1, l2) => sym.forall(add.satisfaction([l1.softmax(1), l2.softmax(1)], obs, { p: 2 }), { p: 2 }),
    [randn([2, 3], { generator: new Generator(17), requiresGrad: true }), randn([2, 3], { generator: new Generator(18), requiresGrad: true })]);
});
