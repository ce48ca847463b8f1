import { Env, ResetResult, StepResult } from '../env.js';
import { Discrete } from '../spaces.js';
import { gridSvg } from '../render/svg.js';
import { MOVES, TabularModel, Transition, clampMove, gridText } from './grid.js';

const ROWS = 4, COLS = 12;
const START = 3 * COLS, GOAL = 3 * COLS + COLS - 1;
/** Actions as in Gymnasium's CliffWalking: 0 up, 1 right, 2 down, 3 left. */
const DIRS = [MOVES.up, MOVES.right, MOVES.down, MOVES.left];

function isCliff(s: number): boolean { return s > START && s < GOAL; }

/**
 * Cliff walking (Sutton & Barto 2018, Example 6.6): a 4×12 grid, start bottom-left, goal bottom-right,
 * the cells between them a cliff. Reward −1 per step; stepping into the cliff gives −100 and returns
 * the agent to the start without ending the episode. Terminates at the goal.
 *
 * @example
 * const env = new CliffWalking();
 * env.reset({ seed: 0 });
 * env.step(0); // { obs: 24, reward: -1, terminated: false, ... }
 */
export class CliffWalking extends Env<number, number> implements TabularModel {
  readonly id = 'CliffWalking-v0';
  readonly observationSpace = new Discrete(ROWS * COLS);
  readonly actionSpace = new Discrete(4);
  readonly numStates = ROWS * COLS;
  readonly numActions = 4;
  readonly rows = ROWS;
  readonly cols = COLS;
  static readonly START = START;
  static readonly GOAL = GOAL;
  private s = START;

  get state(): number { return this.s; }

  transitions(state: number, action: number): Transition[] {
    const [r, c] = clampMove(Math.floor(state / COLS), state % COLS, DIRS[action], ROWS, COLS);
    const next = r * COLS + c;
    if (isCliff(next)) return [{ prob: 1, next: START, reward: -100, terminated: false }];
    return [{ prob: 1, next, reward: -1, terminated: next === GOAL }];
  }

  protected resetImpl(): ResetResult<number> {
    this.s = START;
    return { obs: this.s, info: {} };
  }

  protected stepImpl(action: number): StepResult<number> {
    const t = this.transitions(this.s, action)[0];
    this.s = t.next;
    return { obs: t.next, reward: t.reward, terminated: t.terminated, truncated: false, info: { cliff: t.reward === -100 } };
  }

  render(): string {
    return gridText(ROWS, COLS, (r, c) => {
      const s = r * COLS + c;
      return s === START ? 'S' : s === GOAL ? 'G' : isCliff(s) ? 'C' : '.';
    }, this.s);
  }

  renderSvg(): string {
    return gridSvg(ROWS, COLS, (r, c) => {
      const s = r * COLS + c;
      if (isCliff(s)) return { fill: '#7f7f7f', label: '' };
      return { fill: s === GOAL ? '#98df8a' : '#ffffff', label: s === START ? 'S' : s === GOAL ? 'G' : '' };
    }, { row: Math.floor(this.s / COLS), col: this.s % COLS }, 'CliffWalking');
  }
}
