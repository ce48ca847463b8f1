import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lif, lifStepEvents, LIF_DEFAULTS, type LifParams } from '../../src/neuro/neurons/lif.js';
import { lifCond, lifCondStepEvents, LIF_COND_DEFAULTS, type LifCondParams } from '../../src/neuro/neurons/lif-cond.js';
import { isNative, NATIVE_MIN_NEURONS } from '../../src/neuro/neurons/native-state.js';
import { buildBrette } from '../../src/neuro/benchmarks/brette.js';
import { Generator } from '../../src/core/random.js';

type State = Record<string, Float64Array | Int32Array>;
/** The same state in plain js arrays, which always take the js loop. */
const plainCopy = (s: State): State => Object.fromEntries(Object.entries(s).map(([k, a]) => [k, a.slice()]));

function compare(name: string, init: () => State, step: (s: State, spikes: Uint8Array, fired: Int32Array) => number, targets: [string, string], scale: [number, number]): void {
  const n = NATIVE_MIN_NEURONS + 77;
  const fast = init();
  assert.ok(isNative(fast), `${name}: a population of ${n} keeps its state in wasm memory`);
  const g = new Generator(5);
  for (let i = 0; i < n; i++) (fast.v as Float64Array)[i] += g.uniform() * 12;
  const slow = plainCopy(fast);
  assert.ok(!isNative(slow));
  const sF = new Uint8Array(n), sS = new Uint8Array(n), fF = new Int32Array(n), fS = new Int32Array(n);
  let total = 0;
  for (let t = 0; t < 600; t++) {
    // Synaptic input as the network delivers it: into the state arrays from js.
    for (let q = 0; q < 40; q++) {
      const i = Math.floor(g.uniform() * n), w = g.uniform();
      for (const [st] of [[fast], [slow]]) { (st[targets[0]] as Float64Array)[i] += w * scale[0]; (st[targets[1]] as Float64Array)[(i * 7) % n] += w * scale[1]; }
    }
    sF.fill(0); sS.fill(0);
    const a = step(fast, sF, fF), b = step(slow, sS, fS);
    assert.equal(a, b, `${name} step ${t}: spike count`);
    assert.deepEqual(Array.from(fF.subarray(0, a)), Array.from(fS.subarray(0, b)), `${name} step ${t}: fired list`);
    assert.deepEqual(sF, sS, `${name} step ${t}: spike flags`);
    total += a;
  }
  for (const k of Object.keys(slow)) assert.deepEqual(Array.from(fast[k]), Array.from(slow[k]), `${name}: ${k} bit for bit after 600 steps`);
  assert.ok(total > 100, `${name}: ${total} spikes`);
}

test('LIF populations in wasm memory step bit for bit like the js loop (v, currents, refractory, spikes)', () => {
  const p: LifParams = { ...LIF_DEFAULTS, tauM: 20, tauSynE: 5, tauSynI: 10, vThresh: -50, vReset: -60, vRest: -49, tRef: 5 };
  compare('lif', () => lif.init(NATIVE_MIN_NEURONS + 77, p) as unknown as State,
    (s, spikes, fired) => lifStepEvents(p, s as never, null, 0.1, spikes, fired), ['iE', 'iI'], [6, -9]);
});

test('conductance LIF populations in wasm memory step bit for bit like the js forward-Euler loop', () => {
  const p: LifCondParams = { ...LIF_COND_DEFAULTS, cM: 200, gL: 10, vRest: -60, vReset: -60, vThresh: -50, tRef: 5, eE: 0, eI: -80, tauE: 5, tauI: 10, method: 'euler' };
  compare('lif-cond', () => lifCond.init(NATIVE_MIN_NEURONS + 77, p) as unknown as State,
    (s, spikes, fired) => lifCondStepEvents(p, s as never, null, 0.1, spikes, fired), ['gE', 'gI'], [60, 40]);
});

test('the Brette networks run their populations in wasm memory; a swapped-in array falls back to js', () => {
  const b = buildBrette('cuba', { n: 2000, seed: 2 });
  assert.ok(isNative(b.exc.state) && isNative(b.inh.state));
  const s = lif.init(NATIVE_MIN_NEURONS, LIF_DEFAULTS);
  s.v = new Float64Array(NATIVE_MIN_NEURONS).fill(LIF_DEFAULTS.vRest + 100);
  const spikes = new Uint8Array(NATIVE_MIN_NEURONS);
  assert.equal(lifStepEvents(LIF_DEFAULTS, s, null, 0.1, spikes, null), NATIVE_MIN_NEURONS, 'the replaced v array is the one read');
});
