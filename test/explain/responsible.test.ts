import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, Generator, manualSeed, randn, tensor } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import * as ex from '../../src/explain/index.js';
import { assertClose } from '../helpers.js';

test('Spearman and SSIM of a map with itself are 1; Spearman of a reversed ranking is −1', () => {
  const a = Array.from({ length: 64 }, (_, i) => Math.sin(i) + i / 10);
  assertClose(ex.spearman(a, a), 1);
  assertClose(ex.spearman(a, a.map((v) => -v)), -1);
  assertClose(ex.spearman([1, 2, 2, 3], [1, 2, 2, 3]), 1);
  assertClose(ex.ssim(a, a, 8, 8), 1, { atol: 1e-9 });
  assert.ok(ex.ssim(a, a.map((v, i) => (i % 2 ? v : -v)), 8, 8) < 0.5);
});

test('cascading randomisation: gradients decorrelate and pass; a model-independent map fails', () => {
  manualSeed(2);
  const net = new nn.Sequential(new nn.Linear(64, 32), new nn.ReLU(), new nn.Linear(32, 4));
  const x = randn([6, 64], { generator: new Generator(1) });
  const before = net.parameters().map((p) => Float32Array.from(p.data));
  const layers: [string, nn.Module][] = [['fc2', net.at(2)], ['fc1', net.at(0)]];
  const grad = ex.cascadingRandomisation(net, layers, (m) => ex.saliency(m as nn.Sequential, x, 1), [8, 8], { seed: 1 });
  assert.equal(grad.steps.length, 2);
  assert.ok(grad.passes, `saliency should change: ${JSON.stringify(grad.steps)}`);
  const edge = ex.cascadingRandomisation(net, layers, () => x.abs(), [8, 8]);
  assert.equal(edge.passes, false);
  assertClose(edge.steps[1].spearman, 1);
  net.parameters().forEach((p, i) => assert.deepEqual(p.data, before[i], 'parameters restored'));
});

test('demographic parity and equalised odds on a hand-checked example', () => {
  const pred = [1, 1, 0, 0, 1, 0, 0, 0], label = [1, 0, 1, 0, 1, 1, 0, 0], group = [0, 0, 0, 0, 1, 1, 1, 1];
  const dp = ex.demographicParityDifference(pred, group);
  assertClose(dp.difference, 0.5 - 0.25);
  const eo = ex.equalisedOdds(pred, label, group);
  // Group 0: TPR 1/2, FPR 1/2. Group 1: TPR 1/2, FPR 0.
  assertClose(eo.tprDifference, 0);
  assertClose(eo.fprDifference, 0.5);
  assertClose(eo.maxDifference, 0.5);
  assert.throws(() => ex.equalisedOdds(pred, label, [0, 1]), /same length/);
});

test('synthetic lending: an income threshold is unfair to the disadvantaged group', () => {
  const d = ex.syntheticLending(new Generator(0), 4000);
  const pred = Array.from({ length: 4000 }, (_, i) => (d.x.data[i * 4] > 0 ? 1 : 0));
  const dp = ex.demographicParityDifference(pred, d.group);
  assert.ok(dp.difference > 0.2 && dp.rates[1] < dp.rates[0], JSON.stringify(dp));
  // Repayment itself does not depend on the group.
  const base = ex.demographicParityDifference(d.y, d.group);
  assert.ok(base.difference < 0.05);
});

test('concept bottleneck: intervention replaces exactly the chosen concepts', () => {
  manualSeed(3);
  const cbm = new ex.ConceptBottleneckModel(new nn.Sequential(new nn.Flatten(), new nn.Linear(16, 3)), new nn.Linear(3, 2));
  const x = randn([2, 1, 4, 4], { generator: new Generator(2) });
  const truth = tensor([[1, 0, 1], [0, 1, 1]]);
  const probs = cbm.forward(x).conceptProbs;
  const forced = new Tensor(Float32Array.from(probs.data), [2, 3]);
  for (const b of [0, 1]) forced.data[b * 3 + 2] = truth.data[b * 3 + 2];
  assertClose(cbm.intervene(x, truth, [2]), cbm.labelNet.forward(forced), { atol: 1e-6 });
  assert.throws(() => cbm.intervene(x, truth, [3]), /out of range/);
});

test('concept bottleneck trained independently learns concepts and the label from them', () => {
  manualSeed(4);
  const g = new Generator(5);
  const train = ex.renderShapes(g, 400), test = ex.renderShapes(g, 200);
  const cbm = new ex.ConceptBottleneckModel(new nn.Sequential(new nn.Flatten(), new nn.Linear(256, 64), new nn.ReLU(), new nn.Linear(64, 7)), new nn.Linear(7, 6));
  ex.trainConceptBottleneck(cbm, { x: train.images, concepts: train.concepts, labels: train.labels }, { mode: 'independent', epochs: 20, lr: 1e-2, generator: g });
  const r = ex.evaluateConceptBottleneck(cbm, { x: test.images, concepts: test.concepts, labels: test.labels });
  assert.ok(r.conceptAccuracy > 0.8, `concept accuracy ${r.conceptAccuracy}`);
  // Intervening on every concept with the truth gives the label head's accuracy on true concepts.
  const logits = cbm.intervene(test.images, test.concepts, [0, 1, 2, 3, 4, 5, 6]);
  let ok = 0; const p = logits.argmax(1);
  for (let i = 0; i < 200; i++) if (p.data[i] === test.labels.data[i]) ok++;
  assert.ok(ok / 200 >= r.taskAccuracy && ok / 200 > 0.9, `intervened ${ok / 200} vs ${r.taskAccuracy}`);
});
