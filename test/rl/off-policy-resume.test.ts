import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, manualSeed } from '../../src/core/random.js';
import { makeEnv } from '../../src/rl/registry.js';
import { DqnAgent, dqnLearner } from '../../src/rl/deep/dqn.js';
import { trainOffPolicy, type OffPolicyLearner } from '../../src/rl/deep/train-loop.js';
import { cartpoleDqn } from '../../src/experiments/rl/cartpole-dqn.js';
import { stoppingContext, timeless } from '../experiments/common/ctx.js';

const agentFor = () => { manualSeed(5); return new DqnAgent(4, 2, { hidden: [16], bufferSize: 2000, learningStarts: 200, targetUpdateInterval: 100, epsDecaySteps: 800 }, new Generator(5)); };
const opts = { totalSteps: 1500, seed: 5, evalEvery: 500, evalEpisodes: 2 };
const weights = (a: DqnAgent) => a.q.parameters().map((p) => Array.from(p.data));

/** Off-policy training with Ctrl-C pressed after `stopAt` env steps. */
async function run(checkpoint: string | null, stopAt = Infinity) {
  const agent = agentFor(), ac = new AbortController();
  const inner = dqnLearner(agent);
  let steps = 0;
  const learner: OffPolicyLearner = { ...inner, observe: (...a) => { if (++steps === stopAt) ac.abort(); return inner.observe(...a); } };
  const res = await trainOffPolicy(makeEnv('CartPole-v1'), makeEnv('CartPole-v1'), learner, { ...opts, signal: ac.signal, checkpoint, saveEverySeconds: 3600 });
  return { res, agent };
}

test('off-policy training stopped with Ctrl-C finishes the episode, saves, and resumes to the unbroken run', async () => {
  const whole = await run(null);
  assert.equal(whole.res.envSteps, 1500);
  for (const stopAt of [150, 700]) {
    const dir = mkdtempSync(join(tmpdir(), 'dqn-'));
    try {
      const path = join(dir, 'ck.safetensors');
      const first = await run(path, stopAt);
      assert.ok(existsSync(path), 'a checkpoint after the stop');
      assert.ok(first.res.envSteps >= stopAt && first.res.envSteps < 1500, `stopped at the end of the running episode: ${first.res.envSteps}`);
      assert.equal(first.res.episodeEndSteps.at(-1), first.res.envSteps, 'the stop falls on an episode end');
      const again = await run(path);
      assert.deepEqual(weights(again.agent), weights(whole.agent), `stopped at ${stopAt}: weights`);
      for (const k of ['evalSteps', 'evalReturns', 'episodeReturns', 'episodeEndSteps', 'envSteps', 'solvedAt', 'finalEvalReturn'] as const) {
        assert.deepEqual(again.res[k], whole.res[k], `stopped at ${stopAt}: ${k}`);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});

test('a run killed between periodic saves resumes from the last one to the unbroken result', async () => {
  const whole = await run(null);
  const dir = mkdtempSync(join(tmpdir(), 'dqn-'));
  try {
    const path = join(dir, 'ck.safetensors');
    const agent = agentFor(), inner = dqnLearner(agent);
    let steps = 0;
    const dying: OffPolicyLearner = { ...inner, observe: (...a) => { if (++steps === 900) throw new Error('killed'); return inner.observe(...a); } };
    await assert.rejects(trainOffPolicy(makeEnv('CartPole-v1'), makeEnv('CartPole-v1'), dying, { ...opts, checkpoint: path, saveEverySeconds: 0 }), /killed/);
    const again = agentFor();
    const res = await trainOffPolicy(makeEnv('CartPole-v1'), makeEnv('CartPole-v1'), dqnLearner(again), { ...opts, checkpoint: path, saveEverySeconds: 0 });
    assert.deepEqual(weights(again), weights(whole.agent));
    assert.deepEqual(res.episodeReturns, whole.res.episodeReturns);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('cartpole-dqn resumes from its run folder to the metrics of an unbroken run', async () => {
  const config = { ...cartpoleDqn.defaults, ...cartpoleDqn.smoke };
  // Ctrl-C at the first evaluation (the progress bar ticks there).
  const metrics = async (outDir: string | null, stopAtEval = false) =>
    timeless((await cartpoleDqn.run(stoppingContext(config, { outDir, seed: 0 }, stopAtEval ? { bar: 'env steps', at: 1 } : undefined))).metrics);
  const whole = await metrics(null);
  const dir = mkdtempSync(join(tmpdir(), 'dqn-exp-'));
  try {
    const first = await metrics(dir, true);
    assert.ok((first.envSteps as number) < (whole.envSteps as number), 'the first run stopped early');
    assert.ok(existsSync(join(dir, 'checkpoint-dqn.safetensors')));
    assert.deepEqual(await metrics(dir), whole);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
