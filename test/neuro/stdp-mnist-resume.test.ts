import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdpMnist } from '../../src/experiments/neuro/stdp-mnist.js';
import { testContext } from '../experiments/common/ctx.js';

const config = { nExc: 12, trainImages: 24, labelImages: 16, testImages: 12, inputDelay: 10, synapseDecay: 'euler', seed: 3 };

/** Runs stdp-mnist, pressing Ctrl-C after `stopAt` images of the phase whose progress bar starts with `phase`. */
async function run(outDir: string | null, stop?: { phase: string; at: number }) {
  const ac = new AbortController();
  const ctx = testContext(config, { outDir, signal: ac.signal, seed: 3 });
  ctx.progress = (label: string) => {
    let n = 0;
    return { tick: (k = 1) => { n += k; if (stop && label.startsWith(stop.phase) && n >= stop.at) ac.abort(); }, done: () => {} };
  };
  const res = await stdpMnist.run(ctx);
  return { res, logs: ctx.logs };
}

const timeless = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).filter(([k]) => !/seconds/i.test(k)));

test('stdp-mnist stopped in each phase resumes from its checkpoint to the results of an unbroken run', async () => {
  const whole = await run(null);
  assert.equal(whole.res.metrics.testImages, 12);
  for (const stop of [{ phase: 'training', at: 9 }, { phase: 'labelling', at: 5 }, { phase: 'testing', at: 4 }]) {
    const dir = mkdtempSync(join(tmpdir(), 'stdp-resume-'));
    try {
      const first = await run(dir, stop);
      assert.ok(existsSync(join(dir, 'checkpoint-network.safetensors')), `${stop.phase}: a checkpoint is written on stop`);
      assert.ok((first.res.metrics.testImages as number) < 12, `${stop.phase}: the first run stopped early`);
      const again = await run(dir);
      assert.match(again.logs[0], /resuming from .*checkpoint-network/);
      assert.deepEqual(timeless(again.res.metrics), timeless(whole.res.metrics), `stopped in ${stop.phase}`);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});
