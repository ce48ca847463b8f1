import { Env } from '../env.js';
import { evaluatePolicy } from './dqn.js';
import { ValueError } from '../../core/errors.js';

/** Length of a training run, and when and how its greedy policy is evaluated. */
export interface TrainLoopOptions {
  totalSteps: number;
  seed: number;
  /** Quick greedy evaluation every this many env steps. */
  evalEvery: number;
  evalEpisodes: number;
  /** Stop once `evalEpisodes` and then `solveEpisodes` fresh episodes both average at least this. */
  solveReturn?: number;
  solveEpisodes?: number;
  onEval?: (step: number, meanReturn: number) => void;
  signal?: AbortSignal;
  /**
   * Checkpoint file (off-policy training): written atomically between episodes every
   * `saveEverySeconds` (default 60) and, after Ctrl-C, once the running episode has ended; if it
   * exists when training starts, training resumes from it and ends as an unbroken run would.
   */
  checkpoint?: string | null;
  saveEverySeconds?: number;
}

/** The part of a run's record that evaluations fill in. */
export interface EvalRecord {
  evalSteps: number[];
  evalReturns: number[];
  /** Env steps when the solve check passed, or null. */
  solvedAt: number | null;
  /** Mean return of the final full evaluation (`solveEpisodes` episodes). */
  finalEvalReturn: number;
  envSteps: number;
}

/** Mean of a list (0 for an empty one). */
export const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

/**
 * Greedy evaluation on a schedule of environment steps, shared by the trainers: every `evalEvery`
 * steps it runs `evalEpisodes` episodes on fresh seeds; when their mean reaches `solveReturn` it
 * confirms on `solveEpisodes` further episodes and marks the run solved. Seeds start at
 * `seedBase + 1000·seed` for the quick evaluations and at `confirmSeedBase + step` for the full ones.
 *
 * @example
 * const ev = new EvalSchedule(makeEnv('CartPole-v1'), opts, result);
 * if (ev.after(envSteps, (x) => ac.greedy(x))) break; // solved
 * ev.finish((x) => ac.greedy(x));
 */
export class EvalSchedule {
  private nextEval: number;
  private evalSeed: number;
  constructor(private readonly env: Env<Float32Array, number>, private readonly o: TrainLoopOptions, private res: EvalRecord, seedBase = 2_000_000, private readonly confirmSeedBase = 6_000_000) {
    this.nextEval = o.evalEvery;
    this.evalSeed = seedBase + o.seed * 1000;
  }

  /** Fills `res` from now on (a record restored from a checkpoint). */
  retarget(res: EvalRecord): void { this.res = res; }

  /** Where the schedule stands, for checkpoints. */
  get position(): { nextEval: number; evalSeed: number } { return { nextEval: this.nextEval, evalSeed: this.evalSeed }; }
  set position(p: { nextEval: number; evalSeed: number }) {
    if (!Number.isInteger(p?.nextEval) || !Number.isInteger(p?.evalSeed)) throw new ValueError(`EvalSchedule: position must hold integer nextEval and evalSeed, got ${JSON.stringify(p)}`);
    this.nextEval = p.nextEval; this.evalSeed = p.evalSeed;
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
    return mean(evaluatePolicy(this.env, policy, this.o.solveEpisodes ?? 100, this.confirmSeedBase + envSteps));
  }
}
