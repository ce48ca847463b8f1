import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snnMnist } from '../../src/experiments/neuro/snn-mnist.js';
import { smokeContext } from '../rl/ctx.js';

const small = { ...snnMnist.defaults, ...snnMnist.smoke };

test('snn-mnist (mlp, smoke size): trains, counts synaptic events against the dense MACs, and draws its figures', async () => {
  const r = await snnMnist.run(smokeContext({ ...small, hidden: 32, steps: 5, trainLimit: 128, testLimit: 64 }, 1));
  const m = r.metrics;
  assert.equal(m.denseMacsPerInference, 784 * 32 + 32 * 10);
  // Input spikes alone drive 32 synapses each; hidden spikes add 10 each.
  const input = m.inputSynapticOpsPerInference as number, total = m.synapticOpsPerInference as number;
  assert.ok(Number.isInteger(input * 64 / 32), `input events over 64 test images, ${input * 64}, are a multiple of the fan-out 32`);
  assert.ok(total >= input);
  // Rate-coded MNIST: about 13% of pixel intensity per step, so 5 steps give roughly 0.13·784·5 input spikes.
  const spikesPerImage = input / 32;
  assert.ok(spikesPerImage > 300 && spikesPerImage < 800, `input spikes per image ${spikesPerImage}`);
  assert.equal(m.trainImages, 128);
  assert.ok(Number.isFinite(m.finalTrainLoss as number));
  const kinds = r.figures!.map((f) => f.kind);
  assert.ok(kinds.includes('line') && kinds.filter((k) => k === 'raster').length === 4, kinds.join(','));
});

test('snn-mnist (conv, tiny): 12C5-MP2-64C5-MP2-FC10 runs end to end with the conv MAC count', async () => {
  const r = await snnMnist.run(smokeContext({ ...small, arch: 'conv', steps: 3, batchSize: 16, trainLimit: 16, testLimit: 16 }, 2));
  // conv1: 12·24·24·25, conv2: 64·8·8·12·25, fc: 1024·10 multiply-accumulates per image.
  assert.equal(r.metrics.denseMacsPerInference, 12 * 24 * 24 * 25 + 64 * 8 * 8 * 12 * 25 + 1024 * 10);
  assert.equal(r.metrics.beta, 0.5);
  assert.match(String(r.metrics.surrogate), /fastSigmoid\(slope 25\)/);
});

test('snn-mnist stopped mid-epoch resumes from its checkpoint to the results of an unbroken run', async () => {
  const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { stoppingContext, timeless } = await import('../experiments/common/ctx.js');
  const cfg = { ...small, hidden: 24, steps: 4, batchSize: 16, trainLimit: 96, testLimit: 32 };
  // Ctrl-C after `stopAfter` batches of 16 training images.
  const run = async (outDir: string | null, stopAfter = Infinity) => (await snnMnist.run(stoppingContext(cfg, { outDir, seed: 4 }, { bar: 'training', at: stopAfter * 16 }))).metrics;
  const whole = await run(null);
  const dir = mkdtempSync(join(tmpdir(), 'snn-resume-'));
  try {
    const first = await run(dir, 2);
    assert.equal(first.testImages, 0, 'a stopped run skips the test');
    assert.ok(existsSync(join(dir, 'checkpoint-snn.safetensors')));
    assert.deepEqual(timeless(await run(dir)), timeless(whole));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
