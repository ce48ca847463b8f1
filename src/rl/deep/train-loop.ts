import { Env } from '../env.js';
import { evaluatePolicy } from './dqn.js';

export interface OffPolicyLearner {
  act(obs: Float32Array): number;
  greedy(obs: Float32Array): number;
  observe(obs: Float32Array, action: number, reward: number, nextObs: Float32Array, terminated: boolean): number | null;
}

export interface TrainLoopOptions {
  totalSteps: number;
  seed: number;
  /** Quick greedy evaluation every this many env steps. */
  evalEvery: number;
  evalEpisodes: number;
  /** Stop once a full evaluation of `solveEpisodes` episodes averages at least this. */
  solveReturn?: number;
  solveEpisodes?: number;
  onEval?: (step: number, meanReturn: number) => void;
  signal?: AbortSignal;
}

export interface TrainLoopResult {
  evalSteps: number[];
  evalReturns: number[];
  episodeReturns: number[];
  episodeEndSteps: number[];
  /** Env steps when the solve check passed, or null. */
  solvedAt: number | null;
  /** Mean return of the final full evaluation (solveEpisodes episodes). */
  finalEvalReturn: number;
  envSteps: number;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

/**
 * Runs an off-policy learner on `env` for up to `totalSteps` steps, passing the `terminated` flag (never
 * `truncated`) as the end of bootstrapping, with periodic greedy evaluations on a separate env copy.
 *
 * @example
 * trainOffPolicy(makeEnv('CartPole-v1'), makeEnv('CartPole-v1'), learner, { totalSteps: 1e5, seed: 0, evalEvery: 5000, evalEpisodes: 10, solveReturn: 475, solveEpisodes: 100 });
 */
export function trainOffPolicy(env: Env<Float32Array, number>, evalEnv: Env<Float32Array, number>, learner: OffPolicyLearner, o: TrainLoopOptions): TrainLoopResult {
  const res: TrainLoopResult = { evalSteps: [], evalReturns: [], episodeReturns: [], episodeEndSteps: [], solvedAt: null, finalEvalReturn: NaN, envSteps: 0 };
  let { obs } = env.reset({ seed: o.seed });
  let ret = 0, evalSeed = 1_000_000 + o.seed * 1000;
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
    if (t % o.evalEvery === 0) {
      const m = mean(evaluatePolicy(evalEnv, (x) => learner.greedy(x), o.evalEpisodes, evalSeed));
      evalSeed += o.evalEpisodes;
      res.evalSteps.push(t); res.evalReturns.push(m);
      o.onEval?.(t, m);
      if (o.solveReturn !== undefined && m >= o.solveReturn) {
        const full = mean(evaluatePolicy(evalEnv, (x) => learner.greedy(x), o.solveEpisodes ?? 100, 5_000_000 + t));
        res.finalEvalReturn = full;
        if (full >= o.solveReturn) { res.solvedAt = t; break; }
      }
    }
    if (o.signal?.aborted) break;
  }
  if (res.solvedAt === null) res.finalEvalReturn = mean(evaluatePolicy(evalEnv, (x) => learner.greedy(x), o.solveEpisodes ?? 100, 5_000_000 + res.envSteps));
  return res;
}
