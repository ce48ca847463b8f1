import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, Generator, Tensor, ShapeError, ValueError } from '../../src/core/index.js';
import { HopfieldNetwork, overlap, flipBits, bipolarize, denseHopfieldRetrieve, HopfieldLayer } from '../../src/learning/index.js';
import { assertClose } from '../helpers.js';

function randomPatterns(p: number, n: number, gen: Generator): Tensor {
  return new Tensor(Float32Array.from({ length: p * n }, () => (gen.uniform() < 0.5 ? -1 : 1)), [p, n]);
}

test('Hebbian storage: W = (1/N) Σ ξξᵀ with zero diagonal (hand-computed)', () => {
  const net = new HopfieldNetwork(3).store(tensor([[1, -1, 1], [1, 1, -1]]));
  assertClose(net.weightTensor(), tensor([[0, 0, 0], [0, 0, -2 / 3], [0, -2 / 3, 0]]), { atol: 1e-6 });
  assertClose(net.energy(tensor([1, 1, -1])) as number, -2 / 3, { atol: 1e-6 });
});

test('below capacity every stored pattern is recalled from 10% corruption', () => {
  const gen = new Generator(5), n = 200;
  const pats = randomPatterns(10, n, gen); // load 0.05, well below 0.138
  const net = new HopfieldNetwork(n).store(pats);
  const noisy = flipBits(pats, 0.1, gen);
  const { state, converged } = net.recall(noisy, { generator: gen });
  assert.ok(converged);
  for (let m = 0; m < 10; m++) assert.equal(overlap(state.select(0, m), pats.select(0, m)), 1, `pattern ${m}`);
});

test('asynchronous recall never raises the energy', () => {
  const gen = new Generator(6), n = 100;
  const net = new HopfieldNetwork(n).store(randomPatterns(12, n, gen));
  let s = randomPatterns(1, n, gen).reshape([n]);
  let e = net.energy(s) as number;
  for (let k = 0; k < 5; k++) {
    s = net.recall(s, { maxSweeps: 1, generator: gen }).state;
    const e2 = net.energy(s) as number;
    assert.ok(e2 <= e + 1e-9, `energy rose from ${e} to ${e2}`);
    e = e2;
  }
});

test('synchronous recall also restores a pattern below capacity', () => {
  const gen = new Generator(7), n = 120;
  const pats = randomPatterns(5, n, gen);
  const net = new HopfieldNetwork(n).store(pats);
  const { state } = net.recall(flipBits(pats.select(0, 2), 0.1, gen), { mode: 'sync' });
  assert.equal(overlap(state, pats.select(0, 2)), 1);
});

test('pseudo-inverse storage keeps correlated patterns that Hebbian storage loses', () => {
  const gen = new Generator(8), n = 64, p = 20;
  // Patterns sharing 70% of a common prototype are strongly correlated.
  const proto = randomPatterns(1, n, gen).data;
  const pats = new Tensor(Float32Array.from({ length: p * n }, (_, i) => (gen.uniform() < 0.7 ? proto[i % n] : (gen.uniform() < 0.5 ? 1 : -1))), [p, n]);
  const stable = (net: HopfieldNetwork) => {
    let ok = 0;
    for (let m = 0; m < p; m++) if (overlap(net.recall(pats.select(0, m), { mode: 'sync', maxSweeps: 1 }).state, pats.select(0, m)) === 1) ok++;
    return ok;
  };
  assert.equal(stable(new HopfieldNetwork(n).store(pats, 'pseudoinverse')), p);
  assert.ok(stable(new HopfieldNetwork(n).store(pats, 'hebbian')) < p);
});

test('non-±1 patterns are rejected with the offending value and a fix', () => {
  const net = new HopfieldNetwork(3);
  assert.throws(() => net.store(tensor([[1, 0, 1]])), (e: Error) => e instanceof ValueError && /found 0 at flat index 1/.test(e.message) && /bipolarize/.test(e.message));
  assert.throws(() => net.recall(tensor([1, 1])), ShapeError);
  assert.deepEqual(bipolarize(tensor([0.2, 0.7])).toArray(), [-1, 1]);
});

test('dense Hopfield retrieval returns the nearest stored pattern in one step', () => {
  manualSeed(9);
  const stored = randn([50, 32]);
  const query = stored.narrow(0, 7, 1).add(randn([1, 32]).mul(0.3));
  const out = denseHopfieldRetrieve(stored, query, { beta: 4 });
  assertClose(out, stored.narrow(0, 7, 1), { atol: 1e-3 });
});

test('HopfieldLayer maps [B, S, d] states against [B, P, d] memories and trains by autograd', () => {
  manualSeed(10);
  const layer = new HopfieldLayer(16, { hiddenSize: 8, outputSize: 4 });
  const y = layer.forward(randn([2, 3, 16]), randn([2, 10, 16]));
  assert.deepEqual([...y.shape], [2, 3, 4]);
  y.sum().backward();
  assert.ok(layer.query.weight.grad && layer.key.weight.grad && layer.value.weight.grad);
  assert.throws(() => layer.forward(randn([2, 3, 15]), randn([2, 10, 16])), ShapeError);
});
