import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { manualSeed } from '../../src/core/random.js';
import { randn, randint } from '../../src/core/creation.js';
import { Linear } from '../../src/nn/linear.js';
import { ReLU } from '../../src/nn/activation.js';
import { Sequential } from '../../src/nn/containers.js';
import { CrossEntropyLoss } from '../../src/nn/loss.js';
import { Adam } from '../../src/optim/adam.js';

test('training an MLP for thousands of steps on wasm keeps resident memory flat', () => {
  const prev = getBackend();
  setBackend('wasm');
  try {
    manualSeed(0);
    const model = new Sequential(new Linear(128, 64), new ReLU(), new Linear(64, 10));
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const lossFn = new CrossEntropyLoss();
    const x = randn([64, 128]), y = randint(0, 10, [64]);
    const step = () => {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    };
    let first = 0;
    for (let i = 0; i < 300; i++) first = step();
    const before = process.memoryUsage().rss;
    let last = 0;
    for (let i = 0; i < 2000; i++) last = step();
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    // Every step allocates fresh tensors; without leaks they are reclaimed and the arena is reused.
    assert.ok(grown < 48, `resident memory grew by ${grown.toFixed(1)} MiB over 2000 steps`);
    assert.ok(last < first, `loss should fall while memorising a fixed batch: ${first} -> ${last}`);
  } finally { setBackend(prev); }
});
