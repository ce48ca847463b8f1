import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { ValueError } from '../../src/core/errors.js';
import {
  rateEncode, poissonEvents, latencyEncode, deltaEncode, eventsFromRaster, rasterFromEvents,
  spikeCounts, meanRate, firstSpikeTimes, populationRate, isiCV, argmaxCount, firingRates,
} from '../../src/neuro/coding/index.js';

test('Bernoulli rate coding: counts match rate·duration within Poisson error', () => {
  const r = rateEncode([10, 50, 0], 20000, 0.5, new Generator(1));
  const c = spikeCounts(eventsFromRaster(r));
  assert.equal(c[2], 0);
  // 10 s of 10 Hz and 50 Hz: expected 100 and 500, sd 10 and 22.
  assert.ok(Math.abs(c[0] - 100) < 40, `10 Hz gave ${c[0]}`);
  assert.ok(Math.abs(c[1] - 500) < 90, `50 Hz gave ${c[1]}`);
});

test('event-driven Poisson: exponential intervals give rate and CV ≈ 1', () => {
  const e = poissonEvents([40, 40, 40, 40], 20000, new Generator(2));
  assert.ok(Math.abs(meanRate(e) - 40) < 2, `rate ${meanRate(e)}`);
  for (const cv of isiCV(e)) assert.ok(Math.abs(cv - 1) < 0.1, `CV ${cv}`);
  for (let k = 1; k < e.times.length; k++) assert.ok(e.times[k] >= e.times[k - 1]);
});

test('same seed, same spikes; different seed, different spikes', () => {
  const a = rateEncode([30, 30, 30], 1000, 1, new Generator(7)).data;
  const b = rateEncode([30, 30, 30], 1000, 1, new Generator(7)).data;
  const c = rateEncode([30, 30, 30], 1000, 1, new Generator(8)).data;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(poissonEvents([20], 1000, new Generator(3)).times, poissonEvents([20], 1000, new Generator(3)).times);
});

test('latency coding: stronger inputs fire earlier; decoding inverts the code', () => {
  const e = latencyEncode([1, 0.5, 0.25, 0], { tMax: 10 });
  const t = firstSpikeTimes(e);
  assert.deepEqual([...t], [0, 5, 7.5, Infinity]);
  const rc = firstSpikeTimes(latencyEncode([0.9, 0.5, 0.1], { tMax: 50, mode: 'rc', tau: 5, threshold: 0.05 }));
  assert.ok(rc[0] < rc[1] && rc[1] < rc[2]);
  assert.ok(Math.abs(rc[1] - 5 * Math.log(0.5 / 0.45)) < 1e-12);
});

test('delta modulation: one spike per threshold crossing, in the direction of change', () => {
  const sig = Float64Array.from([0, 0.5, 1.2, 2.1, 2.0, 1.0, 0.0]);
  const { up, down } = deltaEncode(sig, 1, 1, 1);
  // Reference 0 → 1.2 at step 2 (up); 2.1 − 1.2 < 1 stays silent; 1.2 → 0.0 at step 6 (down).
  assert.deepEqual([...up.times], [2]);
  assert.deepEqual([...down.times], [6]);
});

test('population rate and raster round trip', () => {
  const e = { times: Float64Array.of(0.5, 1.5, 1.7, 9), indices: Int32Array.of(0, 1, 0, 1), n: 2, duration: 10 };
  assert.deepEqual([...populationRate(e, 5)], [300, 100]); // 3 spikes / (2 neurons · 5 ms) = 300 Hz
  assert.deepEqual([...spikeCounts(e)], [2, 2]);
  assert.deepEqual([...firingRates(e)], [200, 200]);
  const back = eventsFromRaster(rasterFromEvents(e, 1));
  assert.deepEqual([...back.times], [0, 1, 1, 9]);
  assert.equal(argmaxCount([1, 5, 5]), 1);
});

test('encoders reject bad input with the allowed range', () => {
  assert.throws(() => rateEncode([-1], 10, 1, new Generator(0)), (e: Error) => e instanceof ValueError && /rates\[0\] = -1.*>= 0 Hz/.test(e.message));
  assert.throws(() => rateEncode([2000], 10, 1, new Generator(0)), (e: Error) => e instanceof ValueError && /probability 2 > 1/.test(e.message));
  assert.throws(() => latencyEncode([1.5], { tMax: 10 }), (e: Error) => e instanceof ValueError && /values must be in \[0, 1\]/.test(e.message));
  assert.throws(() => deltaEncode([1, 2, 3], 2, 1, 0.1), (e: Error) => e instanceof ValueError && /multiple of n = 2/.test(e.message));
});
