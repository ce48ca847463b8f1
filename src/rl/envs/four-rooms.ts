import { ValueError } from '../../core/errors.js';
import { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Discrete } from '../spaces.js';
import { gridSvg } from '../render/svg.js';
import { MOVES, TabularModel, Transition, gridText } from './grid.js';

/** The four-rooms layout of Sutton, Precup & Singh 1999 (Fig. 2): 11×11 free cells inside a wall. */
export const FOUR_ROOMS_LAYOUT = [
  'wwwwwwwwwwwww',
  'w     w     w',
  'w     w     w',
  'w           w',
  'w     w     w',
  'w     w     w',
  'ww wwww     w',
  'w     www www',
  'w     w     w',
  'w     w     w',
  'w           w',
  'w     w     w',
  'wwwwwwwwwwwww',
] as const;

/** Actions: 0 up, 1 down, 2 left, 3 right. */
const DIRS = [MOVES.up, MOVES.down, MOVES.left, MOVES.right];

export interface FourRoomsOptions {
  /** Goal cell as [row, col] in the layout; default the east hallway (G1 in the paper's Fig. 2 sits in a hallway too). */
  goal?: [number, number];
  /** Fixed start cell [row, col]; default: uniform over free cells other than the goal. */
  start?: [number, number];
  /** Probability that the chosen move happens; otherwise one of the other three, uniformly (paper: 2/3). */
  successProb?: number;
}

/**
 * The four-rooms grid world (Sutton, Precup & Singh 1999): four rooms joined by four one-cell
 * hallways. Moves succeed with probability 2/3, else go one of the other three ways (1/9 each);
 * walls leave the agent in place. Reward 1 on entering the goal, which terminates; 0 otherwise.
 * States number the free cells row by row (`cellOf`/`stateOf` convert).
 *
 * @example
 * const env = new FourRooms({ start: [1, 1] });
 * env.reset({ seed: 0 });
 */
export class FourRooms extends Env<number, number> implements TabularModel {
  readonly id = 'FourRooms-v0';
  readonly rows = FOUR_ROOMS_LAYOUT.length;
  readonly cols = FOUR_ROOMS_LAYOUT[0].length;
  readonly numActions = 4;
  readonly numStates: number;
  readonly observationSpace: Discrete;
  readonly actionSpace = new Discrete(4);
  readonly goal: number;
  readonly successProb: number;
  private readonly start: number | null;
  private readonly cells: [number, number][] = [];
  private readonly index = new Map<number, number>();
  private s = 0;

  constructor(opts: FourRoomsOptions = {}) {
    super();
    for (let r = 0; r < this.rows; r++) for (let c = 0; c < this.cols; c++) {
      if (FOUR_ROOMS_LAYOUT[r][c] !== 'w') { this.index.set(r * this.cols + c, this.cells.length); this.cells.push([r, c]); }
    }
    this.numStates = this.cells.length;
    this.observationSpace = new Discrete(this.numStates);
    this.goal = this.stateOf(...(opts.goal ?? [7, 9]));
    this.start = opts.start ? this.stateOf(...opts.start) : null;
    this.successProb = opts.successProb ?? 2 / 3;
    if (!(this.successProb >= 0 && this.successProb <= 1)) throw new ValueError(`FourRooms: successProb must be in [0, 1], got ${this.successProb}`);
  }

  /** State number of a free cell. */
  stateOf(row: number, col: number): number {
    const s = this.index.get(row * this.cols + col);
    if (s === undefined) throw new ValueError(`FourRooms: cell [${row}, ${col}] is a wall or outside the ${this.rows}×${this.cols} layout; pick a free cell`);
    return s;
  }
  /** [row, col] of a state. */
  cellOf(state: number): [number, number] { return [...this.cells[state]] as [number, number]; }
  get state(): number { return this.s; }

  /** Where a move in direction `a` from `state` lands if it happens (walls block). */
  moveTarget(state: number, a: number): number {
    const [r, c] = this.cells[state];
    const nr = r + DIRS[a][0], nc = c + DIRS[a][1];
    return FOUR_ROOMS_LAYOUT[nr][nc] === 'w' ? state : this.index.get(nr * this.cols + nc)!;
  }

  transitions(state: number, action: number): Transition[] {
    if (state === this.goal) return [{ prob: 1, next: state, reward: 0, terminated: true }];
    const slip = (1 - this.successProb) / 3;
    return [0, 1, 2, 3].map((a) => {
      const next = this.moveTarget(state, a);
      return { prob: a === action ? this.successProb : slip, next, reward: next === this.goal ? 1 : 0, terminated: next === this.goal };
    });
  }

  protected resetImpl(_opts: ResetOptions): ResetResult<number> {
    if (this.start !== null) this.s = this.start;
    else { do { this.s = this.random.int(0, this.numStates); } while (this.s === this.goal); }
    return { obs: this.s, info: {} };
  }

  protected stepImpl(action: number): StepResult<number> {
    let a = action;
    if (this.random.uniform() >= this.successProb) {
      // One of the three other directions, uniformly.
      a = (action + 1 + this.random.int(0, 3)) % 4;
    }
    const next = this.moveTarget(this.s, a);
    this.s = next;
    const done = next === this.goal;
    return { obs: next, reward: done ? 1 : 0, terminated: done, truncated: false, info: {} };
  }

  private letter(r: number, c: number): string {
    if (FOUR_ROOMS_LAYOUT[r][c] === 'w') return '#';
    return this.index.get(r * this.cols + c) === this.goal ? 'G' : '.';
  }

  render(): string {
    const [ar, ac] = this.cells[this.s];
    return gridText(this.rows, this.cols, (r, c) => this.letter(r, c), ar * this.cols + ac);
  }

  renderSvg(): string {
    const [ar, ac] = this.cells[this.s];
    return gridSvg(this.rows, this.cols, (r, c) => {
      const l = this.letter(r, c);
      return { fill: l === '#' ? '#444' : l === 'G' ? '#98df8a' : '#fff', label: l === 'G' ? 'G' : '' };
    }, { row: ar, col: ac }, this.id, 24);
  }
}
