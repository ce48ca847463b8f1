import { ValueError } from '../../core/errors.js';
import { checkUnit } from '../agents/policy.js';

/** How time since the cue is represented to the value function. */
export type StimulusRepresentation = 'csc' | 'microstimulus';

export interface ConditioningOptions {
  /** Time steps per trial. */
  trialLength?: number;
  /** Step at which the conditioned stimulus (cue) appears. */
  cueTime?: number;
  /** Step at which the reward arrives (when it is given). */
  rewardTime?: number;
  rewardSize?: number;
  gamma?: number;
  alpha?: number;
  /** Eligibility-trace decay (0: one-step TD as in Schultz, Dayan & Montague 1997). */
  lambda?: number;
  /** 'csc': one feature per step since the cue (complete serial compound, Sutton & Barto 1990).
   *  'microstimulus': Gaussian bumps over a decaying memory trace (Ludvig, Sutton & Kehoe 2008). */
  representation?: StimulusRepresentation;
  numMicrostimuli?: number;
  /** Width σ of each microstimulus on the trace axis (Ludvig et al. 2008: 0.08). */
  sigma?: number;
  /** Per-step decay of the memory trace the microstimuli read. */
  traceDecay?: number;
}

/** One simulated trial: reward r(t), value V(t) and TD error δ(t) at every time step. */
export interface ConditioningTrial {
  reward: Float64Array;
  value: Float64Array;
  /** δ(t) = r(t) + γ V(t) − V(t−1): the model's dopamine signal. */
  delta: Float64Array;
}

/**
 * The temporal-difference model of phasic dopamine (Montague, Dayan & Sejnowski 1996; Schultz, Dayan &
 * Montague 1997). Within a trial, a cue at `cueTime` predicts a reward at `rewardTime`. The state at
 * step t is a feature vector of time since the cue (zero before it: the cue comes at unpredictable
 * times, so nothing predicts it); V(t) = w·x(t) is learned by TD(λ). δ(t) is the reward prediction
 * error: before learning it fires at the reward, after learning at the cue, and it dips below zero
 * when a predicted reward is withheld. δ is indexed at the step where it arises, so the cue response
 * sits at `cueTime` and the reward response at `rewardTime`.
 *
 * @example
 * const m = new TdConditioningModel();
 * const before = m.trial();
 * for (let i = 0; i < 200; i++) m.trial();
 * const omitted = m.trial({ reward: false, learn: false });
 */
export class TdConditioningModel {
  readonly opts: Required<ConditioningOptions>;
  readonly w: Float64Array;
  private readonly numFeatures: number;

  constructor(opts: ConditioningOptions = {}) {
    this.opts = {
      trialLength: 25, cueTime: 5, rewardTime: 15, rewardSize: 1, gamma: 0.98, alpha: 0.1, lambda: 0,
      representation: 'csc', numMicrostimuli: 20, sigma: 0.08, traceDecay: 0.9, ...opts,
    };
    const o = this.opts;
    if (!(Number.isInteger(o.trialLength) && o.trialLength > 2)) throw new ValueError(`TdConditioningModel: trialLength must be an integer > 2, got ${o.trialLength}`);
    if (!(Number.isInteger(o.cueTime) && Number.isInteger(o.rewardTime) && o.cueTime >= 1 && o.cueTime < o.rewardTime && o.rewardTime < o.trialLength)) {
      throw new ValueError(`TdConditioningModel: need 1 ≤ cueTime < rewardTime < trialLength, got cue ${o.cueTime}, reward ${o.rewardTime}, length ${o.trialLength}`);
    }
    checkUnit('TdConditioningModel', 'gamma', o.gamma);
    checkUnit('TdConditioningModel', 'lambda', o.lambda);
    if (!(o.alpha > 0)) throw new ValueError(`TdConditioningModel: alpha must be > 0, got ${o.alpha}`);
    if (o.representation !== 'csc' && o.representation !== 'microstimulus') throw new ValueError(`TdConditioningModel: representation must be 'csc' or 'microstimulus', got ${JSON.stringify(o.representation)}`);
    this.numFeatures = o.representation === 'csc' ? o.trialLength - o.cueTime : o.numMicrostimuli;
    this.w = new Float64Array(this.numFeatures);
  }

  /** The feature vector x(t). */
  features(t: number): Float64Array {
    const o = this.opts, x = new Float64Array(this.numFeatures);
    if (t < o.cueTime || t >= o.trialLength) return x;
    const since = t - o.cueTime;
    if (o.representation === 'csc') { x[since] = 1; return x; }
    // Ludvig et al. 2008, eqs. 1-2: trace y = decay^since; x_i = y · N(y; μ_i = i/m, σ).
    const y = o.traceDecay ** since;
    for (let i = 0; i < this.numFeatures; i++) {
      const mu = (i + 1) / this.numFeatures;
      x[i] = y * Math.exp(-((y - mu) ** 2) / (2 * o.sigma ** 2)) / Math.sqrt(2 * Math.PI);
    }
    return x;
  }

  /** V(t) = w · x(t). */
  value(t: number): number {
    const x = this.features(t);
    let v = 0;
    for (let i = 0; i < x.length; i++) v += this.w[i] * x[i];
    return v;
  }

  /**
   * Runs one trial; learns unless `learn` is false. `reward: false` withholds the reward (an
   * omission probe).
   */
  trial(opts: { reward?: boolean; learn?: boolean } = {}): ConditioningTrial {
    const o = this.opts, T = o.trialLength, giveReward = opts.reward ?? true, learn = opts.learn ?? true;
    const reward = new Float64Array(T), value = new Float64Array(T), delta = new Float64Array(T);
    if (giveReward) reward[o.rewardTime] = o.rewardSize;
    const e = new Float64Array(this.numFeatures);
    let prevX = this.features(0);
    value[0] = this.dot(prevX);
    for (let t = 1; t < T; t++) {
      const x = this.features(t);
      // The trial's last step ends the episode: nothing is predicted beyond it.
      const v = t === T - 1 ? 0 : this.dot(x);
      value[t] = v;
      delta[t] = reward[t] + o.gamma * v - value[t - 1];
      if (learn) {
        for (let i = 0; i < e.length; i++) e[i] = o.gamma * o.lambda * e[i] + prevX[i];
        for (let i = 0; i < e.length; i++) this.w[i] += o.alpha * delta[t] * e[i];
      }
      prevX = x;
    }
    return { reward, value, delta };
  }

  private dot(x: Float64Array): number {
    let v = 0;
    for (let i = 0; i < x.length; i++) v += this.w[i] * x[i];
    return v;
  }
}

/**
 * The TD error of one step, δ = r + γ V(s') − V(s), with V(s') dropped only at termination: the
 * scalar "dopamine" signal a three-factor plasticity rule (reward-modulated STDP) multiplies its
 * eligibility trace by.
 *
 * @example
 * tdError(1, 0.5, 0.2, 0.9, false); // 1 + 0.45 - 0.2 = 1.25
 */
export function tdError(reward: number, nextValue: number, value: number, gamma: number, terminated: boolean): number {
  return reward + (terminated ? 0 : gamma * nextValue) - value;
}

/**
 * Maps a TD error to a dopamine-neuron firing rate: a tonic baseline plus a phasic change, floored
 * at zero. The floor makes dips shallower than bursts, as recorded (Bayer & Glimcher 2005).
 *
 * @example
 * dopamineRate(Float64Array.from([0, 1, -1])); // [5, 25, 0] Hz with the defaults
 */
export function dopamineRate(delta: ArrayLike<number>, opts: { baselineHz?: number; gainHz?: number } = {}): Float64Array {
  const base = opts.baselineHz ?? 5, gain = opts.gainHz ?? 20;
  return Float64Array.from(delta, (d) => Math.max(0, base + gain * d));
}

export interface ConditioningRun {
  before: ConditioningTrial;
  after: ConditioningTrial;
  omitted: ConditioningTrial;
  /** δ at the cue and at the reward, trial by trial while learning. */
  cueDelta: Float64Array;
  rewardDelta: Float64Array;
}

/**
 * The three panels of Schultz, Dayan & Montague 1997 (Fig. 1): a first (untrained) trial, a trial after
 * `trainTrials` rewarded trials, and an omission probe; plus the transfer of δ from reward to cue.
 *
 * @example
 * const run = classicalConditioning({}, 300);
 * run.after.delta[5]; // large: the cue now predicts the reward
 */
export function classicalConditioning(opts: ConditioningOptions = {}, trainTrials = 300): ConditioningRun {
  const m = new TdConditioningModel(opts);
  const { cueTime, rewardTime } = m.opts;
  const before = m.trial({ learn: false });
  const cueDelta = new Float64Array(trainTrials), rewardDelta = new Float64Array(trainTrials);
  for (let i = 0; i < trainTrials; i++) {
    const tr = m.trial();
    cueDelta[i] = tr.delta[cueTime]; rewardDelta[i] = tr.delta[rewardTime];
  }
  return { before, after: m.trial({ learn: false }), omitted: m.trial({ reward: false, learn: false }), cueDelta, rewardDelta };
}
