import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, Generator, Tensor, ShapeError, ValueError } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import { Backprop, FeedbackAlignment, DirectFeedbackAlignment, PredictiveCoding, ForwardForward, CreditAssigner } from '../../src/learning/index.js';
import { assertClose } from '../helpers.js';

function net(seed: number, sizes = [4, 8, 8, 3]) {
  manualSeed(seed);
  const layers: (nn.Linear | nn.Tanh)[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(new nn.Linear(sizes[i], sizes[i + 1]));
    if (i < sizes.length - 2) layers.push(new nn.Tanh());
  }
  return new nn.Sequential(...layers);
}

/** Three Gaussian blobs in 4-D: an easy task every method should learn. */
function blobs(n: number, seed: number): [Tensor, Tensor] {
  const g = new Generator(seed), x = new Float32Array(n * 4), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3; y[i] = c;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (j === c ? 2 : 0) + 0.5 * g.normal();
  }
  return [new Tensor(x, [n, 4]), new Tensor(y, [n])];
}

test('layer-by-layer backprop equals autograd', () => {
  const model = net(1);
  const [x, y] = blobs(12, 1);
  const bp = new Backprop(model, { measureAngles: true });
  const r = bp.computeGradients(x, y);
  const manual = model.parameters().map((p) => Float32Array.from(p.grad!.data));
  model.zeroGrad();
  nn.functional.crossEntropy(model.forward(x), y).backward();
  model.parameters().forEach((p, i) => assertClose(manual[i], p.grad!.data, { atol: 1e-6, rtol: 1e-4 }, `param ${i}`));
  r.angles.forEach((a) => assert.ok(a < 0.1, `angle ${a}`));
});

test('feedback alignment sends the error through B, not Wᵀ (hand-computed)', () => {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(1, 1, { bias: false }), new nn.Linear(1, 1, { bias: false }));
  model.parameters()[0].data[0] = 0.5; model.parameters()[1].data[0] = 2;
  const fa = new FeedbackAlignment(model, { loss: 'mse', feedback: [tensor([[-3]])] });
  // x = 1: h = 0.5, out = 1, target 0 → e = 1; δ₁ = e·B = −3; dW₀ = δ₁·x = −3, dW₁ = e·h = 0.5.
  fa.computeGradients(tensor([[1]]), tensor([[0]]));
  assertClose(model.parameters()[0].grad!, [-3]);
  assertClose(model.parameters()[1].grad!, [0.5]);
});

test('feedback matrices of the wrong shape are rejected with expected and actual shapes', () => {
  const model = net(2);
  assert.throws(() => new FeedbackAlignment(model, { feedback: [randn([8, 8]), randn([8, 3])] }),
    (e: Error) => e instanceof ShapeError && /feedback matrix 1 has shape \[8, 3\] but must be \[3, 8\]/.test(e.message));
  assert.throws(() => new DirectFeedbackAlignment(model, { feedback: [randn([3, 8])] }), (e: Error) => e instanceof ShapeError && /expected 2/.test(e.message));
  assert.throws(() => new DirectFeedbackAlignment(model, { feedback: [randn([3, 8]), randn([8, 3])] }), ShapeError);
  assert.throws(() => new Backprop(new nn.Sequential(new nn.ReLU(), new nn.Linear(2, 2))), ValueError);
  assert.throws(() => new Backprop(model).computeGradients(randn([2, 5]), tensor([0, 1], { dtype: 'int32' })), ShapeError);
});

test('predictive coding errors converge to the backprop gradient in the small-error limit (Whittington & Bogacz 2017)', () => {
  const model = net(3);
  const [x] = blobs(30, 3);
  // Targets just off the current output: the regime in which the paper proves equivalence.
  const target = model.forward(x).detach().add(randn([30, 3]).mul(0.05));
  const pc = new PredictiveCoding(model, { loss: 'mse', measureAngles: true, inferenceSteps: 100, inferenceRate: 0.2, outputPrecision: 0.02 });
  const { angles } = pc.computeGradients(x, target);
  angles.forEach((a, l) => assert.ok(a < 3, `layer ${l}: ${a}°`));
  // At precision 1 the relaxed errors drift from the deltas but stay well within 90°.
  const loose = new PredictiveCoding(model, { loss: 'mse', measureAngles: true, inferenceSteps: 100, inferenceRate: 0.2 }).computeGradients(x, target).angles;
  loose.forEach((a, l) => assert.ok(a < 45, `layer ${l} at precision 1: ${a}°`));
  const e = pc.lastEnergy;
  assert.ok(e[e.length - 1] < e[0], 'relaxation lowers the energy');
});

function train(make: (m: nn.Sequential) => CreditAssigner, model: nn.Sequential, steps: number, lr = 0.1) {
  const [x, y] = blobs(150, 11);
  const m = make(model);
  const opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });
  const angles: number[][] = [];
  for (let s = 0; s < steps; s++) angles.push(m.trainStep(x, y, opt).angles);
  const [xt, yt] = blobs(150, 12);
  return { acc: m.accuracy(xt, yt), angles };
}

test('every method learns separable blobs through the same trainer interface', () => {
  for (const [name, make] of [
    ['bp', (m: nn.Sequential) => new Backprop(m)],
    ['fa', (m: nn.Sequential) => new FeedbackAlignment(m, { measureAngles: true, generator: new Generator(1) })],
    ['dfa', (m: nn.Sequential) => new DirectFeedbackAlignment(m, { measureAngles: true, generator: new Generator(1) })],
    ['pc', (m: nn.Sequential) => new PredictiveCoding(m, { inferenceSteps: 10 })],
  ] as const) {
    const { acc, angles } = train(make, net(4), 60);
    assert.ok(acc > 0.9, `${name}: accuracy ${acc}`);
    if (name === 'fa' || name === 'dfa') assert.ok(angles.at(-1)![0] < 90, `${name}: hidden angle ${angles.at(-1)![0]}`);
  }
});

test('forward-forward learns blobs with layer-local goodness and reports its angle to global backprop', () => {
  manualSeed(5);
  const model = new nn.Sequential(new nn.Linear(7, 32), new nn.ReLU(), new nn.Linear(32, 32), new nn.ReLU());
  const [x0, y] = blobs(150, 13);
  // Room for the label: 3 label slots followed by the 4 features.
  const pad = (x: Tensor) => new Tensor(Float32Array.from({ length: x.shape[0] * 7 }, (_, i) => (i % 7 < 3 ? 0 : x.data[Math.floor(i / 7) * 4 + (i % 7) - 3])), [x.shape[0], 7]);
  const ff = new ForwardForward(model, { numClasses: 3, measureAngles: true, generator: new Generator(2) });
  const opt = new optim.Adam(model.parameters(), { lr: 0.03 });
  let r = ff.trainStep(pad(x0), y, opt);
  assert.equal(r.angles[0] > 0 && r.angles[0] < 180, true);
  assert.ok(r.angles[1] < 1e-3, 'the top layer gets no gradient from above, so local = global');
  for (let i = 0; i < 80; i++) r = ff.trainStep(pad(x0), y, opt);
  const [xt, yt] = blobs(150, 14);
  assert.ok(ff.accuracy(pad(xt), yt) > 0.9);
  assert.throws(() => new ForwardForward(model, { numClasses: 20 }), ValueError);
});
