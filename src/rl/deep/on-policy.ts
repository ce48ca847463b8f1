import { Generator } from '../../core/random.js';
import { Env } from '../env.js';
import { SyncVectorEnv } from '../vector.js';
import { ActorCritic } from './actor-critic.js';
import { collectRollout, Rollout } from './rollout.js';
import { evaluatePolicy } from './dqn.js';

/** What an on-policy training run records. */
export interface OnPolicyRunResult {
  steps: number[];
  /** Mean return of the episodes finished in each update window (NaN when none finished). */
  trainReturns: number[];
  evalSteps: number[];
  evalReturns: number[];
  solvedAt: number | null;
  finalEvalReturn: number;
  envSteps: number;
}

/** Length of a run, and when and how its greedy policy is evaluated. */
export interface OnPolicyRunOptions {
  totalSteps: number;
  seed: number;
  evalEvery: number;
  evalEpisodes: number;
  /** Stop once `evalEpisodes` and then `solveEpisodes` fresh episodes both average at least this. */
  solveReturn?: number;
  solveEpisodes?: number;
  onEval?: (step: number, ret: number) => void;
  signal?: AbortSignal;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/**
 * Greedy evaluation on a schedule of environment steps, shared by the on-policy trainers: every
 * `evalEvery` steps it runs `evalEpisodes` episodes on fresh seeds; when their mean reaches
 * `solveReturn` it confirms on `solveEpisodes` further episodes and marks the run solved.
 *
 * @example
 * const ev = new EvalSchedule(makeEnv('CartPole-v1'), opts, result);
 * if (ev.after(envSteps, (x) => ac.greedy(x))) break; // solved
 * ev.finish((x) => ac.greedy(x));
 */
export class EvalSchedule {
  private nextEval: number;
  private evalSeed: number;
  constructor(private readonly env: Env<Float32Array, number>, private readonly o: OnPolicyRunOptions, private readonly res: OnPolicyRunResult) {
    this.nextEval = o.evalEvery;
    this.evalSeed = 2_000_000 + o.seed * 1000;
  }

  /** Evaluates if the schedule says so at `envSteps`; returns true once the run is solved. */
  after(envSteps: number, policy: (obs: Float32Array) => number): boolean {
    if (envSteps < this.nextEval) return false;
    while (this.nextEval <= envSteps) this.nextEval += this.o.evalEvery;
    const m = mean(evaluatePolicy(this.env, policy, this.o.evalEpisodes, this.evalSeed));
    this.evalSeed += this.o.evalEpisodes;
    this.res.evalSteps.push(envSteps); this.res.evalReturns.push(m);
    this.o.onEval?.(envSteps, m);
    if (this.o.solveReturn === undefined || m < this.o.solveReturn) return false;
    this.res.finalEvalReturn = this.confirm(envSteps, policy);
    if (this.res.finalEvalReturn < this.o.solveReturn) return false;
    this.res.solvedAt = envSteps;
    return true;
  }

  /** The final `solveEpisodes`-episode evaluation of an unsolved run. */
  finish(policy: (obs: Float32Array) => number): void {
    if (this.res.solvedAt === null) this.res.finalEvalReturn = this.confirm(this.res.envSteps, policy);
  }

  private confirm(envSteps: number, policy: (obs: Float32Array) => number): number {
    return mean(evaluatePolicy(this.env, policy, this.o.solveEpisodes ?? 100, 6_000_000 + envSteps));
  }
}

/** The rollout shape of a vectorised actor-critic method. */
export interface RolloutShape { numEnvs: number; nSteps: number; gamma: number; gaeLambda: number; hidden: number[] }

/**
 * The loop shared by A2C and PPO: `numEnvs` vectorised copies, `nSteps` steps each per rollout (with
 * GAE and truncation bootstraps, see `collectRollout`), then one call of the method's `update`, which
 * gets the fraction of training done so far (for annealing). `makeUpdate` builds the optimiser around
 * the freshly initialised network.
 *
 * @example
 * trainOnPolicy(() => makeEnv('CartPole-v1'), shape, (ac) => (ro) => a2cUpdate(ac, opt, ro, c), opts);
 */
export function trainOnPolicy(makeEnv: () => Env<Float32Array, number>, shape: RolloutShape, makeUpdate: (ac: ActorCritic, gen: Generator) => (ro: Rollout, progress: number) => void, o: OnPolicyRunOptions): OnPolicyRunResult & { agent: ActorCritic } {
  const gen = new Generator(o.seed);
  const venv = new SyncVectorEnv(makeEnv, shape.numEnvs);
  const res: OnPolicyRunResult = { steps: [], trainReturns: [], evalSteps: [], evalReturns: [], solvedAt: null, finalEvalReturn: NaN, envSteps: 0 };
  const schedule = new EvalSchedule(makeEnv(), o, res);
  const obsDim = (venv.observationSpace as unknown as { shape: number[] }).shape[0];
  const numActions = (venv.actionSpace as unknown as { n: number }).n;
  const ac = new ActorCritic(obsDim, numActions, shape.hidden);
  const update = makeUpdate(ac, gen);
  const state = { obs: venv.reset({ seed: o.seed }).obs, running: new Float64Array(shape.numEnvs) };
  const perRollout = shape.numEnvs * shape.nSteps;
  const greedy = (x: Float32Array) => ac.greedy(x);
  while (res.envSteps + perRollout <= o.totalSteps) {
    const progress = res.envSteps / o.totalSteps;
    const ro = collectRollout(venv, ac, state, shape.nSteps, shape.gamma, shape.gaeLambda, gen);
    res.envSteps += perRollout;
    update(ro, progress);
    res.steps.push(res.envSteps);
    res.trainReturns.push(ro.finishedReturns.length ? mean(ro.finishedReturns) : NaN);
    if (schedule.after(res.envSteps, greedy)) break;
    if (o.signal?.aborted) break;
  }
  schedule.finish(greedy);
  return { ...res, agent: ac };
}
