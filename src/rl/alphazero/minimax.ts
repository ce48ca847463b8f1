import { Board, legalMoves, play, toMove, winner } from '../envs/tictactoe.js';

/** A board as one base-3 number (cell i contributes (value + 1)·3^i): a compact key for tables. */
export function boardKey(b: Board): number {
  let k = 0;
  for (let i = 8; i >= 0; i--) k = k * 3 + b[i] + 1;
  return k;
}

const memo = new Map<number, number>();

/**
 * The exact value of a tic-tac-toe position for the player to move, by negamax over the full game
 * tree: +1 a forced win, 0 a draw with best play, −1 a forced loss. Values are memoised by board (the
 * game has 5,478 reachable positions), so a full solve from the empty board costs milliseconds.
 *
 * @example
 * minimaxValue(new Int8Array(9)); // 0: tic-tac-toe is a draw
 */
export function minimaxValue(b: Board): number {
  const key = boardKey(b);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  let v: number;
  const w = winner(b);
  if (w !== 0) v = w === toMove(b) ? 1 : -1; // only the player who just moved can have a line
  else {
    const moves = legalMoves(b);
    v = moves.length === 0 ? 0 : -Infinity;
    for (const m of moves) v = Math.max(v, 0 - minimaxValue(play(b, m))); // 0 − x, not −x: no −0
  }
  memo.set(key, v);
  return v;
}

/**
 * Value of each legal move for the player to move (the negated value of the position it leads to),
 * as a 9-vector with NaN on occupied cells.
 *
 * @example
 * moveValues(new Int8Array([1, 1, 0, -1, -1, 0, 0, 0, 0]))[2]; // 1: X completes the top row
 */
export function moveValues(b: Board): Float64Array {
  const out = new Float64Array(9).fill(NaN);
  for (const m of legalMoves(b)) out[m] = 0 - minimaxValue(play(b, m));
  return out;
}

/**
 * Every move that keeps the position's minimax value (a perfect player may play any of them).
 *
 * @example
 * optimalMoves(new Int8Array([1, 1, 0, -1, -1, 0, 0, 0, 0])); // [2]
 */
export function optimalMoves(b: Board): number[] {
  const v = moveValues(b);
  const best = minimaxValue(b);
  return legalMoves(b).filter((m) => v[m] === best);
}
