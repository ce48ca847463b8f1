import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as optim from '../../src/optim/index.js';
import { Parameter } from '../../src/nn/parameter.js';
import { tensor, zeros, ValueError, AlchemyError } from '../../src/core/index.js';
import { assertClose, expectError, forEachBackend, fromFixture, loadFixture, type FixtureTensor } from '../helpers.js';

interface OptCase {
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  opts: Record<string, unknown>; groups?: Record<string, unknown>[];
  params: FixtureTensor[]; grads: FixtureTensor[][]; after: FixtureTensor[][];
}
const fx = loadFixture<{ torch: string; cases: OptCase[] }>('torch/core/optim.json');

type AnyOpt = { step(): void; zeroGrad(): void };
function make(c: OptCase, params: Parameter[]): AnyOpt {
  const Ctor = optim[c.optimizer] as unknown as new (p: unknown, o: unknown) => AnyOpt;
  const input = c.groups ? c.groups.map((g, i) => ({ params: [params[i]], ...g })) : params;
  return new Ctor(input, c.opts);
}

test(`optimizers match PyTorch ${fx.torch}: parameters after each of 4 steps, ${fx.cases.length} configurations, every backend`, () => {
  const names = new Set(fx.cases.map((c) => c.optimizer));
  assert.deepEqual([...names].sort(), ['Adagrad', 'Adam', 'AdamW', 'RMSprop', 'SGD']);
  forEachBackend((b) => {
    for (const c of fx.cases) {
      const params = c.params.map((p) => new Parameter(fromFixture(p)));
      const opt = make(c, params);
      c.grads.forEach((gs, s) => {
        params.forEach((p, i) => { p.grad = fromFixture(gs[i]); });
        opt.step();
        params.forEach((p, i) => assertClose(p, fromFixture(c.after[s][i]), { rtol: 1e-5, atol: 1e-6 }, `${b} ${c.optimizer} ${JSON.stringify(c.opts)}${c.groups ? ' groups' : ''} step ${s + 1} param ${i}`));
      });
    }
  });
});

test('a parameter without a gradient is left alone and gets no state', () => {
  const a = new Parameter(tensor([1, 2])), b = new Parameter(tensor([3]));
  const opt = new optim.Adam([a, b], { lr: 0.1 });
  a.grad = tensor([1, 1]);
  opt.step();
  assert.deepEqual(b.toArray(), [3]);
  assert.deepEqual(Object.keys(opt.stateDict().state), ['0']);
});

test('zeroGrad clears gradients of every group', () => {
  const a = new Parameter(tensor([1])), b = new Parameter(tensor([2]));
  const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
  a.grad = tensor([1]); b.grad = tensor([1]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  assert.equal(b.grad, null);
});

test('stateDict / loadStateDict: a restored optimizer continues exactly like the original', () => {
  for (const make2 of [
    (p: Parameter[]) => new optim.Adam(p, { lr: 0.05, amsgrad: true }),
    (p: Parameter[]) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 }),
    (p: Parameter[]) => new optim.RMSprop(p, { centered: true, momentum: 0.5 }),
    (p: Parameter[]) => new optim.Adagrad(p, { lrDecay: 0.1 }),
  ]) {
    const w1 = new Parameter(tensor([1, -2, 3]));
    const o1 = make2([w1]);
    const grads = [tensor([0.5, -1, 2]), tensor([1, 1, -1]), tensor([-0.3, 0.2, 0.1])];
    w1.grad = grads[0]; o1.step();
    const saved = JSON.parse(JSON.stringify(o1.stateDict(), (_k, v) => (v instanceof Float32Array ? Array.from(v) : v)));
    const w2 = new Parameter(w1.detach().clone());
    const o2 = make2([w2]);
    o2.loadStateDict(saved);
    for (const g of grads.slice(1)) {
      w1.grad = g; o1.step();
      w2.grad = g; o2.step();
    }
    assertClose(w2, w1, { rtol: 0, atol: 0 }, `${o1.constructor.name} resumed`);
  }
});

test('loadStateDict rejects a state from a different optimizer layout, naming the mismatch', () => {
  const p = [new Parameter(zeros([2])), new Parameter(zeros([3]))];
  const opt = new optim.SGD(p, { lr: 0.1, momentum: 0.9 });
  const other = new optim.SGD([{ params: [p[0]] }, { params: [p[1]] }], { lr: 0.1 });
  expectError(() => opt.loadStateDict(other.stateDict()), AlchemyError, 'SGD.loadStateDict: the saved state has 2 parameter groups, this optimizer has 1');
  expectError(() => opt.loadStateDict({ state: { 0: { momentumBuffer: [1, 2, 3] } }, paramGroups: opt.stateDict().paramGroups }), AlchemyError,
    "buffer 'momentumBuffer' of parameter 0 has 3 values, the parameter has 2");
  expectError(() => opt.loadStateDict({ state: { 5: { step: 1 } }, paramGroups: opt.stateDict().paramGroups }), AlchemyError, 'state for parameter 5, but there are only 2');
});

test('bad hyper-parameters and parameter lists are rejected with the value and the fix', () => {
  const p = [new Parameter(zeros([2]))];
  expectError(() => new optim.SGD([], { lr: 0.1 }), ValueError, 'SGD: got an empty parameter list; pass model.parameters()');
  expectError(() => new optim.SGD(p, { lr: -1 }), ValueError, 'SGD: learning rate must be >= 0, got -1');
  expectError(() => new optim.SGD(p, { lr: 0.1, momentum: -0.5 }), ValueError, 'momentum must be >= 0, got -0.5');
  expectError(() => new optim.SGD(p, { lr: 0.1, nesterov: true }), ValueError, 'Nesterov momentum needs momentum > 0 and dampening 0');
  expectError(() => new optim.Adam(p, { betas: [1, 0.999] }), ValueError, 'Adam: betas must be in [0, 1), got [1, 0.999]');
  expectError(() => new optim.AdamW(p, { eps: -1 }), ValueError, 'AdamW: eps must be >= 0, got -1');
  expectError(() => new optim.SGD([{ params: p }, { params: p }], { lr: 0.1 }), ValueError, 'a parameter appears in more than one group');
});

test('clipGradNorm scales all gradients jointly (PyTorch: coef = max / (norm + 1e-6)) and returns the norm before clipping', () => {
  const a = new Parameter(zeros([2])), b = new Parameter(zeros([1]));
  a.grad = tensor([3, 0]); b.grad = tensor([4]);
  const n = optim.clipGradNorm([a, b], 1);
  assert.equal(n, 5);
  assertClose(a.grad, [3 / (5 + 1e-6), 0]);
  assertClose(b.grad, [4 / (5 + 1e-6)]);
  a.grad = tensor([0.3, 0]); b.grad = tensor([0.4]);
  assertClose(optim.clipGradNorm([a, b], 1), 0.5);
  assertClose(a.grad, [Math.fround(0.3), 0], { rtol: 0, atol: 0 }, 'no change below maxNorm');
  a.grad = tensor([-3, 1]); b.grad = tensor([2]);
  assert.equal(optim.clipGradNorm([a, b], 1, Infinity), 3);
  assertClose(optim.clipGradNorm([a, b], 100, 1), (3 + 1 + 2) / (3 + 1e-6));
  a.grad = tensor([NaN, 1]);
  expectError(() => optim.clipGradNorm([a, b], 1, 2, true), ValueError, 'clipGradNorm: the total gradient norm is NaN', 'detectAnomaly');
  a.grad = tensor([5, -5]);
  optim.clipGradValue([a], 2);
  assert.deepEqual(a.grad.toArray(), [2, -2]);
});

test('clipGradNorm on gradients produced by one backward through a shared node clips each exactly once', () => {
  const a = new Parameter(tensor([1, 1])), b = new Parameter(tensor([1, 1]));
  a.add(b).mul(tensor([3, 4])).sum().backward(); // both grads are [3, 4]; joint norm √50
  optim.clipGradNorm([a, b], 1);
  const expected = [3, 4].map((v) => v / (Math.sqrt(50) + 1e-6));
  assertClose(a.grad!, expected);
  assertClose(b.grad!, expected);
});

test('optimizers train: SGD and Adam drive a quadratic to its minimum', () => {
  for (const make2 of [(p: Parameter[]) => new optim.SGD(p, { lr: 0.1, momentum: 0.5 }), (p: Parameter[]) => new optim.Adam(p, { lr: 0.1 })]) {
    const w = new Parameter(tensor([3, -2]));
    const opt = make2([w]);
    for (let i = 0; i < 200; i++) {
      opt.zeroGrad();
      w.sub(tensor([1, 1])).square().sum().backward();
      opt.step();
    }
    assertClose(w, [1, 1], { atol: 1e-3, rtol: 0 });
  }
});
