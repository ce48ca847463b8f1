import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdpMnist } from '../../src/experiments/neuro/stdp-mnist.js';
import { stoppingContext, timeless } from '../experiments/common/ctx.js';

const config = { nExc: 12, trainImages: 24, labelImages: 16, testImages: 12, inputDelay: 10, synapseDecay: 'euler', seed: 3 };

/** Runs stdp-mnist, pressing Ctrl-C after `stop.at` images of the phase whose progress bar starts with `stop.bar`. */
async function run(outDir: string | null, stop?: { bar: string; at: number }) {
  const ctx = stoppingContext(config, { outDir, seed: 3 }, stop);
  const res = await stdpMnist.run(ctx);
  return { res, logs: ctx.logs };
}

test('stdp-mnist stopped in each phase resumes from its checkpoint to the results of an unbroken run', async () => {
  const whole = await run(null);
  assert.equal(whole.res.metrics.testImages, 12);
  for (const stop of [{ bar: 'training', at: 9 }, { bar: 'labelling', at: 5 }, { bar: 'testing', at: 4 }]) {
    const dir = mkdtempSync(join(tmpdir(), 'stdp-resume-'));
    try {
      const first = await run(dir, stop);
      assert.ok(existsSync(join(dir, 'checkpoint-network.safetensors')), `${stop.bar}: a checkpoint is written on stop`);
      assert.ok((first.res.metrics.testImages as number) < 12, `${stop.bar}: the first run stopped early`);
      const again = await run(dir);
      assert.match(again.logs[0], /resuming from .*checkpoint-network/);
      assert.deepEqual(timeless(again.res.metrics), timeless(whole.res.metrics), `stopped in ${stop.bar}`);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});
