import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NeuronLayer, lif, adaptiveLif, lifCond, lifCondStep, LIF_COND_DEFAULTS, izhikevich, izhikevichParams, hodgkinHuxley, adex, LIF_DEFAULTS, type IzhikevichType,
} from '../../src/neuro/neurons/index.js';
import { ValueError } from '../../src/core/errors.js';

test('LIF under constant input follows v(t) = vRest + R·I (1 − e^(−t/τm)) exactly', () => {
  const layer = new NeuronLayer(lif, 1, { tauM: 20, vRest: -70, vThresh: -40, vReset: -70 }, 0.1);
  for (let k = 1; k <= 500; k++) {
    layer.step(20);
    const t = k * 0.1;
    const expected = -70 + 20 * (1 - Math.exp(-t / 20));
    assert.ok(Math.abs(layer.v[0] - expected) < 1e-9, `t=${t}: ${layer.v[0]} vs ${expected}`);
  }
});

test('LIF response to one synaptic kick is the difference-of-exponentials kernel', () => {
  const layer = new NeuronLayer(lif, 1, { tauM: 20, tauSynE: 5, vRest: -60, vThresh: -40, vReset: -60 }, 0.1);
  layer.state.iE[0] = 2;
  for (let k = 1; k <= 300; k++) {
    layer.step();
    const t = k * 0.1;
    const expected = -60 + 2 * (5 / (5 - 20)) * (Math.exp(-t / 5) - Math.exp(-t / 20));
    assert.ok(Math.abs(layer.v[0] - expected) < 1e-9, `t=${t}: ${layer.v[0]} vs ${expected}`);
  }
});

test('LIF fires at the analytic period T = tRef + τm ln(R·I / (R·I − (vThresh − vRest)))', () => {
  const p = { tauM: 10, vRest: -65, vReset: -65, vThresh: -50, tRef: 2 };
  const layer = new NeuronLayer(lif, 1, p, 0.01);
  const times: number[] = [];
  for (let k = 0; k < 20000; k++) if (layer.step(25)[0]) times.push((k + 1) * 0.01);
  const period = p.tRef + p.tauM * Math.log(25 / (25 - 15));
  const measured = (times[times.length - 1] - times[0]) / (times.length - 1);
  assert.ok(Math.abs(measured - period) < 0.02, `period ${measured} vs ${period}`);
});

test('adaptive LIF: inter-spike intervals grow under constant drive', () => {
  const layer = new NeuronLayer(adaptiveLif, 1, { thetaPlus: 2, tauTheta: 200, tRef: 0 }, 0.1);
  const times: number[] = [];
  for (let k = 0; k < 5000; k++) if (layer.step(30)[0]) times.push(k * 0.1);
  const isi = times.slice(1).map((t, i) => t - times[i]);
  assert.ok(isi.length > 5);
  assert.ok(isi[isi.length - 1] > 1.5 * isi[0], `first ISI ${isi[0]}, last ${isi[isi.length - 1]}`);
});

test('conductance LIF (expEuler) with frozen conductance relaxes exactly to the weighted reversal', () => {
  const layer = new NeuronLayer(lifCond, 1, { method: 'expEuler', tauE: 1e9, vThresh: 10, vReset: -70, vRest: -60 }, 0.1);
  layer.state.gE[0] = 10; // equal to gL: vInf halfway between El = −60 and Ee = 0
  for (let k = 0; k < 2000; k++) layer.step();
  assert.ok(Math.abs(layer.v[0] - -30) < 1e-3, `v = ${layer.v[0]}`);
});

function isis(type: IzhikevichType, current: (t: number) => number, duration = 1000, dt = 0.25): number[] {
  const layer = new NeuronLayer(izhikevich, 1, izhikevichParams(type), dt);
  const times: number[] = [];
  for (let k = 0; k < duration / dt; k++) if (layer.step(current(k * dt))[0]) times.push(k * dt);
  return times;
}
const diff = (t: number[]) => t.slice(1).map((x, i) => x - t[i]);
const step10 = (t: number) => (t < 100 ? 0 : 10);

test('Izhikevich RS adapts: intervals grow', () => {
  const isi = diff(isis('RS', step10));
  assert.ok(isi[isi.length - 1] > 1.5 * isi[0], `RS intervals ${isi.slice(0, 4)} ... ${isi[isi.length - 1]}`);
});

test('Izhikevich IB: a burst, then single spikes', () => {
  const isi = diff(isis('IB', step10));
  assert.ok(isi[0] < 10, `first interval ${isi[0]} ms`);
  assert.ok(isi.slice(3).every((x) => x > 20), `later intervals ${isi.slice(3, 8)}`);
});

test('Izhikevich CH: repeated bursts', () => {
  const isi = diff(isis('CH', step10));
  let bursts = 0;
  for (let i = 1; i < isi.length; i++) if (isi[i - 1] > 25 && isi[i] < 10) bursts++;
  assert.ok(bursts >= 5, `${bursts} bursts`);
});

test('Izhikevich FS: fast, without adaptation', () => {
  const t = isis('FS', step10);
  const isi = diff(t);
  assert.ok(t.length > 50, `${t.length} spikes in 900 ms`);
  const early = isi.slice(1, 6).reduce((a, b) => a + b) / 5;
  const late = isi.slice(-10).reduce((a, b) => a + b) / 10;
  assert.ok(late / early < 1.3, `late/early interval ratio ${late / early}`);
});

test('Izhikevich LTS adapts strongly', () => {
  const isi = diff(isis('LTS', step10));
  assert.ok(isi[isi.length - 1] > 3 * isi[0], `LTS ${isi[0]} -> ${isi[isi.length - 1]}`);
});

test('Izhikevich TC: silent while hyperpolarised, rebound burst on release', () => {
  const t = isis('TC', (x) => (x >= 100 && x < 300 ? -10 : 0), 500);
  assert.ok(t.length >= 1, 'no rebound spike');
  assert.ok(t.every((x) => x >= 300 && x < 350), `spike times ${t}`);
});

test('Hodgkin–Huxley rests near −65 mV and fires repetitively above threshold', () => {
  for (const method of ['euler', 'rk4', 'expEuler'] as const) {
    const dt = method === 'euler' ? 0.01 : 0.025;
    const rest = new NeuronLayer(hodgkinHuxley, 1, { method }, dt);
    let spikes = 0;
    for (let k = 0; k < 100 / dt; k++) spikes += rest.step(0)[0];
    assert.equal(spikes, 0);
    assert.ok(Math.abs(rest.v[0] + 65) < 0.1, `${method}: rest ${rest.v[0]}`);
    const driven = new NeuronLayer(hodgkinHuxley, 1, { method }, dt);
    let peak = -100; spikes = 0;
    for (let k = 0; k < 200 / dt; k++) { spikes += driven.step(10)[0]; peak = Math.max(peak, driven.v[0]); }
    assert.ok(spikes >= 10 && spikes <= 16, `${method}: ${spikes} spikes in 200 ms at 10 µA/cm²`);
    assert.ok(peak > 20 && peak < 50, `${method}: peak ${peak}`);
  }
});

test('AdEx adapts under a current step', () => {
  const layer = new NeuronLayer(adex, 1, {}, 0.05);
  const t: number[] = [];
  for (let k = 0; k < 400 / 0.05; k++) if (layer.step(800)[0]) t.push(k * 0.05);
  const isi = diff(t);
  assert.ok(isi.length >= 3 && isi[isi.length - 1] > 1.5 * isi[0], `AdEx intervals ${isi}`);
});

test('bad parameters raise ValueError naming the parameter and range', () => {
  assert.throws(() => new NeuronLayer(lif, 10, { tauM: -5 }), (e: Error) => e instanceof ValueError && /tauM must be a finite number > 0 ms, got -5/.test(e.message));
  assert.throws(() => new NeuronLayer(lif, 10, { tauSynE: 0.5 }, 1), (e: Error) => e instanceof ValueError && /dt = 1 ms is larger than tauSynE = 0.5 ms; dt must be in \(0, 0.5\]/.test(e.message));
  assert.throws(() => new NeuronLayer(lif, 10, { vReset: -40 }), (e: Error) => e instanceof ValueError && /vReset/.test(e.message));
  assert.throws(() => new NeuronLayer(lif, 0), (e: Error) => e instanceof ValueError && /n must be a positive integer, got 0/.test(e.message));
  assert.throws(() => new NeuronLayer(izhikevich, 1, {}, 2), (e: Error) => e instanceof ValueError && /dt must be in \(0, 1\] ms/.test(e.message));
  assert.throws(() => new NeuronLayer(hodgkinHuxley, 1, { method: 'euler' }, 0.1), (e: Error) => e instanceof ValueError && /\(0, 0.05\] ms/.test(e.message));
  assert.throws(() => new NeuronLayer(lifCond, 1, { gL: 100, cM: 10 }, 0.5), (e: Error) => e instanceof ValueError && /tauM = cM\/gL/.test(e.message));
  assert.throws(() => new NeuronLayer(lif, 2).step([1, 2, 3]), (e: Error) => e instanceof ValueError && /input has length 3 but the population has 2/.test(e.message));
  assert.deepEqual(LIF_DEFAULTS.tauM, 20);
});

test("lif-cond conductanceDecay: 'exact' multiplies by exp(−dt/τ) per step, 'euler' by 1 − dt/τ (Brian 1's forward Euler)", () => {
  for (const [decay, fE, fI] of [['exact', Math.exp(-0.5), Math.exp(-0.25)], ['euler', 0.5, 0.75]] as const) {
    const p = { ...LIF_COND_DEFAULTS, tauE: 1, tauI: 2, conductanceDecay: decay };
    lifCond.validate(p, 0.5);
    const s = lifCond.init(1, p), spikes = new Uint8Array(1);
    s.gE[0] = 8; s.gI[0] = 8;
    for (let k = 0; k < 3; k++) lifCondStep(p, s, null, 0.5, spikes);
    assert.ok(Math.abs(s.gE[0] - 8 * fE ** 3) < 1e-12 && Math.abs(s.gI[0] - 8 * fI ** 3) < 1e-12, `${decay}: gE ${s.gE[0]}, gI ${s.gI[0]}`);
  }
  assert.throws(() => lifCond.validate({ ...LIF_COND_DEFAULTS, conductanceDecay: 'rk4' as never }, 0.1), /conductanceDecay must be 'exact' or 'euler', got 'rk4'/);
});
