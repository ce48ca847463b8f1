import { Generator } from '../../core/random.js';
import { Board, isOver, legalMoves, play, toMove, winner } from '../envs/tictactoe.js';
import { Evaluator, greedyMove, mctsSearch } from './mcts.js';

/** One training target: a position, the search's visit distribution π there, and the outcome z for its mover. */
export interface SelfPlayExample { board: Board; pi: Float64Array; z: number }

export interface SelfPlayOptions {
  simulations: number;
  cPuct: number;
  dirichletAlpha: number;
  noiseFraction: number;
  /** Moves sampled in proportion to visit counts (temperature 1) before play turns greedy. */
  temperatureMoves: number;
  /**
   * Opening plies played uniformly at random (their positions are still searched and recorded), so
   * training sees every opening, including those the learner itself would never choose.
   */
  randomOpeningPlies: number;
}

/**
 * One self-play game (Silver et al. 2017, "Self-play"): at every move, a search with Dirichlet noise
 * at the root; π = N(s, ·)/Σ N; the move is drawn from π for the first `temperatureMoves` plies and is
 * the most visited afterwards; the first `randomOpeningPlies` moves are uniform over the legal ones
 * instead. When the game ends every position gets z = +1 if its mover won,
 * −1 if they lost, 0 for a draw.
 *
 * @example
 * const { examples, winner } = selfPlayGame((b) => net.evaluate(b), SELF_PLAY_DEFAULTS, new Generator(0));
 */
export function selfPlayGame(evaluate: Evaluator, o: SelfPlayOptions, gen: Generator): { examples: SelfPlayExample[]; winner: number } {
  let b: Board = new Int8Array(9);
  const visited: { board: Board; pi: Float64Array; mover: number }[] = [];
  for (let ply = 0; !isOver(b); ply++) {
    const visits = mctsSearch(b, evaluate, { simulations: o.simulations, cPuct: o.cPuct, dirichletAlpha: o.dirichletAlpha, noiseFraction: o.noiseFraction, gen });
    const total = visits.reduce((s, v) => s + v, 0);
    const pi = visits.map((v) => v / total);
    visited.push({ board: b, pi, mover: toMove(b) });
    const move = ply < o.randomOpeningPlies ? randomCell(b, gen) : ply < o.temperatureMoves ? sampleCell(pi, gen) : greedyMove(visits);
    b = play(b, move);
  }
  const w = winner(b);
  return { examples: visited.map((v) => ({ board: v.board, pi: v.pi, z: w * v.mover })), winner: w };
}

/** A uniformly drawn empty cell. */
function randomCell(b: Board, gen: Generator): number {
  const moves = legalMoves(b);
  return moves[gen.int(0, moves.length)];
}

/** A cell drawn with probability `p[cell]`. */
function sampleCell(p: ArrayLike<number>, gen: Generator): number {
  let u = gen.uniform(), last = 0;
  for (let m = 0; m < 9; m++) {
    if (p[m] <= 0) continue;
    last = m;
    u -= p[m];
    if (u < 0) return m;
  }
  return last;
}
