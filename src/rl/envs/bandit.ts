import { ValueError } from '../../core/errors.js';
import { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Discrete } from '../spaces.js';
import { escapeXml, px, svgDocument } from '../render/svg.js';

export interface BanditOptions {
  /** Number of arms (testbed: 10). */
  k?: number;
  /** Mean of the normal the true values q*(a) are drawn from at each reset (testbed: 0). */
  qMean?: number;
  /** Standard deviation of each reward around q*(a) (testbed: 1). */
  rewardStd?: number;
  /** Standard deviation of a random walk added to every q* each step (0: stationary; Exercise 2.5 uses 0.01). */
  walkStd?: number;
}

/**
 * The k-armed bandit testbed (Sutton & Barto 2018, §2.3): each reset draws q*(a) ~ N(qMean, 1);
 * pulling arm a pays N(q*(a), rewardStd²). There is one state (observation 0) and no termination:
 * wrap in `TimeLimit` for fixed-length runs. `info.optimal` tells whether the pull was a best arm.
 *
 * @example
 * const env = new KArmedBandit();
 * env.reset({ seed: 3 });
 * env.step(4).reward;
 */
export class KArmedBandit extends Env<number, number> {
  readonly id = 'KArmedBandit-v0';
  readonly observationSpace = new Discrete(1);
  readonly actionSpace: Discrete;
  readonly k: number;
  private readonly qMean: number;
  private readonly rewardStd: number;
  private readonly walkStd: number;
  private q = new Float64Array(0);
  private last = -1;

  constructor(opts: BanditOptions = {}) {
    super();
    this.k = opts.k ?? 10;
    if (!Number.isInteger(this.k) || this.k < 1) throw new ValueError(`KArmedBandit: k must be a positive integer, got ${this.k}`);
    this.qMean = opts.qMean ?? 0;
    this.rewardStd = opts.rewardStd ?? 1;
    this.walkStd = opts.walkStd ?? 0;
    if (!(this.rewardStd >= 0) || !(this.walkStd >= 0)) throw new ValueError(`KArmedBandit: rewardStd and walkStd must be ≥ 0, got ${this.rewardStd} and ${this.walkStd}`);
    this.actionSpace = new Discrete(this.k);
  }

  /** The true action values q*(a) of the current problem (a copy). */
  get trueValues(): Float64Array { return this.q.slice(); }

  /** Index of the best arm now. */
  get optimalAction(): number {
    let best = 0;
    for (let a = 1; a < this.k; a++) if (this.q[a] > this.q[best]) best = a;
    return best;
  }

  protected resetImpl(_opts: ResetOptions): ResetResult<number> {
    this.q = Float64Array.from({ length: this.k }, () => this.qMean + this.random.normal());
    this.last = -1;
    return { obs: 0, info: { trueValues: this.trueValues } };
  }

  protected stepImpl(action: number): StepResult<number> {
    const optimal = this.q[action] === this.q[this.optimalAction];
    const reward = this.q[action] + this.rewardStd * this.random.normal();
    if (this.walkStd > 0) for (let a = 0; a < this.k; a++) this.q[a] += this.walkStd * this.random.normal();
    this.last = action;
    return { obs: 0, reward, terminated: false, truncated: false, info: { optimal } };
  }

  render(): string {
    return Array.from(this.q, (v, a) => `${a === this.last ? '>' : ' '} arm ${a}: q*=${v.toFixed(3)}`).join('\n');
  }

  renderSvg(): string {
    const W = 40 * this.k + 40, H = 220, mid = 110, scale = 35;
    let body = `<rect width="${W}" height="${H}" fill="#fff"/><line x1="20" y1="${mid}" x2="${W - 20}" y2="${mid}" stroke="#999"/>`;
    this.q.forEach((v, a) => {
      const x = 30 + 40 * a, y = mid - v * scale;
      body += `<rect x="${x}" y="${px(Math.min(y, mid))}" width="20" height="${px(Math.abs(v * scale))}" fill="${a === this.last ? '#d62728' : '#1f77b4'}"/>`;
      body += `<text x="${x + 10}" y="${H - 5}" font-size="12" text-anchor="middle" font-family="sans-serif">${escapeXml(String(a))}</text>`;
    });
    return svgDocument(W, H, body, `${this.k}-armed bandit: true values q*`);
  }
}
