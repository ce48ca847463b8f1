import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, randn, randint, Generator, ValueError, type Tensor } from '../../../src/core/index.js';
import * as nn from '../../../src/nn/index.js';
import * as optim from '../../../src/optim/index.js';
import { crossEntropy } from '../../../src/nn/functional/loss.js';
import { trainLoop, runCheckpoint, type TrainLoopOptions } from '../../../src/experiments/common/train-loop.js';
import { fitClassifier } from '../../../src/experiments/common/classify.js';
import { takeRows } from '../../../src/experiments/common/rows.js';
import { io } from '../../../src/index.js';
import { testContext } from './ctx.js';

const data = () => ({ x: randn([40, 6], { generator: new Generator(11) }), y: randint(0, 3, [40], { generator: new Generator(12) }) });

/** A model with dropout (draws from the global generator) and two modules, so resuming must restore every random stream. */
function setup(seed = 3) {
  manualSeed(seed);
  const net = new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(16, 3));
  const scale = new nn.Linear(3, 3);
  const opt = new optim.Adam([...net.parameters(), ...scale.parameters()], { lr: 1e-2 });
  const noise = new Generator(99);
  return { net, scale, opt, noise, tally: { rows: 0 } };
}

function options(s: ReturnType<typeof setup>, d: ReturnType<typeof data>, onStep: (step: number) => void = () => {}): TrainLoopOptions {
  return {
    label: 'toy', size: 40, epochs: 3, batchSize: 8, model: [s.net, s.scale], optimizer: s.opt, generators: { noise: s.noise },
    state: { save: () => ({ rows: s.tally.rows }), load: (st) => { s.tally.rows = st.rows as number; } },
    loss: (rows, at) => {
      onStep(at.step);
      s.tally.rows += rows.length;
      const x = takeRows(d.x, rows).add(randn([rows.length, 6], { generator: s.noise }).mul(0.05));
      return crossEntropy(s.scale.forward(s.net.forward(x)), takeRows(d.y, rows));
    },
  };
}

const weights = (s: ReturnType<typeof setup>) => [...s.net.parameters(), ...s.scale.parameters()].map((p) => Array.from(p.data));

test('an abort during a batch stops the loop before the next batch and saves a checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loop-'));
  try {
    const ac = new AbortController(), s = setup(), d = data();
    const path = join(dir, 'ck.safetensors');
    const hist = await trainLoop(testContext({}, { signal: ac.signal }), { ...options(s, d, (k) => { if (k === 6) ac.abort(); }), checkpoint: path });
    assert.equal(hist.steps, 7, 'the batch in progress finishes; no later batch starts');
    assert.equal(hist.stopped, true);
    assert.deepEqual(hist.epoch, [1], 'epoch 1 (5 batches) completed, epoch 2 was interrupted');
    assert.equal(io.loadCheckpoint(path).step, 7);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the loop yields to the event loop, so a timer can abort it mid-run', async () => {
  const ac = new AbortController(), s = setup(), d = data();
  setTimeout(() => ac.abort(), 150);
  const busy = () => { const t = performance.now(); while (performance.now() - t < 4) { /* a slow batch */ } };
  const hist = await trainLoop(testContext({}, { signal: ac.signal }), { ...options(s, d, busy), epochs: 100 });
  assert.ok(hist.stopped && hist.steps > 0 && hist.steps < 500, `stopped after ${hist.steps} of 500 steps`);
});

test('a run interrupted and resumed from its checkpoint ends with the weights of an uninterrupted run', async () => {
  const d = data();
  const whole = setup();
  const full = await trainLoop(testContext({}), options(whole, d));
  assert.equal(full.steps, 15);
  for (const stopAt of [2, 9]) {
    const dir = mkdtempSync(join(tmpdir(), 'loop-'));
    try {
      const path = join(dir, 'ck.safetensors'), ac = new AbortController();
      const first = setup();
      await trainLoop(testContext({}, { signal: ac.signal }), { ...options(first, d, (k) => { if (k === stopAt) ac.abort(); }), checkpoint: path });
      // A fresh process would rebuild the model from the same seed, then resume from the file.
      const again = setup();
      const ctx = testContext({});
      const rest = await trainLoop(ctx, { ...options(again, d), checkpoint: path });
      assert.match(ctx.logs[0], /resuming from .* at epoch \d, step \d+/);
      assert.equal(rest.steps, 15);
      assert.deepEqual(weights(again), weights(whole), `stopped after step ${stopAt}: resumed weights differ`);
      assert.deepEqual(rest.trainLoss, full.trainLoss, 'per-epoch losses survive the interruption');
      assert.equal(again.tally.rows, 120, 'state the loss accumulates is saved and handed back');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});

test('fitClassifier resumes from its run folder to the same weights', async () => {
  const d = data();
  const run = async (outDir: string | null, stopAfter = Infinity): Promise<Tensor[]> => {
    manualSeed(5);
    const net = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 3));
    const ac = new AbortController();
    let calls = 0;
    const lossFn = (l: Tensor, t: Tensor) => { if (++calls === stopAfter) ac.abort(); return crossEntropy(l, t); };
    await fitClassifier(net, new optim.SGD(net.parameters(), { lr: 0.1 }), d.x, d.y, testContext({}, { outDir, signal: ac.signal }), { epochs: 2, batchSize: 10, lossFn, test: { x: d.x, y: d.y } });
    return net.parameters();
  };
  const want = await run(null);
  const dir = mkdtempSync(join(tmpdir(), 'fit-'));
  try {
    await run(dir, 3);
    assert.ok(existsSync(join(dir, 'checkpoint.safetensors')));
    const got = await run(dir);
    got.forEach((p, i) => assert.deepEqual(Array.from(p.data), Array.from(want[i].data)));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a loop whose signal is already aborted does nothing and writes no checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loop-'));
  try {
    const ac = new AbortController();
    ac.abort();
    const s = setup(), before = weights(s);
    const hist = await trainLoop(testContext({}, { signal: ac.signal }), { ...options(s, data()), checkpoint: join(dir, 'ck.safetensors') });
    assert.equal(hist.steps, 0);
    assert.ok(hist.stopped && !existsSync(join(dir, 'ck.safetensors')));
    assert.deepEqual(weights(s), before);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a non-finite loss is a ValueError naming the loop and the step; a foreign checkpoint and a bad batch size are refused', async () => {
  const s = setup(), d = data();
  await assert.rejects(trainLoop(testContext({}), { ...options(s, d), loss: (rows) => takeRows(d.x, rows).sum().div(0) }), (e: Error) => e instanceof ValueError && /toy: .*Infinity at epoch 1, step 0/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'loop-'));
  try {
    const path = join(dir, 'ck.safetensors');
    io.saveCheckpoint(path, { model: s.net.stateDict(), epoch: 1, step: 1 });
    await assert.rejects(trainLoop(testContext({}), { ...options(setup(), d), model: s.net, checkpoint: path }), (e: Error) => e instanceof ValueError && /no training-loop state/.test(e.message));
  } finally { rmSync(dir, { recursive: true, force: true }); }
  await assert.rejects(trainLoop(testContext({}), { ...options(setup(), d), batchSize: 0 }), (e: Error) => e instanceof ValueError && /toy\): batchSize must be an integer >= 1, got 0/.test(e.message));
  assert.equal(runCheckpoint(testContext({}), 'x'), null);
  assert.match(runCheckpoint(testContext({}, { outDir: '/r' }), 'single parity')!, /checkpoint-single-parity\.safetensors$/);
});

test('a process that dies mid-epoch without Ctrl-C resumes from the periodic checkpoint to the weights of an unbroken run', async () => {
  const d = data();
  const whole = setup();
  await trainLoop(testContext({}), options(whole, d));
  for (const dieAt of [3, 7, 11]) {
    const dir = mkdtempSync(join(tmpdir(), 'loop-'));
    try {
      const path = join(dir, 'ck.safetensors');
      const first = setup();
      // An exception in the middle of a batch stands for a kill: nothing is saved on the way out.
      await assert.rejects(trainLoop(testContext({}), { ...options(first, d, (k) => { if (k === dieAt) throw new Error('killed'); }), checkpoint: path, saveEverySeconds: 0 }), /killed/);
      assert.ok(existsSync(path), `died at step ${dieAt}: a checkpoint from the batches before is there`);
      const again = setup();
      const ctx = testContext({});
      const rest = await trainLoop(ctx, { ...options(again, d), checkpoint: path, saveEverySeconds: 0 });
      assert.match(ctx.logs[0], new RegExp(`step ${dieAt}$`), 'resumed at the batch that died');
      assert.equal(rest.steps, 15);
      assert.deepEqual(weights(again), weights(whole), `died at step ${dieAt}: resumed weights differ`);
      assert.equal(again.tally.rows, 120);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});

test('trainLoop refuses a negative checkpoint interval', async () => {
  const s = setup(), d = data();
  await assert.rejects(trainLoop(testContext({}), { ...options(s, d), saveEverySeconds: -1 }), /saveEverySeconds must be >= 0, got -1/);
});
