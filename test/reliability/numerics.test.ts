import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, detectAnomaly, AnomalyError, manualSeed, randn, ValueError } from '../../src/core/index.js';
import { Sequential, Linear, ReLU, MSELoss } from '../../src/nn/index.js';
import { SGD, assertFiniteLoss, NonFiniteLossError, LossScaler } from '../../src/optim/index.js';
import { loadCheckpoint } from '../../src/io/index.js';
import { train } from './training-run.js';

function withAnomaly<T>(fn: () => T): T {
  detectAnomaly(true);
  try { return fn(); } finally { detectAnomaly(false); }
}

test('anomaly mode names the first op that produces NaN in the forward pass, not the ops after it', () => {
  manualSeed(0);
  const net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  const x = randn([5, 3]);
  // Linear outputs have both signs, so log yields NaN; exp and sum come after and are not blamed.
  assert.throws(() => withAnomaly(() => net.forward(x).log().exp().sum()),
    (e: Error) => e instanceof AnomalyError && /^anomaly: log produced NaN in its output \(shape \[5, 2\]/.test(e.message));
  assert.throws(() => withAnomaly(() => tensor([1, 100]).exp().mul(2)),
    (e: Error) => e instanceof AnomalyError && /^anomaly: exp produced Infinity in its output \(shape \[2\], flat index 1\)/.test(e.message));
  // Without anomaly mode the NaN flows on silently: that is what the mode is for.
  assert.ok(Number.isNaN(net.forward(x).log().exp().sum().item()));
});

test('anomaly mode names the op whose backward produces a non-finite gradient', () => {
  const x = tensor([0, 4], { requiresGrad: true });
  const y = withAnomaly(() => x.sqrt().mul(3).sum()); // forward is finite: sqrt(0) = 0
  assert.throws(() => withAnomaly(() => y.backward()),
    (e: Error) => e instanceof AnomalyError && /^anomaly: sqrt produced Infinity in its gradient \(shape \[2\], flat index 0\)/.test(e.message));
});

test('a diverging training loop stops on the first non-finite loss and the last checkpoint is the last good state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-nan-'));
  try {
    const ckpt = join(dir, 'ckpt.safetensors');
    let err: NonFiniteLossError | undefined;
    try { train({ seed: 1, totalSteps: 100, optimizer: 'sgd', lr: 1e3, ckpt, saveEvery: 1, backend: 'js' }); } catch (e) { err = e as NonFiniteLossError; }
    assert.ok(err instanceof NonFiniteLossError, 'training with lr 1e3 must stop');
    assert.match(err.message, new RegExp(`^training stopped: the loss is (NaN|-?Infinity) at step ${err.step}, before the update was applied\\. The last good checkpoint is ${ckpt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; resume from it\\.`));
    const c = loadCheckpoint(ckpt);
    assert.equal(c.step, err.step, 'the checkpoint holds the last step that had a finite loss');
    for (const [k, t] of Object.entries(c.model)) assert.ok(t.data.every(Number.isFinite), `${k} holds a non-finite weight`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the same diverging run under anomaly mode names the op where the first Inf/NaN appears', (t) => {
  let err: Error | undefined;
  try { withAnomaly(() => train({ seed: 1, totalSteps: 100, optimizer: 'sgd', lr: 1e3, backend: 'js' })); } catch (e) { err = e as Error; }
  assert.ok(err instanceof AnomalyError, `expected AnomalyError, got ${err?.name}: ${err?.message}`);
  assert.match(err.message, /^anomaly: \w+ produced (NaN|-?Infinity) in its (output|gradient)/);
  t.diagnostic(err.message);
});

test('assertFiniteLoss passes finite values through and names epoch and step otherwise', () => {
  assert.equal(assertFiniteLoss(tensor(0.25)), 0.25);
  assert.throws(() => assertFiniteLoss(NaN, { epoch: 2, step: 31 }), (e: Error) => e instanceof NonFiniteLossError && /the loss is NaN at epoch 2, step 31/.test(e.message));
});

function tinyProblem() {
  manualSeed(4);
  const net = new Linear(3, 2);
  const opt = new SGD(net.parameters(), { lr: 0.1 });
  const x = randn([6, 3]), y = randn([6, 2]);
  return { net, opt, loss: () => new MSELoss().forward(net.forward(x), y) };
}

test('LossScaler: scaled backward + unscale gives exactly the unscaled gradients and the same step', () => {
  const a = tinyProblem(), b = tinyProblem();
  a.loss().backward(); a.opt.step();
  const scaler = new LossScaler({ initScale: 2 ** 10 });
  scaler.scale(b.loss()).backward();
  assert.equal(scaler.step(b.opt), true);
  scaler.update();
  for (const [k, t] of Object.entries(a.net.stateDict())) assert.deepEqual(Array.from(b.net.stateDict()[k].data), Array.from(t.data), k);
});

test('LossScaler: an overflowing step is skipped and the scale backs off; clean steps grow it', () => {
  const p = tinyProblem();
  const scaler = new LossScaler({ initScale: 2 ** 127, growthInterval: 2 });
  const before = p.net.weight.toFlatArray();
  p.opt.zeroGrad();
  scaler.scale(p.loss().mul(1e3)).backward(); // 2^127 × 1e3 × loss overflows float32
  assert.equal(scaler.step(p.opt), false);
  scaler.update();
  assert.deepEqual(p.net.weight.toFlatArray(), before, 'weights untouched after an overflow');
  assert.equal(scaler.getScale(), 2 ** 126);
  const s2 = new LossScaler({ initScale: 8, growthInterval: 2 });
  for (let i = 0; i < 2; i++) { p.opt.zeroGrad(); s2.scale(p.loss()).backward(); assert.ok(s2.step(p.opt)); s2.update(); }
  assert.equal(s2.getScale(), 16);
  const s3 = new LossScaler(); s3.loadStateDict(s2.stateDict());
  assert.deepEqual(s3.stateDict(), { scale: 16, goodSteps: 0 });
  assert.throws(() => new LossScaler({ backoffFactor: 2 }), (e: Error) => e instanceof ValueError && /backoffFactor must be in \(0, 1\), got 2/.test(e.message));
  assert.throws(() => new LossScaler().update(), /call step\(optimizer\) first/);
});
