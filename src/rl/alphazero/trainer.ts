import { Tensor } from '../../core/tensor.js';
import { Generator } from '../../core/random.js';
import { Adam } from '../../optim/adam.js';
import { Board } from '../envs/tictactoe.js';
import { boardKey } from './minimax.js';
import { encodeBoards, PolicyValueNet } from './network.js';
import { Evaluator } from './mcts.js';
import { selfPlayGame, SelfPlayExample, SelfPlayOptions } from './self-play.js';
import { SYMMETRIES, transform } from './symmetry.js';
import { breathe } from '../../core/breathe.js';

export interface AlphaZeroConfig extends SelfPlayOptions {
  iterations: number;
  gamesPerIteration: number;
  /** Most recent positions kept for training (each game adds 8 symmetric copies of each position). */
  bufferSize: number;
  batchSize: number;
  trainStepsPerIteration: number;
  lr: number;
  /** L2 penalty c‖θ‖² of the AlphaZero loss, through Adam's weight decay. */
  weightDecay: number;
  hidden: number;
}

export const ALPHAZERO_TICTACTOE: AlphaZeroConfig = {
  iterations: 30, gamesPerIteration: 40, simulations: 50, cPuct: 1.5, dirichletAlpha: 0.5, noiseFraction: 0.25, temperatureMoves: 4, randomOpeningPlies: 1,
  bufferSize: 20_000, batchSize: 128, trainStepsPerIteration: 100, lr: 2e-3, weightDecay: 1e-4, hidden: 64,
};

/** What one iteration did: its self-play results and the mean training losses. */
export interface IterationStats { iteration: number; xWins: number; oWins: number; draws: number; policyLoss: number; valueLoss: number; bufferSize: number }

/**
 * A network evaluator that remembers each position's output until `clear()` (the weights are fixed
 * during an iteration's self-play, and tic-tac-toe has only 5,478 positions).
 *
 * @example
 * const ev = cachedEvaluator(net); mctsSearch(board, ev.evaluate, opts); ev.clear();
 */
export function cachedEvaluator(net: PolicyValueNet): { evaluate: Evaluator; clear: () => void } {
  const cache = new Map<number, { priors: Float64Array; value: number }>();
  return {
    evaluate: (b: Board) => {
      const k = boardKey(b);
      let hit = cache.get(k);
      if (!hit) { hit = net.evaluate(b); cache.set(k, hit); }
      return hit;
    },
    clear: () => cache.clear(),
  };
}

/**
 * One gradient step on AlphaZero's loss (Silver et al. 2018): l = (z − v)² − πᵀ log p (+ c‖θ‖² via
 * weight decay), averaged over the minibatch. Returns the two loss terms.
 *
 * @example
 * alphaZeroStep(net, opt, examples);
 */
export function alphaZeroStep(net: PolicyValueNet, opt: Adam, batch: readonly SelfPlayExample[]): { policyLoss: number; valueLoss: number } {
  const n = batch.length;
  const [logits, value] = net.forward(encodeBoards(batch.map((e) => e.board)));
  const pi = new Tensor(Float32Array.from(batch.flatMap((e) => Array.from(e.pi))), [n, 9]);
  const z = new Tensor(Float32Array.from(batch, (e) => e.z), [n]);
  const policyLoss = pi.mul(logits.logSoftmax(-1)).sum(-1).mean().neg();
  const valueLoss = value.sub(z).pow(2).mean();
  opt.zeroGrad();
  policyLoss.add(valueLoss).backward();
  opt.step();
  return { policyLoss: policyLoss.item(), valueLoss: valueLoss.item() };
}

/** The eight symmetric copies of an example. */
export function augment(e: SelfPlayExample): SelfPlayExample[] {
  return SYMMETRIES.map((perm) => ({ board: Int8Array.from(transform(e.board, perm)), pi: Float64Array.from(transform(e.pi, perm)), z: e.z }));
}

/**
 * AlphaZero for tic-tac-toe: each iteration plays `gamesPerIteration` self-play games with the current
 * network guiding MCTS, adds their positions (with the eight board symmetries) to a replay window,
 * then takes `trainStepsPerIteration` minibatch steps on (state, π, z). As in AlphaZero (unlike AlphaGo
 * Zero) there is no evaluation gate: the newest network always plays the next games. One addition to
 * the published recipe: the first ply of each game is uniform (`randomOpeningPlies: 1`). Self-play
 * soon settles on centre and corner openings, and without it the second player never learns the
 * edge openings a perfect opponent may also choose (3 and 4 games lost to it with seeds 1 and 2).
 *
 * @example
 * const { net, history } = await trainAlphaZero({ iterations: 2, gamesPerIteration: 5 }, { seed: 0 });
 */
export async function trainAlphaZero(config: Partial<AlphaZeroConfig>, o: { seed: number; onIteration?: (s: IterationStats, net: PolicyValueNet) => void; signal?: AbortSignal }): Promise<{ net: PolicyValueNet; history: IterationStats[]; config: AlphaZeroConfig }> {
  const c = { ...ALPHAZERO_TICTACTOE, ...config };
  const gen = new Generator(o.seed);
  const net = new PolicyValueNet(c.hidden);
  const opt = new Adam(net.parameters(), { lr: c.lr, weightDecay: c.weightDecay });
  const ev = cachedEvaluator(net);
  const buffer: SelfPlayExample[] = [];
  const history: IterationStats[] = [];
  for (let it = 1; it <= c.iterations && !o.signal?.aborted; it++) {
    const stats: IterationStats = { iteration: it, xWins: 0, oWins: 0, draws: 0, policyLoss: 0, valueLoss: 0, bufferSize: 0 };
    ev.clear();
    for (let g = 0; g < c.gamesPerIteration; g++) {
      // With a signal, let the event loop run now and then so an abort (Ctrl-C) can arrive.
      if (o.signal) { await breathe(); if (o.signal.aborted) break; }
      const game = selfPlayGame(ev.evaluate, c, gen);
      if (game.winner === 1) stats.xWins++; else if (game.winner === -1) stats.oWins++; else stats.draws++;
      for (const e of game.examples) buffer.push(...augment(e));
    }
    if (buffer.length > c.bufferSize) buffer.splice(0, buffer.length - c.bufferSize);
    for (let s = 0; s < c.trainStepsPerIteration; s++) {
      const batch = Array.from({ length: Math.min(c.batchSize, buffer.length) }, () => buffer[gen.int(0, buffer.length)]);
      const l = alphaZeroStep(net, opt, batch);
      stats.policyLoss += l.policyLoss / c.trainStepsPerIteration;
      stats.valueLoss += l.valueLoss / c.trainStepsPerIteration;
    }
    stats.bufferSize = buffer.length;
    history.push(stats);
    o.onIteration?.(stats, net);
  }
  return { net, history, config: c };
}
