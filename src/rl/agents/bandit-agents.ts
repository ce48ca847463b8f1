import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { argmaxRandomTie, checkState, checkUnit } from './policy.js';

/** A learner for a single-state problem: choose an arm, then learn from its reward. */
export interface BanditAgent {
  act(): number;
  update(action: number, reward: number): void;
}

export interface ValueBanditOptions {
  /** Constant step size α; omit for sample averages (1/N). */
  stepSize?: number;
  /** Initial estimate Q1 (5 gives the optimistic start of Sutton & Barto §2.6). */
  initialValue?: number;
}

abstract class ValueBandit implements BanditAgent {
  readonly q: Float64Array;
  readonly n: Float64Array;
  protected t = 0;
  constructor(readonly k: number, protected readonly gen: Generator, protected readonly opts: ValueBanditOptions) {
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`bandit agent: k must be a positive integer, got ${k}`);
    if (opts.stepSize !== undefined && !(opts.stepSize > 0 && opts.stepSize <= 1)) throw new ValueError(`bandit agent: stepSize must be in (0, 1], got ${opts.stepSize}`);
    this.q = new Float64Array(k).fill(opts.initialValue ?? 0);
    this.n = new Float64Array(k);
  }
  abstract act(): number;
  /** Incremental update Q ← Q + α (R − Q), α = 1/N or constant (Sutton & Barto eq. 2.3/2.5). */
  update(action: number, reward: number): void {
    checkState('bandit agent.update', action, this.k);
    this.t++;
    this.n[action]++;
    const alpha = this.opts.stepSize ?? 1 / this.n[action];
    this.q[action] += alpha * (reward - this.q[action]);
  }
}

/**
 * ε-greedy action-value method (Sutton & Barto 2018, §2.2-2.4).
 *
 * @example
 * const agent = new EpsilonGreedyBandit(10, 0.1, new Generator(0));
 * const a = agent.act(); agent.update(a, 1.2);
 */
export class EpsilonGreedyBandit extends ValueBandit {
  constructor(k: number, readonly epsilon: number, gen: Generator, opts: ValueBanditOptions = {}) {
    super(k, gen, opts);
    checkUnit('EpsilonGreedyBandit', 'epsilon', epsilon);
  }
  act(): number {
    return this.gen.uniform() < this.epsilon ? this.gen.int(0, this.k) : argmaxRandomTie(this.q, this.gen);
  }
}

/**
 * Upper-confidence-bound selection A = argmax Q(a) + c √(ln t / N(a)); untried arms first
 * (Sutton & Barto 2018, eq. 2.10; Auer et al. 2002).
 *
 * @example
 * const agent = new UcbBandit(10, 2, new Generator(0));
 */
export class UcbBandit extends ValueBandit {
  constructor(k: number, readonly c: number, gen: Generator, opts: ValueBanditOptions = {}) {
    super(k, gen, opts);
    if (!(c >= 0)) throw new ValueError(`UcbBandit: c must be ≥ 0, got ${c}`);
  }
  act(): number {
    const scores = new Float64Array(this.k);
    const logT = Math.log(this.t + 1);
    for (let a = 0; a < this.k; a++) scores[a] = this.n[a] === 0 ? Infinity : this.q[a] + this.c * Math.sqrt(logT / this.n[a]);
    return argmaxRandomTie(scores, this.gen);
  }
}

/**
 * Gradient bandit: soft-max preferences H updated by H(a) += α (R − R̄)(1[a = A] − π(a)), with the
 * running average reward R̄ as baseline (Sutton & Barto 2018, eq. 2.12).
 *
 * @example
 * const agent = new GradientBandit(10, 0.1, new Generator(0));
 */
export class GradientBandit implements BanditAgent {
  readonly h: Float64Array;
  readonly pi: Float64Array;
  private avgReward = 0;
  private t = 0;
  constructor(readonly k: number, readonly alpha: number, private readonly gen: Generator, readonly useBaseline = true) {
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`GradientBandit: k must be a positive integer, got ${k}`);
    if (!(alpha > 0)) throw new ValueError(`GradientBandit: alpha must be > 0, got ${alpha}`);
    this.h = new Float64Array(k);
    this.pi = new Float64Array(k).fill(1 / k);
  }
  /** The baseline R̄ (mean of the rewards seen so far). */
  get baseline(): number { return this.avgReward; }
  act(): number {
    let u = this.gen.uniform();
    for (let a = 0; a < this.k; a++) { u -= this.pi[a]; if (u < 0) return a; }
    return this.k - 1;
  }
  update(action: number, reward: number): void {
    checkState('GradientBandit.update', action, this.k);
    this.t++;
    // R̄ is the average of the rewards up through and including this one (Sutton & Barto 2018, §2.8).
    this.avgReward += (reward - this.avgReward) / this.t;
    const diff = reward - (this.useBaseline ? this.avgReward : 0);
    for (let a = 0; a < this.k; a++) this.h[a] += this.alpha * diff * ((a === action ? 1 : 0) - this.pi[a]);
    let max = -Infinity;
    for (let a = 0; a < this.k; a++) max = Math.max(max, this.h[a]);
    let z = 0;
    for (let a = 0; a < this.k; a++) { this.pi[a] = Math.exp(this.h[a] - max); z += this.pi[a]; }
    for (let a = 0; a < this.k; a++) this.pi[a] /= z;
  }
}
