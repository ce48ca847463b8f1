import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { ValueError } from '../../src/core/errors.js';
import {
  stdpStep, stdpWindow, initStdpState, STDP_DEFAULTS, validateStdp, stdpTripletStep, initTripletState, TRIPLET_VISUAL_CORTEX,
  rstdpStep, initRstdpState, RSTDP_DEFAULTS, ojaUpdate, sangerUpdate, bcmUpdate, hebbianUpdate, normalizeRows, clipWeights,
} from '../../src/neuro/plasticity/index.js';
import { assertClose } from '../helpers.js';
import { alphaSynapseStep, expSynapseStep, DelayLine } from '../../src/neuro/synapses/index.js';

/** Weight change of one synapse after a pre spike at step 500 and a post spike at step 500 + lag. */
function pairChange(lagSteps: number, dt: number): number {
  const s = initStdpState(1, 1), w = Float64Array.of(0.5);
  const p = { ...STDP_DEFAULTS, wMin: -10, wMax: 10 };
  for (let k = 0; k < 500 + Math.abs(lagSteps) + 600; k++) {
    const pre = Uint8Array.of(k === 500 ? 1 : 0), post = Uint8Array.of(k === 500 + lagSteps ? 1 : 0);
    stdpStep(p, s, pre, post, w, dt);
  }
  return w[0] - 0.5;
}

test('pair STDP follows the exponential window for pre-before-post and post-before-pre', () => {
  const dt = 0.1;
  for (const lag of [1, 50, 100, 200, 400]) {
    assert.ok(Math.abs(pairChange(lag, dt) - STDP_DEFAULTS.aPlus * Math.exp(-lag * dt / STDP_DEFAULTS.tauPlus)) < 1e-12, `+${lag}`);
    assert.ok(Math.abs(pairChange(-lag, dt) + STDP_DEFAULTS.aMinus * Math.exp(-lag * dt / STDP_DEFAULTS.tauMinus)) < 1e-12, `-${lag}`);
    assert.ok(Math.abs(pairChange(lag, dt) - stdpWindow(STDP_DEFAULTS, lag * dt)) < 1e-12);
  }
});

test('STDP respects weight bounds', () => {
  const s = initStdpState(1, 1), w = Float64Array.of(0.999);
  let max = 0;
  for (let k = 0; k < 100; k++) {
    stdpStep(STDP_DEFAULTS, s, Uint8Array.of(k % 10 === 0 ? 1 : 0), Uint8Array.of(k % 10 === 1 ? 1 : 0), w, 1);
    max = Math.max(max, w[0]);
  }
  assert.equal(max, 1); // repeated pre→post pairs push the weight to wMax and no further
  assert.throws(() => validateStdp({ ...STDP_DEFAULTS, tauPlus: -1 }, 0.1), (e: Error) => e instanceof ValueError && /tauPlus must be a finite number > 0 ms/.test(e.message));
});

/** Net change after 60 pairs at `freq` Hz with post − pre = `lag` ms (Sjöström et al. 2001 protocol). */
function tripletChange(freq: number, lag: number): number {
  const dt = 0.5, period = Math.round(1000 / freq / dt), shift = Math.round(lag / dt);
  const s = initTripletState(1, 1), w = Float64Array.of(0.5);
  const p = { ...TRIPLET_VISUAL_CORTEX, wMin: -10, wMax: 10 };
  const start = 100, steps = start + 60 * period + 400;
  for (let k = 0; k < steps; k++) {
    const rel = k - start;
    const preSpike = rel >= 0 && rel % period === 0 && rel / period < 60;
    const postSpike = rel - shift >= 0 && (rel - shift) % period === 0 && (rel - shift) / period < 60;
    stdpTripletStep(p, s, Uint8Array.of(preSpike ? 1 : 0), Uint8Array.of(postSpike ? 1 : 0), w, dt);
  }
  return w[0] - 0.5;
}

test('triplet STDP: post-before-pre depresses at 1 Hz but potentiates at 50 Hz (frequency dependence)', () => {
  assert.ok(tripletChange(1, -10) < 0, `1 Hz, −10 ms: ${tripletChange(1, -10)}`);
  assert.ok(tripletChange(50, -10) > 0, `50 Hz, −10 ms: ${tripletChange(50, -10)}`);
  assert.ok(tripletChange(50, 10) > tripletChange(1, 10), 'pre-before-post potentiates more at high frequency');
});

test('reward-modulated STDP: no dopamine, no change; late reward converts the eligibility trace', () => {
  const s = initRstdpState(1, 1), w = Float64Array.of(0.5);
  const p = { ...RSTDP_DEFAULTS, wMin: 0, wMax: 1 };
  for (let k = 0; k < 20; k++) rstdpStep(p, s, Uint8Array.of(k === 0 ? 1 : 0), Uint8Array.of(k === 10 ? 1 : 0), w, 1, 0);
  assert.equal(w[0], 0.5);
  const c0 = s.eligibility[0];
  assert.ok(Math.abs(c0 - p.aPlus * Math.exp(-10 / p.tauPlus) * Math.exp(-9 / p.tauC)) < 1e-12);
  for (let k = 0; k < 480; k++) rstdpStep(p, s, Uint8Array.of(0), Uint8Array.of(0), w, 1, 0);
  rstdpStep(p, s, Uint8Array.of(0), Uint8Array.of(0), w, 1, 2); // a 1 ms dopamine pulse 500 ms later
  assert.ok(Math.abs(w[0] - 0.5 - 2 * c0 * Math.exp(-481 / p.tauC)) < 1e-12, `Δw = ${w[0] - 0.5}`);
});

/** Samples x ~ N(0, C) for C = R diag(λ) Rᵀ with a known rotation. */
function gaussianSampler(gen: Generator): { sample: () => Float64Array; pcs: number[][] } {
  const a = Math.PI / 6;
  const pcs = [[Math.cos(a), Math.sin(a), 0], [-Math.sin(a), Math.cos(a), 0], [0, 0, 1]];
  const sd = [2, 1, 0.5];
  return {
    pcs,
    sample: () => {
      const z = [gen.normal() * sd[0], gen.normal() * sd[1], gen.normal() * sd[2]];
      const x = new Float64Array(3);
      for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) x[j] += z[k] * pcs[k][j];
      return x;
    },
  };
}
const cosine = (a: ArrayLike<number>, b: number[]) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < b.length; i++) { d += a[i] * b[i]; na += a[i] ** 2; nb += b[i] ** 2; }
  return d / Math.sqrt(na * nb);
};

test('Oja converges to the unit first principal component of a known covariance', () => {
  const gen = new Generator(5);
  const { sample, pcs } = gaussianSampler(gen);
  const w = Float64Array.of(0.1, -0.3, 0.2);
  for (let t = 0; t < 20000; t++) {
    const x = sample();
    const y = [w[0] * x[0] + w[1] * x[1] + w[2] * x[2]];
    ojaUpdate(w, x, y, 0.002);
  }
  assert.ok(Math.abs(cosine(w, pcs[0])) > 0.99, `cos ${cosine(w, pcs[0])}`);
  assert.ok(Math.abs(Math.hypot(...w) - 1) < 0.05, `norm ${Math.hypot(...w)}`);
});

test('Sanger (GHA) finds the first two principal components in order', () => {
  const gen = new Generator(6);
  const { sample, pcs } = gaussianSampler(gen);
  const w = Float64Array.of(0.1, 0.2, 0.3, -0.2, 0.1, 0.3);
  for (let t = 0; t < 40000; t++) {
    const x = sample();
    const y = [0, 1].map((i) => w[i * 3] * x[0] + w[i * 3 + 1] * x[1] + w[i * 3 + 2] * x[2]);
    sangerUpdate(w, x, y, 0.002);
  }
  assert.ok(Math.abs(cosine(w.subarray(0, 3), pcs[0])) > 0.99);
  assert.ok(Math.abs(cosine(w.subarray(3, 6), pcs[1])) > 0.98, `cos2 ${cosine(w.subarray(3, 6), pcs[1])}`);
});

test('BCM: a neuron becomes selective to one of two input patterns', () => {
  const gen = new Generator(9);
  const w = Float64Array.of(0.5, 0.45), theta = Float64Array.of(0.1);
  const patterns = [[1, 0], [0, 1]];
  for (let t = 0; t < 20000; t++) {
    const x = patterns[gen.int(0, 2)];
    const y = [Math.max(0, w[0] * x[0] + w[1] * x[1])];
    bcmUpdate(w, theta, x, y, 0.01, 1, 50);
  }
  const [r1, r2] = [w[0], w[1]];
  assert.ok(Math.max(r1, r2) > 0.5 && Math.min(r1, r2) < 0.05, `responses ${r1}, ${r2}`);
});

test('Hebbian growth and row normalisation to a fixed budget', () => {
  const w = Float64Array.of(1, 1, 1, 1);
  hebbianUpdate(w, [1, 0], [1, 2], 0.5);
  assert.deepEqual([...w], [1.5, 1, 2, 1]);
  normalizeRows(w, 2, 2, 1);
  assertNear(w, [0.6, 0.4, 2 / 3, 1 / 3]);
  clipWeights(w, 0.5, 0.62);
  assertNear(w, [0.6, 0.5, 0.62, 0.5]);
  assert.throws(() => normalizeRows(w, 3, 2, 1), (e: Error) => e instanceof ValueError && /expected rows·cols = 3·2 = 6/.test(e.message));
});

test('alpha synapse samples g(t) = w (t/τ) e^(1 − t/τ); exponential synapse decays exactly', () => {
  const g = new Float64Array(1), h = Float64Array.of(1.5), e = Float64Array.of(1.5), tau = 3, dt = 0.1;
  for (let k = 1; k <= 200; k++) {
    alphaSynapseStep(g, h, tau, dt); expSynapseStep(e, tau, dt);
    const t = k * dt;
    assert.ok(Math.abs(g[0] - 1.5 * (t / tau) * Math.exp(1 - t / tau)) < 1e-12);
    assert.ok(Math.abs(e[0] - 1.5 * Math.exp(-t / tau)) < 1e-12);
  }
});

test('delay line delivers each input after its delay', () => {
  const line = new DelayLine(2, 3);
  const target = new Float64Array(2), seen: number[][] = [];
  line.add(0, 0, 1); line.add(2, 1, 5); line.add(3, 0, 7);
  for (let k = 0; k < 5; k++) { target.fill(0); line.deliver(target); seen.push([...target]); }
  assert.deepEqual(seen, [[1, 0], [0, 0], [0, 5], [7, 0], [0, 0]]);
  assert.throws(() => line.add(4, 0, 1), (e: Error) => e instanceof ValueError && /exceeds the maximum 3/.test(e.message));
});

function assertNear(a: ArrayLike<number>, b: number[]): void { assertClose(a, b, { atol: 1e-12, rtol: 0 }); }
