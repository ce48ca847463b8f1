import { Generator } from '../../core/random.js';
import { Env } from '../env.js';
import { SyncVectorEnv } from '../vector.js';
import { ActorCritic } from './actor-critic.js';
import { collectRollout, Rollout } from './rollout.js';
import { EvalRecord, EvalSchedule, TrainLoopOptions, mean } from './eval-schedule.js';
import { breathe } from '../../core/breathe.js';

/** What an on-policy training run records. */
export interface OnPolicyRunResult extends EvalRecord {
  steps: number[];
  /** Mean return of the episodes finished in each update window (NaN when none finished). */
  trainReturns: number[];
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
 * await trainOnPolicy(() => makeEnv('CartPole-v1'), shape, (ac) => (ro) => a2cUpdate(ac, opt, ro, c), opts);
 */
export async function trainOnPolicy(makeEnv: () => Env<Float32Array, number>, shape: RolloutShape, makeUpdate: (ac: ActorCritic, gen: Generator) => (ro: Rollout, progress: number) => void, o: TrainLoopOptions): Promise<OnPolicyRunResult & { agent: ActorCritic }> {
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
    // With a signal, let the event loop run now and then so an abort (Ctrl-C) can arrive.
    if (o.signal) { await breathe(); if (o.signal.aborted) break; }
  }
  schedule.finish(greedy);
  return { ...res, agent: ac };
}
