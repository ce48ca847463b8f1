import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { Board, isOver, legalMoves, play, winner } from '../envs/tictactoe.js';
import { sampleDirichlet } from './dirichlet.js';

/** Prior move probabilities (9 cells) and the value for the player to move, as a network gives them. */
export type Evaluator = (b: Board) => { priors: ArrayLike<number>; value: number };

export interface MctsOptions {
  /** Simulations (leaf evaluations) per search. */
  simulations: number;
  /** Exploration constant c_puct of the PUCT rule. */
  cPuct: number;
  /** Mix Dirichlet(α) noise into the root priors (self-play only): P = (1 − ε) p + ε η. */
  dirichletAlpha?: number;
  noiseFraction?: number;
  /** Draws the root noise; required when `noiseFraction` > 0. */
  gen?: Generator;
}

/** A search-tree node: statistics N(s, a), W(s, a), P(s, a) over the legal moves of `board`. */
class Node {
  readonly moves: number[];
  readonly P: Float64Array;
  readonly N: Float64Array;
  readonly W: Float64Array;
  readonly children: (Node | null)[];
  expanded = false;
  constructor(readonly board: Board) {
    this.moves = isOver(board) ? [] : legalMoves(board);
    const k = this.moves.length;
    this.P = new Float64Array(k); this.N = new Float64Array(k); this.W = new Float64Array(k);
    this.children = new Array(k).fill(null);
  }
}

/** Exact value of a finished game for the player to move: only the previous mover can have won. */
function terminalValue(b: Board): number { return winner(b) !== 0 ? -1 : 0; }

/**
 * The PUCT choice (Silver et al. 2017, Methods "Select"): a = argmax Q(s, a) + U(s, a) with
 * U = c_puct P(s, a) √(Σ_b N(s, b)) / (1 + N(s, a)). Unvisited moves count Q = 0. The node's own
 * expansion counts as one visit so the priors already steer the first choice.
 */
function select(node: Node, cPuct: number): number {
  let total = 1;
  for (const n of node.N) total += n;
  const sq = Math.sqrt(total);
  let best = 0, bestScore = -Infinity;
  for (let i = 0; i < node.moves.length; i++) {
    const q = node.N[i] > 0 ? node.W[i] / node.N[i] : 0;
    const score = q + cPuct * node.P[i] * sq / (1 + node.N[i]);
    if (score > bestScore) { bestScore = score; best = i; }
  }
  return best;
}

function expand(node: Node, evaluate: Evaluator): number {
  const { priors, value } = evaluate(node.board);
  let s = 0;
  node.moves.forEach((m, i) => { node.P[i] = priors[m]; s += priors[m]; });
  // A network prior may put (almost) no mass on the legal moves; fall back to uniform then.
  if (!(s > 1e-12)) node.P.fill(1 / node.moves.length);
  else if (Math.abs(s - 1) > 1e-9) for (let i = 0; i < node.P.length; i++) node.P[i] /= s;
  node.expanded = true;
  return value;
}

/**
 * Monte Carlo tree search guided by an evaluator (AlphaZero's search, Silver et al. 2018): each
 * simulation descends by PUCT to a leaf, evaluates it with the network (or scores a finished game
 * exactly), and backs the value up the path, negating it at each ply because the players alternate.
 * Returns the root visit counts N(s₀, a) per cell (0 on occupied cells), which are the search policy.
 *
 * @example
 * const uniform: Evaluator = () => ({ priors: new Float64Array(9).fill(1 / 9), value: 0 });
 * const visits = mctsSearch(new Int8Array([1, 1, 0, -1, -1, 0, 0, 0, 0]), uniform, { simulations: 200, cPuct: 1.5 });
 */
export function mctsSearch(board: Board, evaluate: Evaluator, o: MctsOptions): Float64Array {
  if (isOver(board)) throw new ValueError('mctsSearch: the game on this board is already over; search needs a position with legal moves');
  if (!(Number.isInteger(o.simulations) && o.simulations >= 1)) throw new ValueError(`mctsSearch: simulations must be a positive integer, got ${o.simulations}`);
  const root = new Node(board);
  expand(root, evaluate);
  const eps = o.noiseFraction ?? 0;
  if (eps > 0) {
    if (!o.gen) throw new ValueError('mctsSearch: root noise needs a generator; pass gen in the options');
    const eta = sampleDirichlet(o.dirichletAlpha ?? 0.3, root.moves.length, o.gen);
    for (let i = 0; i < root.P.length; i++) root.P[i] = (1 - eps) * root.P[i] + eps * eta[i];
  }
  const path: [Node, number][] = [];
  for (let sim = 0; sim < o.simulations; sim++) {
    path.length = 0;
    let node = root;
    while (node.expanded && node.moves.length > 0) {
      const i = select(node, o.cPuct);
      path.push([node, i]);
      node = node.children[i] ??= new Node(play(node.board, node.moves[i]));
    }
    // Value for the player to move at the leaf.
    let value = node.moves.length === 0 ? terminalValue(node.board) : expand(node, evaluate);
    for (let k = path.length - 1; k >= 0; k--) {
      value = -value;
      const [parent, i] = path[k];
      parent.N[i] += 1; parent.W[i] += value;
    }
  }
  const visits = new Float64Array(9);
  root.moves.forEach((m, i) => { visits[m] = root.N[i]; });
  return visits;
}

/**
 * The most visited cell (the lowest cell among ties): deterministic greedy play from a search.
 *
 * @example
 * greedyMove(mctsSearch(board, evaluate, { simulations: 100, cPuct: 1.5 }));
 */
export function greedyMove(visits: ArrayLike<number>): number {
  let best = 0;
  for (let m = 1; m < 9; m++) if (visits[m] > visits[best]) best = m;
  return best;
}
