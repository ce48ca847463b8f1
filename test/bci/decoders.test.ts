import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, Tensor, tensor } from '../../src/core/index.js';
import * as bci from '../../src/bci/index.js';
import { Mat } from '../../src/bci/index.js';

const session = (() => {
  const rec = bci.simulateRecording(new Generator(21), { reach: { kind: 'random', numReaches: 80 }, population: { numNeurons: 30 } });
  return { rec, ...bci.splitByTrial(bci.binRecording(rec, 0.05)) };
})();

test('r2Score is 1 for a perfect fit and 0 for the mean; pearson ignores scale', () => {
  const y = tensor([[1, 2], [2, 0], [3, 4], [6, 2]]);
  assert.deepEqual(bci.r2Score(y, y), [1, 1]);
  const mean = tensor([[3, 2], [3, 2], [3, 2], [3, 2]]);
  assert.deepEqual(bci.r2Score(mean, y), [0, 0]);
  const scaled = y.mul(3).add(1);
  bci.pearson(scaled, y).forEach((r) => assert.ok(Math.abs(r - 1) < 1e-6));
});

test('Wiener filter with no ridge is the least-squares solution (normal equations hold)', () => {
  const { train } = session;
  const dec = new bci.WienerDecoder({ lags: 3, ridge: 0 }).fit(train);
  const [T, N] = train.spikes.shape;
  const x = bci.lagFeatures(train.spikes.data, T, N, 3, dec.meanRates!);
  const resid = Mat.fromArray(train.velocity.data, T, 2).sub(x.matmul(dec.weights!));
  const g = x.tmatmul(resid);
  const scale = x.tmatmul(Mat.fromArray(train.velocity.data, T, 2));
  let worst = 0, norm = 0;
  for (let i = 0; i < g.data.length; i++) { worst = Math.max(worst, Math.abs(g.data[i])); norm = Math.max(norm, Math.abs(scale.data[i])); }
  assert.ok(worst < 1e-8 * norm, `Xᵀ(Y − XW) should vanish: ${worst} vs ${norm}`);
  // A planted noiseless linear map is recovered exactly.
  const w = new Float64Array(x.cols * 2).map((_, i) => Math.sin(i));
  const yPlanted = x.matmul(new Mat(x.cols, 2, w));
  const refit = new bci.WienerDecoder({ lags: 3 }).fit({ spikes: train.spikes, velocity: new Tensor(Float32Array.from(yPlanted.data), [T, 2]) });
  const rec = refit.predict(train.spikes);
  bci.r2Score(rec, new Tensor(Float32Array.from(yPlanted.data), [T, 2])).forEach((r) => assert.ok(r > 0.999999, `r2 ${r}`));
});

test('a ridge penalty shrinks the Wiener weights', () => {
  const norm = (d: bci.WienerDecoder) => d.weights!.data.slice(2).reduce((a, v) => a + v * v, 0);
  const a = new bci.WienerDecoder({ lags: 2, ridge: 0 }).fit(session.train);
  const b = new bci.WienerDecoder({ lags: 2, ridge: 1000 }).fit(session.train);
  assert.ok(norm(b) < norm(a));
});

test('streaming decoders give the same output as batch decoding', () => {
  const { train, test: held } = session;
  for (const dec of [new bci.WienerDecoder({ lags: 4, ridge: 1 }), new bci.KalmanDecoder(), new bci.PopulationVectorDecoder()]) {
    dec.fit(train);
    const batch = dec.predict(held.spikes);
    const s = dec.stream();
    const N = held.spikes.shape[1];
    for (let t = 0; t < 20; t++) {
      const [vx, vy] = s.step(held.spikes.data.subarray(t * N, (t + 1) * N));
      assert.ok(Math.abs(vx - batch.data[t * 2]) < 1e-3 && Math.abs(vy - batch.data[t * 2 + 1]) < 1e-3, `${dec.name} bin ${t}`);
    }
  }
});

test('Kalman filter step equals the hand-computed predict and update', () => {
  // Scalar state, two observations: x⁻ = a x0, P⁻ = a²P0 + w, K = P⁻Hᵀ(HP⁻Hᵀ + Q)⁻¹.
  const a = 0.9, w = 0.5, x0 = 2, p0 = 1, h1 = 1, h2 = 2, q1 = 0.5, q2 = 2, z1 = 3, z2 = 1;
  const kf = new bci.KalmanFilter(Mat.from([[a]]), Mat.from([[w]]), Mat.from([[h1], [h2]]), Mat.from([[q1, 0], [0, q2]]), Mat.from([[x0]]), Mat.from([[p0]]));
  const xp = a * x0, pp = a * a * p0 + w; // 1.8, 1.31
  // S = H P⁻ Hᵀ + Q, a 2×2 matrix; K = P⁻ Hᵀ S⁻¹.
  const s11 = h1 * pp * h1 + q1, s12 = h1 * pp * h2, s22 = h2 * pp * h2 + q2, det = s11 * s22 - s12 * s12;
  const k1 = pp * (h1 * s22 - h2 * s12) / det, k2 = pp * (h2 * s11 - h1 * s12) / det;
  const x = xp + k1 * (z1 - h1 * xp) + k2 * (z2 - h2 * xp);
  const p = (1 - (k1 * h1 + k2 * h2)) * pp;
  const got = kf.step([z1, z2]);
  assert.ok(Math.abs(got.get(0, 0) - x) < 1e-12, `state ${got.get(0, 0)} vs ${x}`);
  assert.ok(Math.abs(kf.cov.get(0, 0) - p) < 1e-12, `cov ${kf.cov.get(0, 0)} vs ${p}`);
});

test('decoders recover velocity on held-out reaches, Wiener and Kalman well above the population vector', () => {
  const { train, test: held } = session;
  const r2 = (d: bci.VelocityDecoder) => { const r = bci.r2Score(d.fit(train).predict(held.spikes), held.velocity); return (r[0] + r[1]) / 2; };
  const pv = r2(new bci.PopulationVectorDecoder()), wf = r2(new bci.WienerDecoder({ lags: 5, ridge: 1 })), kf = r2(new bci.KalmanDecoder());
  assert.ok(wf > 0.8 && kf > 0.8, `wiener ${wf}, kalman ${kf}`);
  assert.ok(pv < wf && pv < kf, `pv ${pv}`);
  // The population vector still points the right way: correlation well above chance.
  const rho = bci.pearson(new bci.PopulationVectorDecoder().fit(train).predict(held.spikes), held.velocity);
  assert.ok(rho[0] > 0.5 && rho[1] > 0.5, `pv correlation ${rho}`);
});

test('closed-loop cursor: a fitted decoder reaches targets, a silent one never does', () => {
  const { rec, train } = session;
  const good = bci.runCursorTask(new Generator(1), rec.population, new bci.WienerDecoder({ lags: 3, ridge: 1 }).fit(train).stream(), { trials: 8 });
  assert.ok(good.successRate >= 0.75, `success ${good.successRate}`);
  const still = bci.runCursorTask(new Generator(1), rec.population, { reset() {}, step: () => [0, 0] }, { trials: 4 });
  assert.equal(still.successRate, 0);
  assert.ok(Number.isNaN(still.meanAcquireTime));
});

test('recurrent decoders train through nn.GRU/nn.LSTM, lower their loss, and stream like they predict', () => {
  const train = bci.sliceBins(session.train, 0, 300), held = bci.sliceBins(session.test, 0, 40);
  for (const cell of ['gru', 'lstm'] as const) {
    const losses: number[] = [];
    const dec = new bci.RecurrentDecoder({ cell, hidden: 8, window: 4, epochs: 2, generator: new Generator(3), onEpoch: (_, l) => losses.push(l) }).fit(train);
    assert.ok(losses[1] < losses[0], `${cell} loss ${losses}`);
    const batch = dec.predict(held.spikes);
    const s = dec.stream(), N = held.spikes.shape[1];
    for (let t = 0; t < 6; t++) {
      const [vx, vy] = s.step(held.spikes.data.subarray(t * N, (t + 1) * N));
      assert.ok(Math.abs(vx - batch.data[t * 2]) < 1e-4 && Math.abs(vy - batch.data[t * 2 + 1]) < 1e-4, `${cell} bin ${t}`);
    }
  }
  assert.throws(() => new bci.RecurrentDecoder().fit({ spikes: train.spikes, velocity: held.velocity }), /misaligned/);
});
