import { Env } from '../env.js';
import { RMSprop } from '../../optim/rmsprop.js';
import { ActorCritic } from './actor-critic.js';
import { Rollout } from './rollout.js';
import { policyGradientStep, PgLossCoefs } from './pg-loss.js';
import { trainOnPolicy, OnPolicyRunResult, RolloutShape } from './on-policy.js';
import type { TrainLoopOptions } from './eval-schedule.js';

export interface A2cConfig extends RolloutShape, PgLossCoefs {
  lr: number;
  /** RMSprop smoothing constant and epsilon (Mnih et al. 2016 use RMSprop). */
  rmsAlpha: number;
  rmsEps: number;
  maxGradNorm: number;
}

/**
 * Stable-Baselines3's A2C settings as rl-baselines3-zoo runs them on CartPole-v1: 8 copies × 5 steps,
 * n-step returns (GAE λ = 1), γ 0.99, RMSprop lr 7e-4, value weight 0.5, no entropy bonus, gradient norm 0.5.
 */
export const A2C_CARTPOLE: A2cConfig = {
  numEnvs: 8, nSteps: 5, gamma: 0.99, gaeLambda: 1, hidden: [64, 64],
  lr: 7e-4, rmsAlpha: 0.99, rmsEps: 1e-5, vfCoef: 0.5, entCoef: 0, maxGradNorm: 0.5,
};

/**
 * One synchronous advantage actor-critic update (Mnih et al. 2016, Algorithm S3 with synchronous
 * workers): a single gradient step on the policy-gradient loss over the whole rollout. With λ = 1 the
 * rollout's advantages are n-step returns minus V(s_t), bootstrapped from V(s_{t+n}), or from
 * V(final observation) after a truncation, or from 0 after a termination. Returns the loss terms.
 *
 * @example
 * a2cUpdate(ac, opt, collectRollout(venv, ac, state, 5, 0.99, 1, gen), A2C_CARTPOLE);
 */
export function a2cUpdate(ac: ActorCritic, opt: RMSprop, ro: Rollout, c: A2cConfig): { policyLoss: number; valueLoss: number; entropy: number } {
  return policyGradientStep(ac, opt, ac.batch(ro.obs), ro.actions, ro.advantages, ro.returns, c);
}

/**
 * Trains A2C on vectorised copies made by `makeEnv` for `totalSteps` env steps, evaluating the greedy
 * policy every `evalEvery` steps (and stopping once solved, when `solveReturn` is given).
 *
 * @example
 * const res = await trainA2c(() => makeEnv('CartPole-v1'), {}, { totalSteps: 50_000, seed: 0, evalEvery: 5000, evalEpisodes: 10 });
 */
export function trainA2c(makeEnv: () => Env<Float32Array, number>, config: Partial<A2cConfig>, o: TrainLoopOptions): Promise<OnPolicyRunResult & { agent: ActorCritic }> {
  const c = { ...A2C_CARTPOLE, ...config };
  return trainOnPolicy(makeEnv, c, (ac) => {
    const opt = new RMSprop(ac.parameters(), { lr: c.lr, alpha: c.rmsAlpha, eps: c.rmsEps });
    return (ro) => { a2cUpdate(ac, opt, ro, c); };
  }, o);
}
