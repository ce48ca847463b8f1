import { ValueError } from '../../core/errors.js';
import { Env, ResetResult, StepResult } from '../env.js';
import { Box, Discrete } from '../spaces.js';
import { svgDocument } from '../render/svg.js';

/** A board: 9 cells row by row, +1 for X (who moves first), −1 for O, 0 empty. */
export type Board = Int8Array;

const LINES = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]] as const;

/** +1 if X has three in a row, −1 if O has, 0 otherwise. */
export function winner(b: Board): number {
  for (const [i, j, k] of LINES) if (b[i] !== 0 && b[i] === b[j] && b[j] === b[k]) return b[i];
  return 0;
}

/** Empty cells, in increasing order. */
export function legalMoves(b: Board): number[] {
  const out: number[] = [];
  for (let i = 0; i < 9; i++) if (b[i] === 0) out.push(i);
  return out;
}

/** Whose turn it is: X (+1) when the counts are equal. */
export function toMove(b: Board): 1 | -1 {
  let n = 0;
  for (let i = 0; i < 9; i++) n += b[i];
  return n === 0 ? 1 : -1;
}

/** True when someone won or the board is full. */
export function isOver(b: Board): boolean { return winner(b) !== 0 || legalMoves(b).length === 0; }

/** A new board with the player to move placed on `cell`. */
export function play(b: Board, cell: number): Board {
  if (!(Number.isInteger(cell) && cell >= 0 && cell < 9) || b[cell] !== 0) {
    throw new ValueError(`tictactoe: cell ${cell} is not a legal move; legal cells are [${legalMoves(b).join(', ')}]`);
  }
  if (isOver(b)) throw new ValueError('tictactoe: the game is already over; start a new board');
  const nb = b.slice();
  nb[cell] = toMove(b);
  return nb;
}

/** The board seen by the player to move: their stones +1, the opponent's −1 (the network's input). */
export function canonical(b: Board): Float32Array {
  const p = toMove(b);
  return Float32Array.from(b, (v) => v * p);
}

/** Board as three lines of X, O and `.`. */
export function boardText(b: Board): string {
  const ch = (v: number) => (v === 1 ? 'X' : v === -1 ? 'O' : '.');
  return [0, 3, 6].map((r) => `${ch(b[r])}${ch(b[r + 1])}${ch(b[r + 2])}`).join('\n');
}

/**
 * Tic-tac-toe for self-play: both players act through `step`, X first. The observation is the board
 * from the view of the player to move (their stones +1); `info.player` is who moves next and
 * `info.legal` the empty cells. Reward goes to the player who just moved: +1 for a win, 0 otherwise.
 * Playing an occupied cell throws.
 *
 * @example
 * const env = new TicTacToe();
 * env.reset({ seed: 0 });
 * env.step(4); // X takes the centre
 */
export class TicTacToe extends Env<Float32Array, number> {
  readonly id = 'TicTacToe-v0';
  readonly observationSpace = new Box(new Array(9).fill(-1), new Array(9).fill(1));
  readonly actionSpace = new Discrete(9);
  private b: Board = new Int8Array(9);

  /** The board (a copy), X = +1. */
  get board(): Board { return this.b.slice(); }

  protected resetImpl(): ResetResult<Float32Array> {
    this.b = new Int8Array(9);
    return { obs: canonical(this.b), info: { player: 1, legal: legalMoves(this.b) } };
  }

  protected stepImpl(action: number): StepResult<Float32Array> {
    const mover = toMove(this.b);
    this.b = play(this.b, action);
    const w = winner(this.b);
    const terminated = w !== 0 || legalMoves(this.b).length === 0;
    return { obs: canonical(this.b), reward: w === mover ? 1 : 0, terminated, truncated: false, info: { player: -mover, legal: legalMoves(this.b), winner: w } };
  }

  render(): string { return boardText(this.b); }

  renderSvg(): string {
    const S = 60;
    let body = '<rect width="180" height="180" fill="#fff"/>';
    for (let i = 1; i < 3; i++) body += `<line x1="${i * S}" y1="0" x2="${i * S}" y2="180" stroke="#000" stroke-width="3"/><line x1="0" y1="${i * S}" x2="180" y2="${i * S}" stroke="#000" stroke-width="3"/>`;
    this.b.forEach((v, i) => {
      const x = (i % 3) * S + S / 2, y = Math.floor(i / 3) * S + S / 2;
      if (v === 1) body += `<path d="M${x - 18},${y - 18}L${x + 18},${y + 18}M${x + 18},${y - 18}L${x - 18},${y + 18}" stroke="#d62728" stroke-width="6"/>`;
      if (v === -1) body += `<circle cx="${x}" cy="${y}" r="19" fill="none" stroke="#1f77b4" stroke-width="6"/>`;
    });
    return svgDocument(180, 180, body, this.id);
  }
}
