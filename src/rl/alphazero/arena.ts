import { Board, isOver, legalMoves, play, winner } from '../envs/tictactoe.js';
import { boardKey, optimalMoves } from './minimax.js';
import { Evaluator, greedyMove, mctsSearch } from './mcts.js';

/** A deterministic player: the cell to play on a board where it is to move. */
export type Player = (b: Board) => number;

/** Results of every game in an enumeration; `lostLines` lists the move sequences of the losses. */
export interface ArenaResult { games: number; wins: number; draws: number; losses: number; lostLines: number[][] }

/**
 * Plays `player` against every line an opponent can choose: at each opponent turn the game branches
 * over all the opponent's candidate moves, so one call covers every opening and every reply.
 * `opponent: 'perfect'` branches over the moves that keep the exact minimax value (every way a
 * perfect player may play, including every first move, since all nine draw); `'any'` branches over
 * all legal moves (every possible opponent). The player must be deterministic.
 *
 * @example
 * const res = playAllLines(minimaxPlayer, 'second', 'perfect'); // res.losses === 0
 */
export function playAllLines(player: Player, seat: 'first' | 'second', opponent: 'perfect' | 'any'): ArenaResult {
  const me = seat === 'first' ? 1 : -1;
  const res: ArenaResult = { games: 0, wins: 0, draws: 0, losses: 0, lostLines: [] };
  const line: number[] = [];
  const walk = (b: Board, mover: number) => {
    if (isOver(b)) {
      const w = winner(b);
      res.games++;
      if (w === me) res.wins++; else if (w === 0) res.draws++; else { res.losses++; res.lostLines.push(line.slice()); }
      return;
    }
    const moves = mover === me ? [player(b)] : opponent === 'perfect' ? optimalMoves(b) : legalMoves(b);
    for (const m of moves) {
      line.push(m);
      walk(play(b, m), -mover);
      line.pop();
    }
  };
  walk(new Int8Array(9), 1);
  return res;
}

/**
 * A perfect player: the lowest cell among the moves with the best minimax value.
 *
 * @example
 * minimaxPlayer(new Int8Array([1, 1, 0, -1, -1, 0, 0, 0, 0])); // 2
 */
export const minimaxPlayer: Player = (b) => optimalMoves(b)[0];

/**
 * Deterministic greedy play from MCTS without root noise: the most visited move, memoised per board
 * (the search itself is deterministic, so the memo changes nothing but the time).
 *
 * @example
 * const player = mctsPlayer((b) => net.evaluate(b), 100, 1.5);
 */
export function mctsPlayer(evaluate: Evaluator, simulations: number, cPuct: number): Player {
  const memo = new Map<number, number>();
  return (b) => {
    const k = boardKey(b);
    let m = memo.get(k);
    if (m === undefined) { m = greedyMove(mctsSearch(b, evaluate, { simulations, cPuct })); memo.set(k, m); }
    return m;
  };
}
