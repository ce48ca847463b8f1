import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { ValueError } from '../../src/core/errors.js';
import { NeuronLayer, lif, izhikevich } from '../../src/neuro/neurons/index.js';
import {
  Network, fixedProbability, oneToOne, allToAll, PoissonGroup, SpikeMonitor, StateMonitor, RateMonitor, energyEstimate, ENERGY_PJ,
} from '../../src/neuro/network/index.js';
import { buildBrette } from '../../src/neuro/index.js';

test('fixed-probability CSR has about p·nPre·nPost synapses with sorted, in-range targets', () => {
  const c = fixedProbability(300, 400, 0.05, new Generator(1));
  const nSyn = c.rowPtr[300];
  assert.ok(Math.abs(nSyn - 6000) < 4 * Math.sqrt(6000), `${nSyn} synapses`);
  for (let j = 0; j < 300; j++) for (let s = c.rowPtr[j] + 1; s < c.rowPtr[j + 1]; s++) assert.ok(c.post[s] > c.post[s - 1] && c.post[s] < 400);
  const noSelf = fixedProbability(50, 50, 1, new Generator(1), { allowSelf: false });
  assert.equal(noSelf.rowPtr[50], 50 * 49);
  assert.equal(allToAll(3, 4).post.length, 12);
});

test('same seed, same spikes; event-driven and clock-driven modes agree spike for spike', () => {
  const run = (mode: 'event' | 'clock', seed: number) => {
    const b = buildBrette('cuba', { n: 500, p: 0.1, seed });
    const stats = b.net.run(100, { mode });
    return { ev: b.excMonitor.events(), stats, syn: b.synapses };
  };
  const a = run('event', 3), b = run('event', 3), c = run('clock', 3);
  assert.ok(a.ev.times.length > 0);
  assert.deepEqual(a.ev.indices, b.ev.indices);
  assert.deepEqual(a.ev.times, c.ev.times);
  assert.deepEqual(a.ev.indices, c.ev.indices);
  assert.equal(a.stats.synapticEvents, c.stats.synapticEvents);
  assert.equal(a.stats.macs, 0);
  assert.equal(c.stats.macs, c.stats.steps * c.syn); // clock mode visits every synapse every step
  assert.notDeepEqual(run('event', 4).ev.indices, a.ev.indices);
});

test('a transmission delay postpones the synaptic input by whole steps', () => {
  const net = new Network(1, 0);
  const pre = net.addPopulation('pre', new NeuronLayer(lif, 1, { vThresh: -64.5, vReset: -70, vRest: -65, tRef: 100 }, 1), [10]);
  const post = net.addPopulation('post', new NeuronLayer(lif, 1, { vThresh: 100, vReset: -70, tauSynE: 1e6 }, 1));
  net.connect(pre, post, oneToOne(1), { weight: 5, target: 'iE', delay: 3 });
  const preMon = net.addMonitor(new SpikeMonitor(pre));
  const mon = net.addMonitor(new StateMonitor(post, 'iE', [0]));
  net.run(10);
  const tSpike = preMon.events().times[0];
  const tArrive = mon.times[mon.values[0].findIndex((x) => x > 0)];
  // Without delay the input is visible after the next step; each delay step adds one more.
  assert.equal(tArrive - tSpike, 1 + 3 + 1);
});

test('Poisson source: rate in both modes, and a rate monitor reads it back', () => {
  for (const mode of ['clock', 'event'] as const) {
    const net = new Network(0.5, 11);
    const src = net.addSource(new PoissonGroup('src', new Float64Array(200).fill(20)));
    const rate = net.addMonitor(new RateMonitor(src, 100));
    const stats = net.run(2000, { mode });
    const mean = stats.spikes.src / (200 * 2);
    assert.ok(Math.abs(mean - 20) < 1.5, `${mode}: ${mean} Hz`);
    assert.equal(rate.rates.length, 20);
  }
});

test('energy estimate uses the cited per-operation figures', () => {
  const e = energyEstimate(1000, 5000);
  assert.equal(e.snnLoihiPj, 1000 * ENERGY_PJ.sopLoihi);
  assert.equal(e.annFloat32Pj, 5000 * 4.6);
});

test('network errors: probability out of range, size mismatch, unknown target, dt mismatch', () => {
  assert.throws(() => fixedProbability(10, 10, 1.5, new Generator(0)), (e: Error) => e instanceof ValueError && /connection probability p must be in \[0, 1\], got 1.5/.test(e.message));
  const net = new Network(0.1);
  const a = net.addPopulation('a', new NeuronLayer(lif, 10, {}, 0.1));
  const b = net.addPopulation('b', new NeuronLayer(lif, 20, {}, 0.1));
  assert.throws(() => net.connect(a, b, oneToOne(10), { weight: 1, target: 'iE' }),
    (e: Error) => e instanceof ValueError && /connectivity is 10 → 10 but the populations have 10 \(pre\) and 20 \(post\)/.test(e.message));
  assert.throws(() => net.connect(a, a, oneToOne(10), { weight: 1, target: 'gE' }), (e: Error) => e instanceof ValueError && /use one of: iE, iI/.test(e.message));
  const izh = net.addPopulation('izh', new NeuronLayer(izhikevich, 10, {}, 0.1));
  assert.throws(() => net.connect(a, izh, oneToOne(10), { weight: 1, target: 'v' }), (e: Error) => e instanceof ValueError && /input current only/.test(e.message));
  assert.throws(() => net.addPopulation('c', new NeuronLayer(lif, 5, {}, 0.5)), (e: Error) => e instanceof ValueError && /dt = 0.5 ms but the network steps with dt = 0.1 ms/.test(e.message));
});
