import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runZoo } from '../../src/experiments/neuro/izhikevich-zoo.js';
import { hhResponse } from '../../src/experiments/neuro/hodgkin-huxley.js';
import { DiehlCook, ResponseTally, assignLabels, classifyByAssignment } from '../../src/neuro/benchmarks/diehl-cook.js';
import { Generator } from '../../src/core/random.js';

test('izhikevich-zoo: every named type shows its signature', () => {
  for (const e of runZoo({ duration: 1000, dt: 0.25, current: 10 })) assert.ok(e.ok, `${e.type}: ${e.signature}`);
});

test('hodgkin-huxley: silent at 6.0 µA/cm², fires near 50 Hz at 6.5 (class-2 jump)', () => {
  assert.equal(hhResponse(6.0, 'expEuler', 0.05, 400).rate, 0);
  const r = hhResponse(6.5, 'expEuler', 0.05, 400);
  assert.ok(r.rate > 40 && r.rate < 65, `rate ${r.rate}`);
});

test('Diehl & Cook: weights normalised to 78 per neuron, reproducible, and voting picks the assigned class', () => {
  const img = new Float64Array(784);
  for (let k = 300; k < 500; k++) img[k] = 255;
  const run = () => { const dc = new DiehlCook({ nExc: 10, tPresent: 50 }, new Generator(4)); return { c: dc.present(img, true), dc }; };
  const a = run(), b = run();
  assert.deepEqual(a.c, b.c);
  let sum = 0;
  for (let j = 0; j < 784; j++) sum += a.dc.weights[j * 10 + 3];
  assert.ok(sum > 60 && sum <= 78 + 1, `column sum ${sum}`); // normalised to 78 before the image, then STDP moves it
  const assignments = assignLabels(Int32Array.of(5, 0, 0, 6), [2, 7], 2);
  assert.deepEqual([...assignments], [2, 7]);
  assert.equal(classifyByAssignment([1, 9], assignments), 7);
});

test('ResponseTally: running sums give the labels of the full count table, and bad labels or sizes are refused', () => {
  const counts = Int32Array.of(5, 0, 1, 0, 0, 6, 2, 2, 0, 3, 3, 0), labels = [2, 7, 2, 7];
  const tally = new ResponseTally(3);
  for (let e = 0; e < 4; e++) tally.add(counts.subarray(e * 3, e * 3 + 3), labels[e]);
  assert.deepEqual([...tally.assign()], [...assignLabels(counts, labels, 3)]);
  assert.deepEqual([...tally.assign()], [2, 7, 7]); // neuron 2: mean 0.5 for class 2, 3 for class 7
  assert.throws(() => tally.add([1, 2, 3], 10), /label 10 outside 0..9/);
  assert.throws(() => tally.add([1, 2], 1), /2 counts for 3 neurons/);
});
