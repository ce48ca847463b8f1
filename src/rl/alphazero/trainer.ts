import { Tensor } from '../../core/tensor.js';
import { Generator, defaultGenerator, type GeneratorState } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { saveCheckpoint, loadCheckpoint, restoreCheckpoint } from '../../io/checkpoint-file.js';
import { existsSync } from 'node:fs';
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

/** Self-play examples packed for a checkpoint: boards as bytes (+1), π and z as float64 arrays. */
function packExamples(buf: SelfPlayExample[]): { boards: Uint8Array; pi: Float64Array; z: Float64Array } {
  const boards = new Uint8Array(buf.length * 9), pi = new Float64Array(buf.length * 9), z = new Float64Array(buf.length);
  buf.forEach((e, k) => { for (let i = 0; i < 9; i++) { boards[k * 9 + i] = e.board[i] + 1; pi[k * 9 + i] = e.pi[i]; } z[k] = e.z; });
  return { boards, pi, z };
}

function unpackExamples(p: { boards?: unknown; pi?: unknown; z?: unknown }, where: string): SelfPlayExample[] {
  if (!(p?.boards instanceof Uint8Array) || !(p.pi instanceof Float64Array) || !(p.z instanceof Float64Array) || p.boards.length % 9 !== 0
    || p.pi.length !== p.boards.length || p.z.length !== p.boards.length / 9) {
    throw new ValueError(`trainAlphaZero: ${where} holds no readable self-play buffer; it is damaged or from another version, delete it to start afresh`);
  }
  const pi = p.pi, z = p.z, boards = Int8Array.from(p.boards, (v) => v - 1);
  return Array.from({ length: z.length }, (_, k) => ({ board: boards.slice(k * 9, k * 9 + 9), pi: pi.slice(k * 9, k * 9 + 9), z: z[k] }));
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
export async function trainAlphaZero(config: Partial<AlphaZeroConfig>, o: {
  seed: number; onIteration?: (s: IterationStats, net: PolicyValueNet) => void; signal?: AbortSignal;
  /** Checkpoint file, written atomically after every completed round; an existing one is resumed from. */
  checkpoint?: string | null;
  /** What the caller accumulates in onIteration, saved with each round and handed back on resume. */
  state?: { save(): Record<string, unknown>; load(saved: Record<string, unknown>): void };
}): Promise<{ net: PolicyValueNet; history: IterationStats[]; config: AlphaZeroConfig }> {
  const c = { ...ALPHAZERO_TICTACTOE, ...config };
  const gen = new Generator(o.seed);
  const net = new PolicyValueNet(c.hidden);
  const opt = new Adam(net.parameters(), { lr: c.lr, weightDecay: c.weightDecay });
  const ev = cachedEvaluator(net);
  let buffer: SelfPlayExample[] = [];
  let history: IterationStats[] = [];
  const ck = o.checkpoint ?? null;
  if (ck && existsSync(ck)) {
    const saved = loadCheckpoint(ck);
    const st = saved.extra as { history?: IterationStats[]; buffer?: { boards?: unknown; pi?: unknown; z?: unknown }; gen?: GeneratorState; user?: Record<string, unknown> | null } | undefined;
    if (!Array.isArray(st?.history) || !st.buffer || !st.gen) throw new ValueError(`trainAlphaZero: ${ck} holds no AlphaZero training state; delete it to start afresh`);
    restoreCheckpoint(saved, { model: net, optimizer: opt as unknown as Optimizer<{ lr: number }>, generator: defaultGenerator });
    buffer = unpackExamples(st.buffer, ck);
    history = st.history;
    gen.setState(st.gen);
    if (o.state && st.user) o.state.load(st.user);
  }
  for (let it = history.length + 1; it <= c.iterations && !o.signal?.aborted; it++) {
    const stats: IterationStats = { iteration: it, xWins: 0, oWins: 0, draws: 0, policyLoss: 0, valueLoss: 0, bufferSize: 0 };
    ev.clear();
    let complete = true;
    for (let g = 0; g < c.gamesPerIteration; g++) {
      // With a signal, let the event loop run now and then so an abort (Ctrl-C) can arrive.
      if (o.signal) { await breathe(); if (o.signal.aborted) { complete = false; break; } }
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
    // Only whole rounds are saved: a resumed run replays an interrupted round from its start.
    if (ck && complete) {
      saveCheckpoint(ck, { model: net.stateDict(), optimizer: opt.stateDict(), rng: defaultGenerator.getState(), epoch: it, step: it,
        extra: { history, buffer: packExamples(buffer), gen: gen.getState(), user: o.state?.save() ?? null } as unknown as Record<string, unknown> });
    }
  }
  return { net, history, config: c };
}
