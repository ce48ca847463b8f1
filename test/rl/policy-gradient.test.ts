import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { Generator, manualSeed } from '../../src/core/random.js';
import { ShapeError } from '../../src/core/errors.js';
import { ActorCritic } from '../../src/rl/deep/actor-critic.js';
import { policyGradientLoss } from '../../src/rl/deep/pg-loss.js';
import { returnsToGo, reinforceTargets, runEpisode, Episode } from '../../src/rl/deep/reinforce.js';
import { a2cUpdate, trainA2c, A2C_CARTPOLE } from '../../src/rl/deep/a2c.js';
import { makeEnv } from '../../src/rl/registry.js';
import { collectRollout } from '../../src/rl/deep/rollout.js';
import { RMSprop } from '../../src/optim/rmsprop.js';
import { Env, ResetResult, StepResult } from '../../src/rl/env.js';
import { Box, Discrete } from '../../src/rl/spaces.js';
import { TimeLimit } from '../../src/rl/time-limit.js';
import { SyncVectorEnv } from '../../src/rl/vector.js';
import { CartPole } from '../../src/rl/envs/cartpole.js';
import { assertClose } from '../helpers.js';

/** A one-network-layer actor-critic with chosen weights: logits = [x, −x], V = x / 2. */
function tinyActorCritic(): ActorCritic {
  const ac = new ActorCritic(1, 2, []);
  const [aw, ab] = ac.actor.parameters(), [cw, cb] = ac.critic.parameters();
  aw.data.set([1, -1]); ab.data.set([0, 0]); cw.data.set([0.5]); cb.data.set([0]);
  return ac;
}

test('policy-gradient loss and its gradient match a hand computation on two steps', () => {
  const ac = tinyActorCritic();
  const obs = new Tensor(new Float32Array([1, 2]), [2, 1]);
  const A = [2, -1], R = [1, 0];
  // Row 1: logits [1, −1], action 0; row 2: logits [2, −2], action 1. V = [0.5, 1].
  const lse = (z: number) => Math.log(Math.exp(z) + Math.exp(-z));
  const lp1 = 1 - lse(1), lp2 = -2 - lse(2);
  const pi = [[Math.exp(1 - lse(1)), Math.exp(-1 - lse(1))], [Math.exp(2 - lse(2)), Math.exp(-2 - lse(2))]];
  const H = pi.map((p) => -p.reduce((s, q) => s + q * Math.log(q), 0));
  const policyLoss = -(A[0] * lp1 + A[1] * lp2) / 2, valueLoss = ((0.5 - 1) ** 2 + (1 - 0) ** 2) / 2;
  const out = policyGradientLoss(ac, obs, new Int32Array([0, 1]), A, R, { vfCoef: 0.5, entCoef: 0.01 });
  assertClose(out.policyLoss, policyLoss, { atol: 1e-6, rtol: 1e-5 });
  assertClose(out.valueLoss, valueLoss, { atol: 1e-6, rtol: 1e-5 });
  assertClose(out.entropy, (H[0] + H[1]) / 2, { atol: 1e-6, rtol: 1e-5 });
  assertClose(out.loss.item(), policyLoss + 0.5 * valueLoss - 0.01 * (H[0] + H[1]) / 2, { atol: 1e-6, rtol: 1e-5 });

  // Without the entropy term: ∂L/∂logits_t = −A_t (onehot(a_t) − π_t) / n, and ∂L/∂V_t = c_v · 2 (V_t − R_t) / n.
  const ac2 = tinyActorCritic();
  policyGradientLoss(ac2, obs, new Int32Array([0, 1]), A, R, { vfCoef: 0.5, entCoef: 0 }).loss.backward();
  const gLogits = [0, 1].map((t) => [0, 1].map((k) => -A[t] * ((k === [0, 1][t] ? 1 : 0) - pi[t][k]) / 2));
  const actorBias = ac2.actor.parameters()[1].grad!.data, actorW = ac2.actor.parameters()[0].grad!.data;
  assertClose(actorBias, [gLogits[0][0] + gLogits[1][0], gLogits[0][1] + gLogits[1][1]], { atol: 1e-6, rtol: 1e-5 });
  assertClose(actorW, [gLogits[0][0] * 1 + gLogits[1][0] * 2, gLogits[0][1] * 1 + gLogits[1][1] * 2], { atol: 1e-6, rtol: 1e-5 });
  assertClose(ac2.critic.parameters()[1].grad!.data, [0.5 * (2 * (0.5 - 1) + 2 * (1 - 0)) / 2], { atol: 1e-6, rtol: 1e-5 });
  assert.throws(() => policyGradientLoss(ac2, obs, new Int32Array([0]), [1], [1], { vfCoef: 0.5, entCoef: 0 }), ShapeError);
});

test('returns-to-go by hand, starting from the bootstrap', () => {
  assertClose(returnsToGo([1, 1, 1], 0.5, 0), [1.75, 1.5, 1], { atol: 1e-12, rtol: 0 });
  assertClose(returnsToGo([0, 2], 0.9, 10), [0.9 * (2 + 9), 2 + 9], { atol: 1e-12, rtol: 0 });
});

test('REINFORCE: a truncated episode bootstraps from V(final obs), a terminated one from 0', () => {
  const ac = tinyActorCritic(); // V(x) = x / 2
  const base = { obs: [new Float32Array([1]), new Float32Array([2])], actions: new Int32Array([0, 1]), rewards: Float64Array.from([1, 1]), finalObs: new Float32Array([4]) };
  const truncated: Episode = { ...base, terminated: false, truncated: true };
  const terminated: Episode = { ...base, terminated: true, truncated: false };
  const tr = reinforceTargets(ac, [truncated], 0.9), te = reinforceTargets(ac, [terminated], 0.9);
  assertClose(tr.returns, [1 + 0.9 * (1 + 0.9 * 2), 1 + 0.9 * 2], { atol: 1e-6, rtol: 0 });
  assertClose(te.returns, [1.9, 1], { atol: 1e-12, rtol: 0 });
  assertClose(te.advantages, [1.9 - 0.5, 1 - 1], { atol: 1e-6, rtol: 0 });
  // Both flags (a terminal state reached on the last allowed step): termination wins, no bootstrap.
  assertClose(reinforceTargets(ac, [{ ...base, terminated: true, truncated: true }], 0.9).returns, [1.9, 1], { atol: 1e-12, rtol: 0 });
});

test('runEpisode stops at a time limit with the truncated flag and the final observation', () => {
  manualSeed(0);
  const ac = new ActorCritic(4, 2, [8]);
  const ep = runEpisode(new TimeLimit(new CartPole(), 3), ac, new Generator(0), 0);
  assert.equal(ep.actions.length, 3);
  assert.deepEqual([ep.terminated, ep.truncated], [false, true]);
  assert.equal(ep.finalObs.length, 4);
  assert.notDeepEqual(Array.from(ep.finalObs), Array.from(ep.obs[2]));
});

/** A corridor: observation [t], reward 1 per step; with `terminal` the episode terminates after 2 steps. */
class Corridor extends Env<Float32Array, number> {
  readonly id = 'Corridor';
  readonly observationSpace = new Box([0], [10]);
  readonly actionSpace = new Discrete(2);
  private t = 0;
  constructor(private readonly terminal: boolean) { super(); }
  protected resetImpl(): ResetResult<Float32Array> { this.t = 0; return { obs: new Float32Array([0]), info: {} }; }
  protected stepImpl(): StepResult<Float32Array> {
    this.t++;
    return { obs: new Float32Array([this.t]), reward: 1, terminated: this.terminal && this.t === 2, truncated: false, info: {} };
  }
  render(): string { return `t=${this.t}`; }
  renderSvg(): string { return '<svg xmlns="http://www.w3.org/2000/svg"/>'; }
}

test('A2C n-step targets: V(s_{t+n}) at the rollout end, V(final obs) at a truncation, 0 at a termination', () => {
  const gamma = 0.9;
  for (const terminal of [false, true]) {
    const ac = tinyActorCritic(); // V(x) = x / 2
    const venv = new SyncVectorEnv(() => (terminal ? new Corridor(true) : new TimeLimit(new Corridor(false), 2)), 1);
    const state = { obs: venv.reset({ seed: 0 }).obs, running: new Float64Array(1) };
    const ro = collectRollout(venv, ac, state, 3, gamma, 1, new Generator(0));
    // Steps from t=0, t=1 (episode ends on reaching t=2), then t=0 of the next episode, cut by the rollout at t=1.
    const R1 = 1 + (terminal ? 0 : gamma * 1), R0 = 1 + gamma * R1, R2 = 1 + gamma * 0.5;
    assertClose(ro.returns, [R0, R1, R2], { atol: 1e-6, rtol: 0 }, `terminal=${terminal}`);
    assertClose(ro.advantages, [R0 - 0, R1 - 0.5, R2 - 0], { atol: 1e-6, rtol: 0 });
    const opt = new RMSprop(ac.parameters(), { lr: 1e-3 });
    const before = Array.from(ac.critic.parameters()[0].data);
    const terms = a2cUpdate(ac, opt, ro, { ...A2C_CARTPOLE, numEnvs: 1, nSteps: 3 });
    assert.ok(Number.isFinite(terms.policyLoss) && terms.valueLoss > 0);
    assert.notDeepEqual(Array.from(ac.critic.parameters()[0].data), before, 'one gradient step moved the critic');
  }
});

// ALCHEMY_LONG_TESTS=1 adds a 25k-step CartPole-v1 run (about 10 s on one free core).
const LONG = process.env.ALCHEMY_LONG_TESTS === '1';

test('A2C lifts CartPole-v1 far above random play (about 22) within 25k steps', { skip: !LONG && 'set ALCHEMY_LONG_TESTS=1' }, async () => {
  manualSeed(0);
  const res = await trainA2c(() => makeEnv('CartPole-v1'), {}, { totalSteps: 25_000, seed: 0, evalEvery: 5000, evalEpisodes: 10, solveEpisodes: 20 });
  assert.ok(Math.max(...res.evalReturns) >= 200, `greedy returns ${res.evalReturns.join(', ')}`);
});
