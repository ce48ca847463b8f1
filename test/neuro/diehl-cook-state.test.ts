import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator } from '../../src/core/random.js';
import { DiehlCook, type DiehlCookConfig, type DiehlCookState } from '../../src/neuro/benchmarks/diehl-cook.js';
import { saveCheckpoint, loadCheckpoint } from '../../src/io/checkpoint-file.js';

function bars(seed: number): Float64Array {
  const g = new Generator(seed), img = new Float64Array(784);
  const c0 = 4 + Math.floor(g.uniform() * 20);
  for (let r = 4; r < 24; r++) for (let c = c0; c < c0 + 3; c++) img[r * 28 + c] = 100 + Math.floor(g.uniform() * 155);
  return img;
}

function snapshot(dc: DiehlCook) {
  return { w: Float64Array.from(dc.weights), theta: Float64Array.from(dc.exc.theta), v: Float64Array.from(dc.exc.v), time: dc.time, step: dc.step, events: dc.synapticEvents };
}

test('DiehlCook state saved through a checkpoint file continues bit for bit (with and without delays, spikes in flight across the save)', () => {
  const cases: Partial<DiehlCookConfig>[] = [
    { nExc: 10, tPresent: 60, tRest: 40, inputDelayMax: 10 },
    { nExc: 10, tPresent: 60, tRest: 40, inputDelayMax: 0 },
    // A 3 ms rest is shorter than the delays: spikes are still on their way when the state is saved.
    { nExc: 10, tPresent: 60, tRest: 3, inputDelayMax: 10 },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'dc-state-'));
  try {
    for (const cfg of cases) {
      const a = new DiehlCook(cfg, new Generator(7));
      for (let e = 0; e < 6; e++) a.present(bars(e), true);
      const path = join(dir, 'ck.safetensors');
      saveCheckpoint(path, { model: {}, epoch: 0, step: 6, extra: { network: a.stateDict() as unknown as Record<string, unknown> } });
      // Built from another seed: everything that matters must come from the file.
      const b = new DiehlCook(cfg, new Generator(99));
      b.loadStateDict(loadCheckpoint(path).extra!.network as DiehlCookState);
      for (let e = 6; e < 12; e++) {
        const learn = e < 10;
        assert.deepEqual(Array.from(b.present(bars(e), learn)), Array.from(a.present(bars(e), learn)), `${JSON.stringify(cfg)}: image ${e}`);
      }
      assert.deepEqual(snapshot(b), snapshot(a), JSON.stringify(cfg));
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('DiehlCook.loadStateDict rejects another configuration and damaged states, and leaves the network untouched', () => {
  const src = new DiehlCook({ nExc: 8, tPresent: 40 }, new Generator(1));
  src.present(bars(1), true);
  const good = src.stateDict();
  const target = new DiehlCook({ nExc: 8, tPresent: 40 }, new Generator(2));
  const before = snapshot(target);
  const bad: [string, DiehlCookState, RegExp][] = [
    ['another size', new DiehlCook({ nExc: 9, tPresent: 40 }, new Generator(1)).stateDict(), /nExc = 9.*has 8/],
    ['another delay', new DiehlCook({ nExc: 8, tPresent: 40, inputDelayMax: 5 }, new Generator(1)).stateDict(), /inputDelayMax = 5/],
    ['not a state', { ...good, format: 'x' } as unknown as DiehlCookState, /not a Diehl & Cook network state/],
    ['short weights', { ...good, arrays: { ...good.arrays, weights: good.arrays.weights.subarray(8) } }, /'weights' is missing or has the wrong type or size/],
    ['NaN weight', { ...good, arrays: { ...good.arrays, weights: new Float64Array(784 * 8).fill(NaN) } }, /'weights' holds NaN/],
    ['fired out of range', { ...good, arrays: { ...good.arrays, fired: Int32Array.from({ length: 8 }, () => 50) }, scalars: { ...good.scalars, nFired: 2 } }, /'fired' names neuron 50 of 8/],
    ['negative time', { ...good, scalars: { ...good.scalars, time: -1 } }, /scalar 'time' is -1/],
  ];
  for (const [name, state, msg] of bad) {
    assert.throws(() => target.loadStateDict(state), msg, name);
    assert.deepEqual(snapshot(target), before, `${name}: the network changed`);
  }
  target.loadStateDict(good);
  assert.deepEqual(snapshot(target), snapshot(src));
});

test('DiehlCook.loadDelays takes the delays a network was trained with and rejects ones it cannot hold', () => {
  const a = new DiehlCook({ nExc: 6, tPresent: 40 }, new Generator(1)), b = new DiehlCook({ nExc: 6, tPresent: 40 }, new Generator(2));
  b.weights.set(a.weights);
  b.loadDelays(a.delays.steps);
  assert.deepEqual(b.delays.steps, a.delays.steps);
  assert.throws(() => b.loadDelays(new Int32Array(10)), /10 delays for 784 × 6 = 4704 synapses/);
  assert.throws(() => b.loadDelays(new Int32Array(4704).fill(20)), /delay 20 at 0 is outside 0..19 steps/);
  assert.throws(() => b.loadDelays(new Float64Array(4704).fill(0.5)), /delay 0.5 at 0/);
});
