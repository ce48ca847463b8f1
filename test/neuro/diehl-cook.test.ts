import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { DiehlCook, DIEHL_COOK_DEFAULTS, diehlCookExcParams } from '../../src/neuro/benchmarks/diehl-cook.js';
import { lifCond, lifCondStep } from '../../src/neuro/neurons/lif-cond.js';
import { DiehlCookReference } from './diehl-cook-reference.js';

/** Bright strokes on a dark background, different per image, so different neurons win. */
function strokes(seed: number): Float64Array {
  const g = new Generator(seed), img = new Float64Array(784);
  for (let s = 0; s < 3; s++) {
    const r0 = 4 + Math.floor(g.uniform() * 20), c0 = 4 + Math.floor(g.uniform() * 20), vertical = g.uniform() < 0.5;
    for (let k = -6; k <= 6; k++) {
      const r = vertical ? r0 + k : r0, c = vertical ? c0 : c0 + k;
      if (r >= 0 && r < 28 && c >= 0 && c < 28) img[r * 28 + c] = 128 + Math.floor(g.uniform() * 128);
    }
  }
  return img;
}

test('DiehlCook (event-driven) agrees spike for spike and weight for weight with the plain clock-driven reference', () => {
  const cases = [
    ...(['eulerGuarded', 'expEuler', 'euler'] as const).map((method) => ({ method, inputDelayMax: 0 })),
    { method: 'eulerGuarded' as const, inputDelayMax: 10 },
    // Delays longer than the 30 ms stepped part of the rest, and a rest shorter than the delays.
    { method: 'eulerGuarded' as const, inputDelayMax: 37 },
    { method: 'eulerGuarded' as const, inputDelayMax: 10, tRest: 3 },
  ];
  for (const { method, ...rest } of cases) {
    const cfg = { nExc: 12, tPresent: 80, tRest: 40, method, ...rest };
    const fast = new DiehlCook(cfg, new Generator(11)), ref = new DiehlCookReference(cfg, new Generator(11));
    let spikes = 0;
    for (let e = 0; e < 10; e++) {
      const img = strokes(e % 7), learn = e < 7;
      const a = fast.present(img, learn), b = ref.present(img, learn);
      assert.deepEqual(Array.from(a), Array.from(b), `${JSON.stringify(cfg)}, image ${e}: spike counts`);
      for (const x of a) spikes += x;
    }
    assert.ok(spikes >= 50, `the comparison needs spikes to mean something: ${spikes}`);
    assert.deepEqual(fast.weights, ref.weights, `${JSON.stringify(cfg)}: weights after STDP`);
    assert.deepEqual(fast.exc.theta, ref.exc.theta, `${method}: adaptive thresholds`);
    assert.deepEqual(fast.exc.v, ref.exc.v, `${method}: membrane potentials after the last rest`);
    assert.equal(fast.synapticEvents, ref.synapticEvents);
    assert.equal(fast.time, ref.time);
  }
});

test('Diehl & Cook membranes: forward Euler overshoots under the inhibition of 99 simultaneous spikes, the guarded and exponential steps do not', () => {
  // 99 inhibitory spikes × 17 nS on one excitatory cell: dt·g/C = 0.5 · 1683 / 100 ≈ 8.4 > 2.
  for (const method of ['euler', 'expEuler', 'eulerGuarded'] as const) {
    const p = diehlCookExcParams({ ...DIEHL_COOK_DEFAULTS, method });
    const s = lifCond.init(1, p);
    s.theta.fill(20); s.gI[0] = 99 * 17;
    const spikes = new Uint8Array(1);
    let lo = Infinity;
    for (let k = 0; k < 20; k++) { lifCondStep(p, s, null, 0.5, spikes); lo = Math.min(lo, s.v[0]); }
    if (method === 'euler') assert.ok(lo < -200, `forward Euler should leave [Ei, vRest]: lowest v ${lo}`);
    else assert.ok(lo >= -100 && s.v[0] <= -65, `${method} stays between Ei and rest: lowest v ${lo}, last ${s.v[0]}`);
  }
});

test('DiehlCook: θ starts at 20 mV behind a 20 mV offset (threshold −52 mV) and decays through presentation and rest', () => {
  assert.equal(DIEHL_COOK_DEFAULTS.thetaInit, 20);
  assert.equal(DIEHL_COOK_DEFAULTS.thetaOffset, 20);
  const tauTheta = 2000;
  const dc = new DiehlCook({ nExc: 4, tauTheta, minSpikes: 0 }, new Generator(1));
  assert.deepEqual(Array.from(dc.exc.theta), [20, 20, 20, 20]);
  const counts = dc.present(new Float64Array(784), true); // blank: no input, no spikes, one presentation
  assert.deepEqual(Array.from(counts), [0, 0, 0, 0]);
  assert.equal(dc.time, 500, '350 ms presentation + 150 ms rest');
  for (const th of dc.exc.theta) assert.ok(Math.abs(th - 20 * Math.exp(-500 / tauTheta)) < 1e-9, `θ ${th}`);
  const frozen = Float64Array.from(dc.exc.theta);
  dc.present(new Float64Array(784), false);
  assert.deepEqual(dc.exc.theta, frozen, 'θ is fixed with learning off');
});

test('DiehlCook: the rest relaxes v by the leak instead of resetting it, and normalisation gives 78 per neuron', () => {
  const dc = new DiehlCook({ nExc: 20 }, new Generator(2));
  dc.normalize();
  for (let i = 0; i < 20; i++) {
    let s = 0;
    for (let j = 0; j < 784; j++) s += dc.weights[j * 20 + i];
    assert.ok(Math.abs(s - 78) < 1e-9, `neuron ${i}: ${s}`);
  }
  dc.present(strokes(3), true);
  // After 150 ms the deviation from −65 mV has shrunk by (1 − 0.5/100)^240 ≈ 0.30 since the stepped
  // part; it is small but not zero for neurons that were inhibited or depolarised.
  const dev = Array.from(dc.exc.v, (v) => Math.abs(v + 65));
  assert.ok(dev.every((d) => d < 15), `deviations ${dev}`);
  assert.ok(dev.some((d) => d > 1e-6), 'v is relaxed, not reset');
  assert.deepEqual(Array.from(dc.inh.v), new Array(20).fill(-60));
});

test('DiehlCook: bad parameters are named with their allowed range', () => {
  assert.throws(() => new DiehlCook({ inputDelayMax: -1 }, new Generator(0)), /inputDelayMax must be a finite number >= 0 ms, got -1/);
  assert.throws(() => new DiehlCook({ nExc: 0 }, new Generator(0)), /nExc must be a positive integer/);
  assert.throws(() => new DiehlCook({ tPresent: -5 }, new Generator(0)), /tPresent must be a finite number > 0/);
});
