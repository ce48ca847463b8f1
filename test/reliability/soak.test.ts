import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildBrette } from '../../src/neuro/benchmarks/brette.js';
import { manualSeed, randn, randint } from '../../src/core/index.js';
import { Sequential, Linear, ReLU } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/adam.js';
import { crossEntropy } from '../../src/nn/functional/loss.js';

// ALCHEMY_LONG_TESTS=1 runs the full soak of issue 11 (20k steps, 10 simulated minutes).
const LONG = process.env.ALCHEMY_LONG_TESTS === '1';
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const rssMb = (): number => { gc(); gc(); return process.memoryUsage().rss / 2 ** 20; };

test(`training ${LONG ? '20000' : '3000'} steps keeps resident memory flat`, { timeout: 1_800_000 }, (t) => {
  manualSeed(0);
  const model = new Sequential(new Linear(784, 64), new ReLU(), new Linear(64, 10));
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([32, 784]), y = randint(0, 10, [32]);
  const steps = LONG ? 20000 : 3000;
  let base = 0;
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
    opt.step();
    if (s === Math.floor(steps / 10)) base = rssMb();
  }
  const end = rssMb();
  t.diagnostic(`RSS after ${steps / 10} steps ${base.toFixed(1)} MB, after ${steps} steps ${end.toFixed(1)} MB`);
  assert.ok(end - base < 64, `resident memory grew by ${(end - base).toFixed(1)} MB`);
});

test(`the 4000-neuron Brette CUBA network for ${LONG ? '600' : '4'} simulated seconds keeps memory flat`, { timeout: 3_600_000 }, (t) => {
  const { net, excMonitor, inhMonitor } = buildBrette('cuba', { seed: 1 });
  const seconds = LONG ? 600 : 4;
  let base = 0, spikes = 0;
  for (let s = 0; s < seconds; s++) {
    net.run(1000);
    spikes += excMonitor.count + inhMonitor.count;
    // Monitors keep every spike on purpose; a long run drains them, as a user streaming results would.
    excMonitor.clear(); inhMonitor.clear();
    if (s === 0) base = rssMb();
  }
  const end = rssMb();
  t.diagnostic(`${seconds} s simulated, ${spikes} spikes (${(spikes / 4000 / seconds).toFixed(2)} Hz); RSS after 1 s ${base.toFixed(1)} MB, at the end ${end.toFixed(1)} MB`);
  assert.ok(end - base < 64, `resident memory grew by ${(end - base).toFixed(1)} MB`);
});
