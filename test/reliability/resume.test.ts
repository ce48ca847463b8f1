import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../../src/io/index.js';
import { train, weightsOf } from './training-run.js';

const SEED = 3, TOTAL = 60, NEVER = 1e9;
// 120 samples in batches of 16: 8 batches per epoch, so step 8 ends an epoch and 13 is mid-epoch.
const unbroken = train({ seed: SEED, totalSteps: TOTAL, backend: 'js' });

function interruptedAt(k: number, edit?: (c: ReturnType<typeof loadCheckpoint>) => void): ReturnType<typeof train> {
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-resume-'));
  try {
    const ckpt = join(dir, 'ckpt.safetensors');
    train({ seed: SEED, totalSteps: TOTAL, ckpt, saveEvery: k, stopAfter: k, backend: 'js' });
    if (edit) { const c = loadCheckpoint(ckpt); edit(c); saveCheckpoint(ckpt, c); }
    // A fresh run: new model, optimizer, scheduler and loader, all restored from the file.
    return train({ seed: SEED, totalSteps: TOTAL, ckpt, saveEvery: NEVER, backend: 'js' });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

for (const k of [1, 8, 13, 50]) {
  test(`a run interrupted after step ${k} and resumed from its checkpoint ends with bit-identical weights`, () => {
    const resumed = interruptedAt(k);
    assert.equal(resumed.step, TOTAL);
    assert.deepEqual(resumed.losses, unbroken.losses.slice(k), 'losses after the resume');
    assert.deepEqual(weightsOf(resumed.model), weightsOf(unbroken.model));
  });
}

test('each saved piece matters: dropping the RNG, loader or optimizer state breaks bit-identity', () => {
  const ref = weightsOf(unbroken.model);
  const without = {
    rng: interruptedAt(13, (c) => { delete c.rng; }),
    loader: interruptedAt(13, (c) => { delete c.extra; c.extra = { loader: { epoch: 0, batch: 0, generator: { s: [1, 2, 3, 4], spare: null }, order: null } }; }),
    optimizer: interruptedAt(13, (c) => { delete c.optimizer; }),
  };
  for (const [piece, r] of Object.entries(without)) assert.notDeepEqual(weightsOf(r.model), ref, `resuming without the ${piece} state should change the result`);
});
