import { ValueError } from '../../core/errors.js';
import { Env, ResetResult, StepResult } from '../env.js';
import { Discrete } from '../spaces.js';
import { gridSvg } from '../render/svg.js';

/**
 * The random walk of Sutton & Barto 2018, Example 6.2: non-terminal states 1..n (default 5, A..E)
 * between two terminals 0 and n+1. Every step moves left or right with probability 1/2 whatever the
 * action (there is one action, 0); leaving on the right pays 1, everything else 0. Start in the
 * middle. True values under γ = 1: V(i) = i / (n + 1).
 *
 * @example
 * const env = new RandomWalk();
 * env.reset({ seed: 0 }); // obs 3 (state C)
 */
export class RandomWalk extends Env<number, number> {
  readonly id = 'RandomWalk-v0';
  readonly actionSpace = new Discrete(1);
  readonly observationSpace: Discrete;
  private s = 0;

  constructor(readonly n = 5) {
    super();
    if (!Number.isInteger(n) || n < 1 || n % 2 === 0) throw new ValueError(`RandomWalk: n must be a positive odd integer (a middle start), got ${n}`);
    this.observationSpace = new Discrete(n + 2);
  }

  /** V(i) = i/(n+1) for the non-terminal states, 0 for the terminals. */
  trueValues(): Float64Array {
    return Float64Array.from({ length: this.n + 2 }, (_, i) => (i === 0 || i === this.n + 1 ? 0 : i / (this.n + 1)));
  }

  protected resetImpl(): ResetResult<number> { this.s = (this.n + 1) / 2; return { obs: this.s, info: {} }; }

  protected stepImpl(): StepResult<number> {
    this.s += this.random.uniform() < 0.5 ? -1 : 1;
    const terminated = this.s === 0 || this.s === this.n + 1;
    return { obs: this.s, reward: this.s === this.n + 1 ? 1 : 0, terminated, truncated: false, info: {} };
  }

  render(): string {
    return Array.from({ length: this.n + 2 }, (_, i) => (i === this.s ? '@' : i === 0 || i === this.n + 1 ? '#' : String.fromCharCode(64 + i))).join('');
  }

  renderSvg(): string {
    return gridSvg(1, this.n + 2, (_, c) => ({ fill: c === 0 || c === this.n + 1 ? '#444' : '#fff', label: c === 0 || c === this.n + 1 ? '' : String.fromCharCode(64 + c) }), { row: 0, col: this.s }, this.id);
  }
}
