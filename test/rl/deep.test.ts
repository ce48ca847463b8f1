import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { ShapeError } from '../../src/core/errors.js';
import { gae } from '../../src/rl/deep/gae.js';
import { ReplayBuffer } from '../../src/rl/deep/replay-buffer.js';
import { DqnAgent } from '../../src/rl/deep/dqn.js';
import { ActorCritic } from '../../src/rl/deep/actor-critic.js';
import { collectRollout } from '../../src/rl/deep/rollout.js';
import { SyncVectorEnv } from '../../src/rl/vector.js';
import { TimeLimit } from '../../src/rl/time-limit.js';
import { CartPole } from '../../src/rl/envs/cartpole.js';
import { assertClose } from '../helpers.js';

test('GAE by hand: advantages stop at episode ends; a truncated step bootstraps from V(final obs)', () => {
  // Steps 0,1 form one episode truncated at step 1 (V(final) = 2); step 2 starts a new one that terminates.
  const { advantages, returns } = gae([1, 1, 1], [0.5, 0.5, 0.5], [0.5, 2, 0], [0, 1, 1], 0.9, 0.5);
  const d1 = 1 + 0.9 * 2 - 0.5, d0 = 1 + 0.9 * 0.5 - 0.5, d2 = 1 - 0.5;
  assertClose(advantages, [d0 + 0.45 * d1, d1, d2], { atol: 1e-12, rtol: 0 });
  assertClose(returns, [d0 + 0.45 * d1 + 0.5, d1 + 0.5, d2 + 0.5], { atol: 1e-12, rtol: 0 });
  assert.throws(() => gae([1], [1, 2], [0], [0], 0.9, 0.9), ShapeError);
});

const huber = (d: number) => (Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5);

test('DQN target: a truncated transition bootstraps from Q(s\', ·), a terminated one does not', () => {
  for (const terminated of [false, true]) {
    const agent = new DqnAgent(2, 2, { hidden: [4], batchSize: 1, learningStarts: 1e9, gamma: 0.9 }, new Generator(0));
    const s = new Float32Array([0.1, 0.2]), next = new Float32Array([0.3, -0.2]);
    agent.observe(s, 1, 0.5, next, terminated); // stored only (learning has not started)
    const qS = agent.qValues(s), qN = agent.qValues(next); // online = target at initialisation
    const target = 0.5 + (terminated ? 0 : 0.9 * Math.max(qN[0], qN[1]));
    assertClose(agent.trainStep(), huber(qS[1] - target), { atol: 1e-6, rtol: 1e-5 }, `terminated=${terminated}`);
  }
});

test('replay buffer keeps the terminated flag and wraps around at capacity', () => {
  const buf = new ReplayBuffer(2, 1);
  buf.add([1], 0, 1, [2], false); buf.add([2], 1, 2, [3], true); buf.add([3], 0, 3, [4], false);
  assert.equal(buf.size, 2);
  const b = buf.sample(200, new Generator(0));
  for (let i = 0; i < 200; i++) {
    assert.ok(b.obs[i] === 2 || b.obs[i] === 3, 'the oldest transition was overwritten');
    assert.equal(b.terminated[i], b.obs[i] === 2 ? 1 : 0);
  }
  assert.throws(() => buf.add([1, 2], 0, 0, [1], false), ShapeError);
});

test('an observation of the wrong shape fed to a deep agent names both lengths', () => {
  const agent = new DqnAgent(4, 2, {}, new Generator(0));
  assert.throws(() => agent.act(new Float32Array(3), 0), (e: Error) => e instanceof ShapeError && /observation 0 is Float32Array\(3\).*takes vectors of length 4/.test(e.message));
  assert.throws(() => agent.act(new Float32Array(6), 1), ShapeError);
  const ac = new ActorCritic(4, 2);
  assert.throws(() => ac.sample([new Float32Array(2)], new Generator(0)), ShapeError);
});

test('rollouts bootstrap truncated episodes from the final observation\'s value', () => {
  const venv = new SyncVectorEnv(() => new TimeLimit(new CartPole(), 3), 2);
  const ac = new ActorCritic(4, 2, [8]);
  const state = { obs: venv.reset({ seed: 0 }).obs, running: new Float64Array(2) };
  const ro = collectRollout(venv, ac, state, 3, 0.9, 1, new Generator(0));
  // Three steps then truncation: with λ = 1 the return of step 0 is r0 + γ r1 + γ² r2 + γ³ V(final obs).
  assert.equal(ro.finishedReturns.length, 2);
  assert.deepEqual(ro.finishedReturns, [3, 3]);
  for (let i = 0; i < 2; i++) {
    const vFinal = ro.returns[2 * 2 + i] - 1; // step 2: R = 1 + γ V(final)
    assertClose(ro.returns[i], 1 + 0.9 + 0.81 * (1 + vFinal), { atol: 1e-5, rtol: 1e-5 });
    assert.ok(Math.abs(vFinal) > 1e-4, 'a truncation bootstraps from a nonzero value');
  }
});
