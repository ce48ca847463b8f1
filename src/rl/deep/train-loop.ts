import { Env } from '../env.js';
import { EvalRecord, EvalSchedule, TrainLoopOptions } from './eval-schedule.js';
import { breathe } from '../../core/breathe.js';
import { ValueError } from '../../core/errors.js';
import { defaultGenerator, type GeneratorState } from '../../core/random.js';
import { saveCheckpoint, loadCheckpoint } from '../../io/checkpoint-file.js';
import { SaveClock } from '../../io/save-clock.js';
import { existsSync } from 'node:fs';

export type { TrainLoopOptions } from './eval-schedule.js';

export interface OffPolicyLearner {
  act(obs: Float32Array): number;
  greedy(obs: Float32Array): number;
  observe(obs: Float32Array, action: number, reward: number, nextObs: Float32Array, terminated: boolean): number | null;
  /** Everything the learner carries (networks, optimizer, replay, generators): needed for checkpoints. */
  stateDict?(): Record<string, unknown>;
  loadStateDict?(state: Record<string, unknown>): void;
}

export interface TrainLoopResult extends EvalRecord {
  episodeReturns: number[];
  episodeEndSteps: number[];
}

/** What a checkpoint of `trainOffPolicy` holds beside the learner, in `extra`. */
interface OffPolicyState { steps: number; res: TrainLoopResult; schedule: { nextEval: number; evalSeed: number }; envRng: (GeneratorState | null)[] }

/**
 * Runs an off-policy learner on `env` for up to `totalSteps` steps, passing the `terminated` flag (never
 * `truncated`) as the end of bootstrapping, with periodic greedy evaluations on a separate env copy.
 * With `o.checkpoint`, it saves between episodes (every `saveEverySeconds`, and after Ctrl-C once the
 * running episode has ended) and resumes from an existing file to the result of an unbroken run.
 *
 * @example
 * await trainOffPolicy(makeEnv('CartPole-v1'), makeEnv('CartPole-v1'), learner, { totalSteps: 1e5, seed: 0, evalEvery: 5000, evalEpisodes: 10, solveReturn: 475, solveEpisodes: 100 });
 */
export async function trainOffPolicy(env: Env<Float32Array, number>, evalEnv: Env<Float32Array, number>, learner: OffPolicyLearner, o: TrainLoopOptions): Promise<TrainLoopResult> {
  let res: TrainLoopResult = { evalSteps: [], evalReturns: [], episodeReturns: [], episodeEndSteps: [], solvedAt: null, finalEvalReturn: NaN, envSteps: 0 };
  const schedule = new EvalSchedule(evalEnv, o, res, 1_000_000, 5_000_000);
  const ck = o.checkpoint ?? null;
  if (ck && !(learner.stateDict && learner.loadStateDict)) throw new ValueError('trainOffPolicy: a checkpoint needs a learner with stateDict() and loadStateDict()');
  const clock = new SaveClock(o.saveEverySeconds ?? 60, 'trainOffPolicy');
  let first = 1, obs: Float32Array;
  if (ck && existsSync(ck)) {
    const saved = loadCheckpoint(ck);
    const st = saved.extra as unknown as (OffPolicyState & { learner: Record<string, unknown> }) | undefined;
    if (!st?.res || !st.schedule || !st.envRng || !st.learner || !Number.isInteger(st.steps)) {
      throw new ValueError(`trainOffPolicy: ${ck} holds no off-policy training state (another experiment or version); delete it to start afresh`);
    }
    learner.loadStateDict!(st.learner);
    res = st.res;
    schedule.retarget(res);
    schedule.position = st.schedule;
    env.restoreRngState(st.envRng);
    if (saved.rng) defaultGenerator.setState(saved.rng);
    first = st.steps + 1;
  }
  // A fresh run seeds the env; a resumed one continues the env's own stream from the saved episode end.
  obs = first === 1 ? env.reset({ seed: o.seed }).obs : env.reset().obs;
  const save = (t: number) => {
    const extra: OffPolicyState & { learner: Record<string, unknown> } = { steps: t, res, schedule: schedule.position, envRng: env.rngState(), learner: learner.stateDict!() };
    saveCheckpoint(ck!, { model: {}, rng: defaultGenerator.getState(), epoch: 0, step: t, extra: extra as unknown as Record<string, unknown> });
  };
  const greedy = (x: Float32Array) => learner.greedy(x);
  let ret = 0, stopping = false;
  for (let t = first; t <= o.totalSteps; t++) {
    const a = learner.act(obs);
    const r = env.step(a);
    learner.observe(obs, a, r.reward, r.obs, r.terminated);
    ret += r.reward;
    const ended = r.terminated || r.truncated;
    if (ended) { res.episodeReturns.push(ret); res.episodeEndSteps.push(t); ret = 0; } else obs = r.obs;
    res.envSteps = t;
    if (schedule.after(t, greedy)) break;
    if (ended) {
      // Between episodes the env holds nothing but its generator, so the saved state is complete.
      if (ck && (stopping || clock.due())) { save(t); clock.saved(); }
      if (stopping) break;
      obs = env.reset().obs;
    }
    // With a signal, let the event loop run now and then so an abort (Ctrl-C) can arrive; with a
    // checkpoint the running episode is finished first.
    if (o.signal && !stopping) {
      await breathe();
      if (o.signal.aborted) { if (!ck) break; stopping = true; }
    }
  }
  schedule.finish(greedy);
  return res;
}
