import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, ShapeError, ValueError, Generator } from '../../src/core/index.js';
import { HebbRule, OjaRule, SangerRule, BCMRule, CompetitiveRule, applyRule, symmetricEigen, absCosine } from '../../src/learning/index.js';
import { assertClose } from '../helpers.js';

test('Hebb with decay: ΔW = η y xᵀ − λ W (hand-computed)', () => {
  const d = new HebbRule({ lr: 0.1, decay: 0.1 }).delta(tensor([[0.5, -1]]), tensor([[1, 2]]), tensor([[3]]));
  assertClose(d, tensor([[0.25, 0.7]]), { atol: 1e-6 });
});

test('Oja: ΔW = η y (x − y w) with y = w·x (hand-computed)', () => {
  const w = tensor([[0.5, -1]]);
  const d = applyRule(new OjaRule({ lr: 0.1 }), w, tensor([[1, 2]]));
  assertClose(d, tensor([[-0.2625, -0.075]]), { atol: 1e-6 });
  assertClose(w, tensor([[0.2375, -1.075]]), { atol: 1e-6 }, 'weights updated in place');
});

test('Sanger: the second unit subtracts what the first explains (hand-computed)', () => {
  const d = new SangerRule({ lr: 0.1 }).delta(tensor([[1, 0], [0, 1]]), tensor([[1, 2]]), tensor([[1, 2]]));
  assertClose(d, tensor([[0, 0.2], [0, 0]]), { atol: 1e-6 });
});

test('BCM: potentiation above the threshold, and θ slides towards ⟨y²⟩ (hand-computed)', () => {
  const bcm = new BCMRule({ lr: 0.1, tauTheta: 2, outFeatures: 1, theta0: 1 });
  const d = bcm.delta(tensor([[1, 1]]), tensor([[1, 2]]), tensor([[3]]));
  assertClose(d, tensor([[0.6, 1.2]]), { atol: 1e-6 });
  assertClose(bcm.theta, [5], { atol: 1e-6 }, 'θ = 1 + (9 − 1)/2');
  const dep = bcm.delta(tensor([[1, 1]]), tensor([[1, 2]]), tensor([[1]]));
  assert.ok(dep.data[0] < 0, 'activity below θ depresses');
});

test('competitive learning moves only the winner towards the input (hand-computed)', () => {
  const rule = new CompetitiveRule({ lr: 0.5, winner: 'nearest' });
  const w = tensor([[0, 0], [1, 1]]), x = tensor([[0.9, 0.8]]);
  assert.deepEqual(Array.from(rule.winners(w, x, tensor([[0, 0]]))), [1]);
  assertClose(rule.delta(w, x, tensor([[0, 0]])), tensor([[0, 0], [-0.05, -0.1]]), { atol: 1e-6 });
});

function correlatedData(n: number, gen: Generator) {
  // x = A z with a fixed mixing matrix: covariance A Aᵀ with distinct eigenvalues.
  const mix = tensor([[2, 0.5, 0, 0], [0.5, 1.2, 0.3, 0], [0, 0.3, 0.7, 0.1], [0, 0, 0.1, 0.3]]);
  return randn([n, 4], { generator: gen }).matmul(mix.T);
}
function covariance(x: ReturnType<typeof correlatedData>) {
  const c = x.T.matmul(x).div(x.shape[0]);
  return symmetricEigen(c.data, 4).vectors;
}

test('Oja converges to the unit-norm first principal component', () => {
  const gen = new Generator(1);
  const x = correlatedData(4000, gen);
  const pcs = covariance(x);
  manualSeed(3);
  const w = randn([1, 4]).mul(0.1);
  const rule = new OjaRule({ lr: 0.005 });
  for (let epoch = 0; epoch < 3; epoch++) for (let i = 0; i < 4000; i += 10) applyRule(rule, w, x.narrow(0, i, 10));
  const norm = Math.hypot(...w.data);
  assert.ok(Math.abs(norm - 1) < 0.02, `‖w‖ = ${norm}`);
  assert.ok(absCosine(w.data, pcs.subarray(0, 4)) > 0.99);
});

test('Sanger finds the top two components in order', () => {
  const gen = new Generator(2);
  const x = correlatedData(4000, gen);
  const pcs = covariance(x);
  manualSeed(4);
  const w = randn([2, 4]).mul(0.1);
  const rule = new SangerRule({ lr: 0.005 });
  for (let epoch = 0; epoch < 6; epoch++) for (let i = 0; i < 4000; i += 10) applyRule(rule, w, x.narrow(0, i, 10));
  for (let k = 0; k < 2; k++) {
    const row = w.data.subarray(k * 4, k * 4 + 4);
    assert.ok(absCosine(row, pcs.subarray(k * 4, k * 4 + 4)) > 0.99, `component ${k}`);
    assert.ok(Math.abs(Math.hypot(...row) - 1) < 0.03);
  }
});

test('rules reject mismatched activity and bad rates with the shapes in the message', () => {
  const rule = new OjaRule({ lr: 0.1 });
  assert.throws(() => rule.delta(tensor([[1, 2]]), tensor([[1, 2, 3]]), tensor([[1]])), (e: Error) => e instanceof ShapeError && /\[1, 3\]/.test(e.message));
  assert.throws(() => rule.delta(tensor([[1, 2]]), tensor([[1, 2]]), tensor([[1, 2]])), ShapeError);
  assert.throws(() => new HebbRule({ lr: -1 }), ValueError);
});
