import { Tensor } from '../../core/tensor.js';
import { Generator } from '../../core/random.js';
import { Adam } from '../../optim/adam.js';
import { clipGradNorm } from '../../optim/clip.js';
import { Env } from '../env.js';
import { ActorCritic } from './actor-critic.js';
import { Rollout } from './rollout.js';
import { trainOnPolicy, OnPolicyRunResult } from './on-policy.js';
import type { TrainLoopOptions } from './eval-schedule.js';

export interface PpoConfig {
  numEnvs: number;
  nSteps: number;
  epochs: number;
  minibatchSize: number;
  lr: number;
  gamma: number;
  gaeLambda: number;
  clip: number;
  entCoef: number;
  vfCoef: number;
  maxGradNorm: number;
  hidden: number[];
  /** Anneal lr and clip range linearly to 0 over training (rl-zoo's CartPole setting). */
  anneal: boolean;
}

/** rl-baselines3-zoo's CartPole-v1 PPO hyperparameters (8 envs × 32 steps, 20 epochs, GAE 0.8, γ 0.98). */
export const PPO_CARTPOLE: PpoConfig = {
  numEnvs: 8, nSteps: 32, epochs: 20, minibatchSize: 256, lr: 1e-3, gamma: 0.98, gaeLambda: 0.8, clip: 0.2,
  entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, hidden: [64, 64], anneal: true,
};

/**
 * One PPO update (Schulman et al. 2017, eq. 7 and 9): for `epochs` passes over shuffled minibatches,
 * minimise −min(ρA, clip(ρ, 1−ε, 1+ε)A) + c_v (V − R)² − c_e H, with advantages normalised per minibatch.
 * Setting epochs 1, one minibatch and a huge clip gives the A2C update (Mnih et al. 2016).
 * Returns the mean clip fraction.
 *
 * @example
 * ppoUpdate(ac, opt, rollout, PPO_CARTPOLE, 0.2, gen);
 */
export function ppoUpdate(ac: ActorCritic, opt: Adam, ro: Rollout, c: PpoConfig, clip: number, gen: Generator): number {
  const T = ro.actions.length;
  let clipped = 0, counted = 0;
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    const perm = gen.permutation(T);
    for (let start = 0; start < T; start += c.minibatchSize) {
      const idx = perm.subarray(start, Math.min(T, start + c.minibatchSize));
      const n = idx.length;
      const obs = ac.batch(Array.from(idx, (i) => ro.obs[i]));
      const actions = Int32Array.from(idx, (i) => ro.actions[i]);
      let mean = 0, sq = 0;
      for (const i of idx) mean += ro.advantages[i];
      mean /= n;
      for (const i of idx) sq += (ro.advantages[i] - mean) ** 2;
      const std = Math.sqrt(sq / Math.max(1, n - 1)) + 1e-8;
      const adv = new Tensor(Float32Array.from(idx, (i) => (ro.advantages[i] - mean) / std), [n]);
      const oldLogp = new Tensor(Float32Array.from(idx, (i) => ro.logProbs[i]), [n]);
      const ret = new Tensor(Float32Array.from(idx, (i) => ro.returns[i]), [n]);
      const { logProb, entropy, value } = ac.evaluate(obs, actions);
      const ratio = logProb.sub(oldLogp).exp();
      const surrogate = ratio.mul(adv).minimum(ratio.clamp(1 - clip, 1 + clip).mul(adv));
      const loss = surrogate.mean().neg().add(value.sub(ret).pow(2).mean().mul(c.vfCoef)).sub(entropy.mean().mul(c.entCoef));
      opt.zeroGrad();
      loss.backward();
      clipGradNorm(ac.parameters(), c.maxGradNorm);
      opt.step();
      for (const r of ratio.data) { counted++; if (Math.abs(r - 1) > clip) clipped++; }
    }
  }
  return clipped / Math.max(1, counted);
}

/** Kept under its earlier name: what a PPO run records. */
export type PpoRunResult = OnPolicyRunResult;

/**
 * Trains PPO on vectorised copies made by `makeEnv` for `totalSteps` env steps, evaluating the
 * greedy policy every `evalEvery` steps and stopping once `solveEpisodes` evaluation episodes average
 * `solveReturn`. With `anneal`, the learning rate and clip range fall linearly to 0.
 *
 * @example
 * await trainPpo(() => makeEnv('CartPole-v1'), PPO_CARTPOLE, { totalSteps: 1e5, seed: 0, evalEvery: 10240, evalEpisodes: 10, solveReturn: 475, solveEpisodes: 100 });
 */
export function trainPpo(makeEnv: () => Env<Float32Array, number>, config: Partial<PpoConfig>, o: TrainLoopOptions): Promise<PpoRunResult & { agent: ActorCritic }> {
  const c = { ...PPO_CARTPOLE, ...config };
  return trainOnPolicy(makeEnv, c, (ac, gen) => {
    const opt = new Adam(ac.parameters(), { lr: c.lr, eps: 1e-5 });
    return (ro, progress) => {
      const frac = c.anneal ? 1 - progress : 1;
      for (const g of opt.paramGroups) g.lr = c.lr * frac;
      ppoUpdate(ac, opt, ro, c, c.clip * frac, gen);
    };
  }, o);
}
