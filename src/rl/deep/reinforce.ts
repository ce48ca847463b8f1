import { Generator } from '../../core/random.js';
import { ShapeError } from '../../core/errors.js';
import { Adam } from '../../optim/adam.js';
import { Env } from '../env.js';
import { ActorCritic } from './actor-critic.js';
import { policyGradientStep, PgLossCoefs } from './pg-loss.js';
import type { OnPolicyRunResult } from './on-policy.js';
import { EvalSchedule, TrainLoopOptions, mean } from './eval-schedule.js';
import { breathe } from '../../core/breathe.js';

export interface ReinforceConfig extends PgLossCoefs {
  /** Complete episodes per gradient step. */
  episodesPerUpdate: number;
  lr: number;
  gamma: number;
  maxGradNorm: number;
  hidden: number[];
  /** Scale the advantages G − V(s) of each batch to zero mean and unit variance (variance reduction only). */
  normalizeAdvantages: boolean;
}

export const REINFORCE_DEFAULTS: ReinforceConfig = {
  episodesPerUpdate: 4, lr: 1e-3, gamma: 0.99, vfCoef: 0.5, entCoef: 0, maxGradNorm: 0.5, hidden: [64, 64], normalizeAdvantages: true,
};

/** One episode of the sampling policy. `finalObs` is the observation the episode ended on. */
export interface Episode {
  obs: Float32Array[];
  actions: Int32Array;
  rewards: Float64Array;
  terminated: boolean;
  truncated: boolean;
  finalObs: Float32Array;
}

/**
 * Discounted returns-to-go of one episode, G_t = r_t + γ G_{t+1}, starting from G_T = `bootstrap`:
 * 0 after a termination, V(final observation) after a truncation, because a time limit ends the
 * episode but not the task (Pardo et al. 2018, "Time limits in reinforcement learning").
 *
 * @example
 * returnsToGo([1, 1, 1], 0.5, 0); // [1.75, 1.5, 1]
 */
export function returnsToGo(rewards: ArrayLike<number>, gamma: number, bootstrap: number): Float64Array {
  const G = new Float64Array(rewards.length);
  let next = bootstrap;
  for (let t = rewards.length - 1; t >= 0; t--) { next = rewards[t] + gamma * next; G[t] = next; }
  return G;
}

/**
 * Plays one episode of `env` with actions sampled from `ac`'s policy. Pass `seed` to reseed the
 * environment; without it the environment's own generator continues.
 *
 * @example
 * const ep = runEpisode(makeEnv('CartPole-v1'), ac, new Generator(0), 0);
 */
export function runEpisode(env: Env<Float32Array, number>, ac: ActorCritic, gen: Generator, seed?: number): Episode {
  let { obs } = env.reset(seed === undefined ? {} : { seed });
  const seen: Float32Array[] = [], actions: number[] = [], rewards: number[] = [];
  for (;;) {
    const a = ac.sample([obs], gen).actions[0];
    const r = env.step(a);
    seen.push(obs); actions.push(a); rewards.push(r.reward);
    obs = r.obs;
    if (r.terminated || r.truncated) {
      return { obs: seen, actions: Int32Array.from(actions), rewards: Float64Array.from(rewards), terminated: r.terminated, truncated: r.truncated, finalObs: obs };
    }
  }
}

/**
 * The REINFORCE-with-baseline targets of some episodes (Sutton & Barto 2018, §13.4): returns G_t
 * (bootstrapped only after a truncation) and advantages G_t − V(s_t) from the learned baseline.
 *
 * @example
 * const { returns, advantages } = reinforceTargets(ac, [ep], 0.99);
 */
export function reinforceTargets(ac: ActorCritic, episodes: Episode[], gamma: number): { returns: Float64Array; advantages: Float64Array } {
  const total = episodes.reduce((s, e) => s + e.actions.length, 0);
  const returns = new Float64Array(total), advantages = new Float64Array(total);
  let k = 0;
  for (const ep of episodes) {
    if (ep.obs.length !== ep.actions.length || ep.rewards.length !== ep.actions.length) {
      throw new ShapeError(`reinforceTargets: an episode has ${ep.obs.length} observations, ${ep.actions.length} actions and ${ep.rewards.length} rewards; they must match`);
    }
    const bootstrap = ep.truncated && !ep.terminated ? ac.values([ep.finalObs])[0] : 0;
    const G = returnsToGo(ep.rewards, gamma, bootstrap);
    const V = ac.values(ep.obs);
    for (let t = 0; t < G.length; t++, k++) { returns[k] = G[t]; advantages[k] = G[t] - V[t]; }
  }
  return { returns, advantages };
}

/**
 * One REINFORCE-with-baseline gradient step over complete episodes: the policy climbs
 * (G_t − V(s_t)) ∇ log π(a_t|s_t) and the baseline regresses on G_t. Returns the loss terms.
 *
 * @example
 * reinforceUpdate(ac, opt, [runEpisode(env, ac, gen)], REINFORCE_DEFAULTS);
 */
export function reinforceUpdate(ac: ActorCritic, opt: Adam, episodes: Episode[], c: ReinforceConfig): { policyLoss: number; valueLoss: number; entropy: number } {
  const { returns, advantages } = reinforceTargets(ac, episodes, c.gamma);
  if (c.normalizeAdvantages && advantages.length > 1) {
    let m = 0, sq = 0;
    for (const a of advantages) m += a;
    m /= advantages.length;
    for (const a of advantages) sq += (a - m) ** 2;
    const sd = Math.sqrt(sq / (advantages.length - 1)) + 1e-8;
    for (let i = 0; i < advantages.length; i++) advantages[i] = (advantages[i] - m) / sd;
  }
  const obs = ac.batch(episodes.flatMap((e) => e.obs));
  const actions = new Int32Array(advantages.length);
  let k = 0;
  for (const e of episodes) { actions.set(e.actions, k); k += e.actions.length; }
  return policyGradientStep(ac, opt, obs, actions, advantages, returns, c);
}

/**
 * Trains REINFORCE with a learned baseline on one environment for about `totalSteps` env steps (whole
 * episodes), with the same greedy evaluation schedule as the vectorised trainers.
 *
 * @example
 * const res = await trainReinforce(() => makeEnv('CartPole-v1'), {}, { totalSteps: 50_000, seed: 0, evalEvery: 5000, evalEpisodes: 10 });
 */
export async function trainReinforce(makeEnv: () => Env<Float32Array, number>, config: Partial<ReinforceConfig>, o: TrainLoopOptions): Promise<OnPolicyRunResult & { agent: ActorCritic }> {
  const c = { ...REINFORCE_DEFAULTS, ...config };
  const gen = new Generator(o.seed);
  const env = makeEnv();
  const res: OnPolicyRunResult = { steps: [], trainReturns: [], evalSteps: [], evalReturns: [], solvedAt: null, finalEvalReturn: NaN, envSteps: 0 };
  const schedule = new EvalSchedule(makeEnv(), o, res);
  const obsDim = (env.observationSpace as unknown as { shape: number[] }).shape[0];
  const numActions = (env.actionSpace as unknown as { n: number }).n;
  const ac = new ActorCritic(obsDim, numActions, c.hidden);
  const opt = new Adam(ac.parameters(), { lr: c.lr });
  const greedy = (x: Float32Array) => ac.greedy(x);
  let first = true;
  while (res.envSteps < o.totalSteps) {
    const episodes: Episode[] = [];
    for (let e = 0; e < c.episodesPerUpdate; e++) {
      episodes.push(runEpisode(env, ac, gen, first ? o.seed : undefined));
      first = false;
      res.envSteps += episodes[e].actions.length;
    }
    reinforceUpdate(ac, opt, episodes, c);
    res.steps.push(res.envSteps);
    res.trainReturns.push(mean(episodes.map((e) => e.rewards.reduce((a, r) => a + r, 0))));
    if (schedule.after(res.envSteps, greedy)) break;
    // With a signal, let the event loop run now and then so an abort (Ctrl-C) can arrive.
    if (o.signal) { await breathe(); if (o.signal.aborted) break; }
  }
  schedule.finish(greedy);
  return { ...res, agent: ac };
}
