import { Env } from '../env.js';
import { EvalRecord, EvalSchedule, TrainLoopOptions } from './eval-schedule.js';
import { breathe } from '../../core/breathe.js';

export type { TrainLoopOptions } from './eval-schedule.js';

export interface OffPolicyLearner {
  act(obs: Float32Array): number;
  greedy(obs: Float32Array): number;
  observe(obs: Float32Array, action: number, reward: number, nextObs: Float32Array, terminated: boolean): number | null;
}

export interface TrainLoopResult extends EvalRecord {
  episodeReturns: number[];
  episodeEndSteps: number[];
}

/**
 * Runs an off-policy learner on `env` for up to `totalSteps` steps, passing the `terminated` flag (never
 * `truncated`) as the end of bootstrapping, with periodic greedy evaluations on a separate env copy.
 *
 * @example
 * await trainOffPolicy(makeEnv('CartPole-v1'), makeEnv('CartPole-v1'), learner, { totalSteps: 1e5, seed: 0, evalEvery: 5000, evalEpisodes: 10, solveReturn: 475, solveEpisodes: 100 });
 */
export async function trainOffPolicy(env: Env<Float32Array, number>, evalEnv: Env<Float32Array, number>, learner: OffPolicyLearner, o: TrainLoopOptions): Promise<TrainLoopResult> {
  const res: TrainLoopResult = { evalSteps: [], evalReturns: [], episodeReturns: [], episodeEndSteps: [], solvedAt: null, finalEvalReturn: NaN, envSteps: 0 };
  let { obs } = env.reset({ seed: o.seed });
  const schedule = new EvalSchedule(evalEnv, o, res, 1_000_000, 5_000_000);
  const greedy = (x: Float32Array) => learner.greedy(x);
  let ret = 0;
  for (let t = 1; t <= o.totalSteps; t++) {
    const a = learner.act(obs);
    const r = env.step(a);
    learner.observe(obs, a, r.reward, r.obs, r.terminated);
    ret += r.reward;
    if (r.terminated || r.truncated) {
      res.episodeReturns.push(ret); res.episodeEndSteps.push(t); ret = 0;
      obs = env.reset().obs;
    } else obs = r.obs;
    res.envSteps = t;
    if (schedule.after(t, greedy)) break;
    // With a signal, let the event loop run now and then so an abort (Ctrl-C) can arrive.
    if (o.signal) { await breathe(); if (o.signal.aborted) break; }
  }
  schedule.finish(greedy);
  return res;
}
