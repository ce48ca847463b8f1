import { ValueError } from '../../core/errors.js';
import { Env, ResetResult, StepResult } from '../env.js';
import { Discrete } from '../spaces.js';
import { gridSvg } from '../render/svg.js';
import { MOVES, TabularModel, Transition, clampMove, gridText } from './grid.js';

/** Gymnasium's built-in maps (S start, F frozen, H hole, G goal). */
export const FROZEN_LAKE_MAPS = {
  '4x4': ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
  '8x8': ['SFFFFFFF', 'FFFFFFFF', 'FFFHFFFF', 'FFFFFHFF', 'FFFHFFFF', 'FHHFFFHF', 'FHFFHFHF', 'FFFHFFFG'],
} as const;

/** Actions as in Gymnasium: 0 left, 1 down, 2 right, 3 up. */
const DIRS = [MOVES.left, MOVES.down, MOVES.right, MOVES.up];

export interface FrozenLakeOptions { map?: keyof typeof FROZEN_LAKE_MAPS | readonly string[]; isSlippery?: boolean }

/**
 * FrozenLake (Gymnasium `FrozenLake-v1`): walk from S to G across ice without falling into a hole.
 * When slippery, the agent moves in the intended direction or either perpendicular one, each with
 * probability 1/3. Reward 1 on reaching G; holes and the goal terminate. Wrap in `TimeLimit` (100 steps
 * for 4×4, 200 for 8×8) as `makeEnv` does.
 *
 * @example
 * const env = new FrozenLake({ map: '8x8' });
 * env.reset({ seed: 1 });
 */
export class FrozenLake extends Env<number, number> implements TabularModel {
  readonly id: string;
  readonly observationSpace: Discrete;
  readonly actionSpace = new Discrete(4);
  readonly rows: number;
  readonly cols: number;
  readonly numStates: number;
  readonly numActions = 4;
  readonly isSlippery: boolean;
  readonly desc: readonly string[];
  private s = 0;

  constructor(opts: FrozenLakeOptions = {}) {
    super();
    const map = opts.map ?? '4x4';
    this.desc = typeof map === 'string' ? FROZEN_LAKE_MAPS[map] : map;
    if (!this.desc || this.desc.length === 0) throw new ValueError(`FrozenLake: unknown map ${JSON.stringify(map)}; use '4x4', '8x8' or an array of rows`);
    this.rows = this.desc.length; this.cols = this.desc[0].length;
    if (this.desc.some((row) => row.length !== this.cols || /[^SFHG]/.test(row))) {
      throw new ValueError(`FrozenLake: map rows must have equal length and use only S, F, H, G; got ${JSON.stringify(this.desc)}`);
    }
    if (this.desc.join('').split('S').length !== 2) throw new ValueError('FrozenLake: the map needs exactly one start cell S');
    this.numStates = this.rows * this.cols;
    this.observationSpace = new Discrete(this.numStates);
    this.isSlippery = opts.isSlippery ?? true;
    this.id = this.rows === 8 && this.cols === 8 ? 'FrozenLake8x8-v1' : 'FrozenLake-v1';
  }

  /** The map letter at state `s`. */
  letter(s: number): string { return this.desc[Math.floor(s / this.cols)][s % this.cols]; }
  get state(): number { return this.s; }

  transitions(state: number, action: number): Transition[] {
    const here = this.letter(state);
    if (here === 'G' || here === 'H') return [{ prob: 1, next: state, reward: 0, terminated: true }];
    const dirs = this.isSlippery ? [(action + 3) % 4, action, (action + 1) % 4] : [action];
    return dirs.map((a) => {
      const [r, c] = clampMove(Math.floor(state / this.cols), state % this.cols, DIRS[a], this.rows, this.cols);
      const next = r * this.cols + c, l = this.letter(next);
      return { prob: 1 / dirs.length, next, reward: l === 'G' ? 1 : 0, terminated: l === 'G' || l === 'H' };
    });
  }

  protected resetImpl(): ResetResult<number> {
    this.s = this.desc.join('').indexOf('S');
    return { obs: this.s, info: { prob: 1 } };
  }

  protected stepImpl(action: number): StepResult<number> {
    const ts = this.transitions(this.s, action);
    // Gymnasium draws the outcome from the categorical distribution over P[s][a].
    const t = ts[this.random.int(0, ts.length)];
    this.s = t.next;
    return { obs: t.next, reward: t.reward, terminated: t.terminated, truncated: false, info: { prob: t.prob } };
  }

  render(): string { return gridText(this.rows, this.cols, (r, c) => this.desc[r][c], this.s); }

  renderSvg(): string {
    const fills: Record<string, string> = { S: '#dbeafe', F: '#eff6ff', H: '#1e3a8a', G: '#98df8a' };
    return gridSvg(this.rows, this.cols, (r, c) => ({ fill: fills[this.desc[r][c]], label: 'SG'.includes(this.desc[r][c]) ? this.desc[r][c] : '' }),
      { row: Math.floor(this.s / this.cols), col: this.s % this.cols }, this.id);
  }
}
