import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, Generator, manualSeed, Tensor, ValueError, ShapeError } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import * as sys from '../../src/systems/index.js';
import { assertClose } from '../helpers.js';

function moe(k: number, opts: sys.MixtureOfExpertsOptions = {}): sys.MixtureOfExperts {
  manualSeed(3);
  const m = new sys.MixtureOfExperts(4, Array.from({ length: 4 }, () => new nn.Linear(4, 3)), { k, noisy: false, ...opts });
  // Distinct gate rows so routing depends on the input.
  m.wGate.copy_(randn([4, 4], { generator: new Generator(9) }));
  return m;
}

test('topKIndices returns the k largest per row, ties to the lower index', () => {
  assert.deepEqual(sys.topKIndices(tensor([[0.1, 0.9, 0.5, 0.9]]), 2).map((r) => Array.from(r)), [[1, 3]]);
  assert.throws(() => sys.topKIndices(tensor([[1, 2]]), 3), ValueError);
});

test('the MoE output is the gate-weighted sum of the chosen experts only', () => {
  const m = moe(2);
  const x = randn([6, 4], { generator: new Generator(1) });
  const y = m.forward(x);
  const logits = x.matmul(m.wGate.T);
  for (let b = 0; b < 6; b++) {
    const [e1, e2] = sys.topKIndices(logits.narrow(0, b, 1), 2)[0];
    const l1 = logits.data[b * 4 + e1], l2 = logits.data[b * 4 + e2];
    const g1 = 1 / (1 + Math.exp(l2 - l1)), g2 = 1 - g1;
    const xb = x.narrow(0, b, 1);
    const want = m.experts.at(e1).forward(xb).mul(g1).add(m.experts.at(e2).forward(xb).mul(g2));
    assertClose(y.narrow(0, b, 1), want, { atol: 1e-5 }, `row ${b}`);
    const gates = m.last!.gates.data.subarray(b * 4, b * 4 + 4);
    assert.equal(Array.from(gates).filter((g) => g > 0).length, 2);
    let s = 0; for (const g of gates) s += g;
    assertClose(s, 1, { atol: 1e-6 });
  }
});

test('gradients reach the experts and the gate; noise only while training', () => {
  const m = moe(1, { noisy: true });
  const x = randn([16, 4], { generator: new Generator(2) });
  m.forward(x).sum().add(m.auxLoss()).backward();
  assert.ok(m.wGate.grad && m.wGate.grad.abs().sum().item() > 0, 'gate gradient');
  assert.ok(m.parameters().some((p) => p !== m.wGate && p !== m.wNoise && p.grad !== null), 'expert gradient');
  m.eval();
  assertClose(m.forward(x), m.forward(x), {}, 'eval is deterministic');
});

test('the capacity limit caps each expert and counts dropped assignments', () => {
  const m = moe(1, { capacityFactor: 0.5 });
  const x = randn([32, 4], { generator: new Generator(4) });
  const y = m.forward(x);
  const r = m.last!;
  assert.equal(r.capacity, Math.ceil(0.5 * 32 / 4));
  r.load.forEach((l, e) => { assert.ok(l <= r.capacity); assert.equal(l, Math.min(r.demand[e], r.capacity)); });
  assert.equal(r.dropped, r.demand.reduce((a, d) => a + d, 0) - r.load.reduce((a, d) => a + d, 0));
  assert.ok(r.dropped > 0);
  // A dropped token (k = 1) gets no expert output at all.
  const rows = y.abs().sum(1);
  assert.equal(Array.from(rows.data).filter((v) => v === 0).length, r.dropped);
});

test('load-balancing loss is 1 for even routing and larger when routing concentrates', () => {
  const even = new Tensor(new Float32Array(8 * 4).fill(0.25), [8, 4]);
  assertClose(sys.loadBalancingLoss(even, [2, 2, 2, 2]).item(), 1, { atol: 1e-6 });
  const peaked = tensor(Array.from({ length: 8 }, () => [0.97, 0.01, 0.01, 0.01]));
  assert.ok(sys.loadBalancingLoss(peaked, [8, 0, 0, 0]).item() > 3.5);
  assertClose(sys.cvSquared(tensor([2, 2, 2])).item(), 0, { atol: 1e-6 });
  assert.throws(() => sys.loadBalancingLoss(even, [1, 2]), ValueError);
});

test('router health flags collapse and dead experts', () => {
  const bad = sys.routerHealth([97, 1, 1, 1]);
  assert.equal(bad.collapsed, true);
  assert.deepEqual(bad.deadExperts, [1, 2, 3]);
  const good = sys.routerHealth([24, 26, 25, 25]);
  assert.equal(good.collapsed, false);
  assert.ok(good.normalisedEntropy > 0.99);
});

test('MoE rejects inputs of the wrong width', () => {
  assert.throws(() => moe(1).forward(randn([2, 5])), ShapeError);
});
