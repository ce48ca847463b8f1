import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed } from '../../src/core/random.js';
import { trainAlphaZero } from '../../src/rl/alphazero/trainer.js';
import { tictactoeAlphazero } from '../../src/experiments/rl/tictactoe-alphazero.js';
import { stoppingContext, timeless } from '../experiments/common/ctx.js';

const small = { iterations: 4, gamesPerIteration: 5, simulations: 12, trainStepsPerIteration: 15 };

test('AlphaZero stopped inside a round resumes from the last whole round to the unbroken network', async () => {
  manualSeed(2);
  const whole = await trainAlphaZero(small, { seed: 2 });
  const want = whole.net.parameters().map((p) => Array.from(p.data));
  for (const stopAfterReads of [4, 15]) {
    const dir = mkdtempSync(join(tmpdir(), 'az-'));
    try {
      const path = join(dir, 'ck.safetensors'), ac = new AbortController();
      let reads = 0;
      // Abort from inside the run, at some read of the signal (once per game and per round), whatever round that falls in.
      const signal = { get aborted() { return ac.signal.aborted || ++reads > stopAfterReads; } } as AbortSignal;
      manualSeed(2);
      const first = await trainAlphaZero(small, { seed: 2, signal, checkpoint: path });
      assert.ok(first.history.length < 4, `the first run stopped early (${first.history.length} rounds)`);
      manualSeed(2);
      const again = await trainAlphaZero(small, { seed: 2, checkpoint: path });
      assert.deepEqual(again.net.parameters().map((p) => Array.from(p.data)), want, `stopped at signal read ${stopAfterReads}`);
      assert.deepEqual(again.history, whole.history);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});

test('tictactoe-alphazero resumes from its run folder to the metrics of an unbroken run', async () => {
  const config = { ...tictactoeAlphazero.defaults, ...tictactoeAlphazero.smoke, iterations: 3 };
  const metrics = async (outDir: string | null, stopAtRound = Infinity) =>
    timeless((await tictactoeAlphazero.run(stoppingContext(config, { outDir, seed: 0 }, { bar: 'self-play rounds', at: stopAtRound }))).metrics);
  const whole = await metrics(null);
  const dir = mkdtempSync(join(tmpdir(), 'az-exp-'));
  try {
    const first = await metrics(dir, 2);
    assert.equal(first.iterations, 2, 'stopped after round 2');
    assert.ok(existsSync(join(dir, 'checkpoint-alphazero.safetensors')));
    assert.deepEqual(await metrics(dir), whole);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
