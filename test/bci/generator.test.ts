import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, ShapeError, ValueError } from '../../src/core/index.js';
import * as bci from '../../src/bci/index.js';

test('minimum-jerk profile starts and ends at rest and covers the whole distance', () => {
  assert.equal(bci.minimumJerk(0).s, 0);
  assert.equal(bci.minimumJerk(1).s, 1);
  assert.equal(bci.minimumJerk(0).ds, 0);
  assert.equal(bci.minimumJerk(1).ds, 0);
  // Peak speed 1.875 at mid-movement (Flash & Hogan 1985).
  assert.ok(Math.abs(bci.minimumJerk(0.5).ds - 1.875) < 1e-12);
});

test('centre-out reaches alternate between a circle target and the centre', () => {
  const reaches = bci.planReaches(new Generator(2), { kind: 'center-out', numReaches: 10, radius: 8, numTargets: 8 });
  reaches.forEach((r, i) => {
    const d = Math.hypot(r.target[0], r.target[1]);
    if (i % 2 === 0) {
      assert.ok(Math.abs(d - 8) < 1e-9);
      const angle = Math.atan2(r.target[1], r.target[0]) / (Math.PI / 4);
      assert.ok(Math.abs(angle - Math.round(angle)) < 1e-9, 'targets sit at multiples of 45°');
    } else assert.equal(d, 0);
    if (i > 0) assert.deepEqual(r.start, reaches[i - 1].target);
  });
});

test('sampled velocity integrates to the sampled position', () => {
  const reaches = bci.planReaches(new Generator(3), { kind: 'random', numReaches: 6 });
  const dt = 0.001, steps = Math.ceil(bci.planDuration(reaches) / dt);
  const { position, velocity } = bci.sampleKinematics(reaches, dt, steps);
  let x = 0, y = 0;
  for (let s = 1; s < steps; s++) { x += 0.5 * (velocity[s * 2] + velocity[s * 2 - 2]) * dt; y += 0.5 * (velocity[s * 2 + 1] + velocity[s * 2 - 1]) * dt; }
  assert.ok(Math.abs(x - position[(steps - 1) * 2]) < 0.05 && Math.abs(y - position[(steps - 1) * 2 + 1]) < 0.05, `${x},${y}`);
});

test('the same seed gives the same session; another seed a different one', () => {
  const a = bci.simulateRecording(new Generator(11), { reach: { numReaches: 6 }, population: { numNeurons: 10 } });
  const b = bci.simulateRecording(new Generator(11), { reach: { numReaches: 6 }, population: { numNeurons: 10 } });
  const c = bci.simulateRecording(new Generator(12), { reach: { numReaches: 6 }, population: { numNeurons: 10 } });
  assert.deepEqual(a.spikes, b.spikes);
  assert.notDeepEqual(a.spikes, c.spikes);
});

test('rates follow the cosine tuning curve and spike counts average to rate·dt', () => {
  const pop = bci.makePopulation(new Generator(0), { numNeurons: 1, lagRange: [0, 0] });
  const n = pop.neurons[0];
  const v = 10, pd = n.preferredDirection;
  const along = bci.tuningRate(n, pop.referenceSpeed, v * Math.cos(pd), v * Math.sin(pd));
  assert.ok(Math.abs(along - (n.baselineRate + n.modulationDepth * v / pop.referenceSpeed)) < 1e-9);
  const ortho = bci.tuningRate(n, pop.referenceSpeed, -v * Math.sin(pd), v * Math.cos(pd));
  assert.ok(Math.abs(ortho - n.baselineRate) < 1e-9, 'orthogonal movement leaves the baseline');
  const rates = new Float64Array(20000).fill(30);
  const spikes = bci.poissonSpikes(new Generator(4), rates, 0.01);
  const mean = spikes.reduce((a, s) => a + s, 0) / spikes.length;
  assert.ok(Math.abs(mean - 0.3) < 0.015, `mean count ${mean}`);
});

test('neurons lead the movement by their lag', () => {
  const pop = bci.makePopulation(new Generator(1), { numNeurons: 1, lagRange: [0.1, 0.1] });
  const dt = 0.01, steps = 100;
  const velocity = new Float64Array(steps * 2);
  for (let s = 50; s < steps; s++) velocity[s * 2] = 20; // movement starts at step 50
  const rates = bci.populationRates(pop, velocity, dt);
  assert.notEqual(rates[40], rates[39], 'rate changes 10 steps (0.1 s) before the movement');
  assert.equal(rates[38], rates[0]);
});

test('binning conserves spikes and the split keeps whole trials apart', () => {
  const rec = bci.simulateRecording(new Generator(5), { reach: { numReaches: 20 }, population: { numNeurons: 8 } });
  const data = bci.binRecording(rec, 0.05);
  const T = Math.floor(rec.steps / 10);
  assert.deepEqual([...data.spikes.shape], [T, 8]);
  let fine = 0; for (let i = 0; i < T * 10 * 8; i++) fine += rec.spikes[i];
  let binned = 0; for (const v of data.spikes.data) binned += v;
  assert.equal(binned, fine);
  const { train, validation, test: held } = bci.splitByTrial(data, { train: 0.6, validation: 0.2 });
  assert.equal(train.trial.length + validation.trial.length + held.trial.length, T);
  assert.ok(train.trial[train.trial.length - 1] < validation.trial[0]);
  assert.ok(validation.trial[validation.trial.length - 1] < held.trial[0]);
  assert.throws(() => bci.binRecording(rec, 0.033), ValueError);
});

test('decoders given misaligned spikes and kinematics name both lengths', () => {
  const rec = bci.simulateRecording(new Generator(6), { reach: { numReaches: 6 }, population: { numNeurons: 5 } });
  const data = bci.binRecording(rec);
  const short = bci.sliceBins(data, 0, 50);
  const bad = { spikes: data.spikes, velocity: short.velocity, position: short.position };
  for (const dec of [new bci.WienerDecoder(), new bci.KalmanDecoder(), new bci.PopulationVectorDecoder()]) {
    assert.throws(() => dec.fit(bad), (e: Error) => e instanceof ShapeError && /misaligned/.test(e.message) && new RegExp(`${data.spikes.shape[0]} bins`).test(e.message));
  }
  const w = new bci.WienerDecoder().fit(data);
  assert.throws(() => w.predict(data.spikes.slice(null, [0, 3])), (e: Error) => e instanceof ShapeError && /\[bins, 5\]/.test(e.message));
});
