import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed } from '../../src/core/random.js';
import { ValueError } from '../../src/core/errors.js';
import { Board } from '../../src/rl/envs/tictactoe.js';
import { minimaxValue, moveValues, optimalMoves } from '../../src/rl/alphazero/minimax.js';
import { mctsSearch, greedyMove, Evaluator } from '../../src/rl/alphazero/mcts.js';
import { playAllLines, minimaxPlayer, mctsPlayer } from '../../src/rl/alphazero/arena.js';
import { sampleDirichlet, sampleGamma } from '../../src/rl/alphazero/dirichlet.js';
import { SYMMETRIES, transform } from '../../src/rl/alphazero/symmetry.js';
import { PolicyValueNet, encodeBoards } from '../../src/rl/alphazero/network.js';
import { selfPlayGame } from '../../src/rl/alphazero/self-play.js';
import { alphaZeroStep, augment, cachedEvaluator, trainAlphaZero } from '../../src/rl/alphazero/trainer.js';
import { Adam } from '../../src/optim/adam.js';
import { assertClose } from '../helpers.js';

/** A board from a picture: X, O and '.' row by row. */
const board = (s: string): Board => Int8Array.from(s.replace(/\s/g, ''), (ch) => (ch === 'X' ? 1 : ch === 'O' ? -1 : 0));
/** How many complete lines each player has. */
const completeLines = (b: Board) => [1, -1].map((p) => LINES.filter((l) => l.every((i) => b[i] === p)).length);
const LINES = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];
const uniform: Evaluator = () => ({ priors: new Float64Array(9).fill(1 / 9), value: 0 });

test('minimax values of known positions, for the player to move', () => {
  assert.equal(minimaxValue(board('... ... ...')), 0, 'tic-tac-toe is a draw');
  assert.equal(minimaxValue(board('XX. OO. ...')), 1, 'X to move completes the top row');
  assert.equal(minimaxValue(board('XO. ... ...')), 1, 'O answered a corner with an adjacent edge: X forces a win');
  assert.equal(minimaxValue(board('X.. .O. ...')), 0, 'O answered a corner with the centre: a draw');
  assert.equal(minimaxValue(board('X.. ... ..O')), 1, 'O answered a corner with the opposite corner: X forces a win');
  assert.equal(minimaxValue(board('X.. .O. ..X')), 0, 'O to move against opposite corners holds the draw');
  assert.deepEqual(optimalMoves(board('X.. .O. ..X')), [1, 3, 5, 7], '... but only on an edge: a corner lets X fork');
  assert.equal(minimaxValue(board('XXX OO. ...')), -1, 'a finished game is lost for the player to move');
  assert.equal(minimaxValue(board('XOX XOO OXX')), 0, 'a full board without a line is drawn');
  assert.deepEqual(optimalMoves(board('X.. ... ...')), [4], 'against a corner opening only the centre holds the draw');
  assert.deepEqual(optimalMoves(board('XX. OO. ...')), [2]);
  const v = moveValues(board('XX. OO. ...'));
  assert.ok(Number.isNaN(v[0]) && v[2] === 1 && v[6] === -1, 'a quiet move lets O win at 5');
});

test('the perfect player never loses, whichever seat and whatever the opponent plays', () => {
  for (const seat of ['first', 'second'] as const) {
    const perfect = playAllLines(minimaxPlayer, seat, 'perfect');
    assert.equal(perfect.draws, perfect.games, `${seat}: perfect against perfect only draws`);
    const any = playAllLines(minimaxPlayer, seat, 'any');
    assert.equal(any.losses, 0);
    assert.ok(any.wins > any.draws, `${seat}: it punishes mistakes`);
  }
  // As second player the perfect opponent may open in any of the nine cells (all draw).
  const firstMoves = new Set<number>();
  const counting = (b: Board) => { if (b.filter((c) => c !== 0).length === 1) firstMoves.add(b.findIndex((c) => c !== 0)); return minimaxPlayer(b); };
  playAllLines(counting, 'second', 'perfect');
  assert.equal(firstMoves.size, 9);
});

test('MCTS with a uniform prior takes an immediate win and blocks an immediate loss', () => {
  const o = { simulations: 200, cPuct: 1.5 };
  // X to move; both sides threaten: winning now beats blocking.
  const win = mctsSearch(board('XX. OO. ...'), uniform, o);
  assert.equal(greedyMove(win), 2);
  assert.ok(win[2] > o.simulations / 2, `visits ${Array.from(win)}`);
  // O to move, X threatens the top row: only 2 avoids losing.
  assert.equal(greedyMove(mctsSearch(board('XX. .O. ...'), uniform, o)), 2);
  // O to move, X threatens the left column (6) and O completes the middle column (7).
  assert.equal(greedyMove(mctsSearch(board('XO. XO. ..X'), uniform, o)), 7);
  const v = mctsSearch(board('XX. OO. ...'), uniform, o);
  assert.equal(v[0] + v[1] + v[3] + v[4], 0, 'occupied cells get no visits');
  assert.equal(v.reduce((s, x) => s + x, 0), o.simulations);
  assert.throws(() => mctsSearch(board('XXX OO. ...'), uniform, o), ValueError);
  assert.throws(() => mctsSearch(board('... ... ...'), uniform, { ...o, noiseFraction: 0.25 }), ValueError);
});

test('PUCT by hand: priors choose the first simulation, backed-up values (negated per ply) the second', () => {
  const priors = new Float64Array([0.5, 0.3, 0.2, 0, 0, 0, 0, 0, 0]);
  for (const [leafValue, second] of [[0.5, 1], [-0.9, 0]] as const) {
    // The leaf value is for the player to move there (O): +0.5 makes X's move 0 look bad (Q = −0.5).
    const ev: Evaluator = (b) => ({ priors, value: b.some((c) => c !== 0) ? leafValue : 0 });
    assert.equal(greedyMove(mctsSearch(board('... ... ...'), ev, { simulations: 1, cPuct: 1.5 })), 0);
    // Second choice: Q(0) + 1.5·0.5·√2/2 against 1.5·0.3·√2/1.
    const v = mctsSearch(board('... ... ...'), ev, { simulations: 2, cPuct: 1.5 });
    const expected = -leafValue + 1.5 * 0.5 * Math.SQRT2 / 2 > 1.5 * 0.3 * Math.SQRT2 ? 0 : 1;
    assert.equal(expected, second);
    assert.equal(v[second], second === 0 ? 2 : 1, `visits ${Array.from(v)}`);
  }
});

test('Dirichlet noise: draws sum to 1 with the mean 1/n and variance of Dirichlet(α)', () => {
  const gen = new Generator(0), n = 9, alpha = 0.3, draws = 4000;
  let m = 0, sq = 0;
  for (let k = 0; k < draws; k++) {
    const d = sampleDirichlet(alpha, n, gen);
    assertClose(d.reduce((s, x) => s + x, 0), 1, { atol: 1e-12, rtol: 0 });
    assert.ok(d.every((x) => x >= 0));
    m += d[3]; sq += d[3] * d[3];
  }
  m /= draws;
  const variance = sq / draws - m * m, expected = (1 / n) * (1 - 1 / n) / (n * alpha + 1);
  assertClose(m, 1 / n, { atol: 0.01, rtol: 0 });
  assertClose(variance, expected, { atol: 0, rtol: 0.15 });
  for (const shape of [0.5, 3]) {
    let s = 0;
    for (let k = 0; k < 4000; k++) s += sampleGamma(shape, gen);
    assertClose(s / 4000, shape, { atol: 0, rtol: 0.06 }, `Gamma(${shape}) mean`);
  }
  assert.throws(() => sampleGamma(0, gen), ValueError);
});

test('the eight board symmetries keep winners and move the policy with the stones', () => {
  assert.equal(new Set(SYMMETRIES.map((p) => p.join())).size, 8);
  const gen = new Generator(3);
  for (let k = 0; k < 200; k++) {
    const b = Int8Array.from({ length: 9 }, () => gen.int(-1, 2));
    for (const p of SYMMETRIES) assert.deepEqual(completeLines(Int8Array.from(transform(b, p))), completeLines(b));
  }
  const e = { board: board('X.. .O. ...'), pi: Float64Array.from([0, 0.7, 0.3, 0, 0, 0, 0, 0, 0]), z: -1 };
  const copies = augment(e);
  assert.equal(copies.length, 8);
  for (const c of copies) {
    const xCell = c.board.indexOf(1);
    assert.ok([0, 2, 6, 8].includes(xCell), 'a corner stays a corner');
    assert.equal(c.board[4], -1, 'the centre stays put');
    assert.ok([1, 3, 5, 7].includes(c.pi.indexOf(0.7)) && c.z === -1);
  }
});

test('network: two input planes from the mover\'s view; priors only on empty cells; value in [−1, 1]', () => {
  manualSeed(0);
  const b = board('XO. ... ...'); // X to move
  const x = encodeBoards([b, board('X.. ... ...')]).data;
  assert.deepEqual(Array.from(x.slice(0, 18)), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(x[18 + 9], 1, 'after X opens, O is to move and X\'s stone is on the opponent plane');
  const net = new PolicyValueNet(16);
  const { priors, value } = net.evaluate(b);
  assert.equal(priors[0] + priors[1], 0);
  assertClose(priors.reduce((s, p) => s + p, 0), 1, { atol: 1e-9, rtol: 0 });
  assert.ok(value >= -1 && value <= 1);
});

test('self-play: π is a distribution over legal moves, z is the outcome for each position\'s mover; training lowers the loss', () => {
  manualSeed(0);
  const gen = new Generator(1);
  const { examples, winner: w } = selfPlayGame(uniform, { simulations: 16, cPuct: 1.5, dirichletAlpha: 0.5, noiseFraction: 0.25, temperatureMoves: 9, randomOpeningPlies: 1 }, gen);
  examples.forEach((e, ply) => {
    assertClose(e.pi.reduce((s, p) => s + p, 0), 1, { atol: 1e-12, rtol: 0 });
    for (let i = 0; i < 9; i++) if (e.board[i] !== 0) assert.equal(e.pi[i], 0);
    assert.equal(e.z, w * (ply % 2 === 0 ? 1 : -1));
  });
  const net = new PolicyValueNet(16), opt = new Adam(net.parameters(), { lr: 1e-2 });
  const batch = examples.flatMap(augment);
  const first = alphaZeroStep(net, opt, batch);
  let last = first;
  for (let k = 0; k < 30; k++) last = alphaZeroStep(net, opt, batch);
  assert.ok(last.policyLoss + last.valueLoss < first.policyLoss + first.valueLoss - 0.1, `${JSON.stringify(first)} → ${JSON.stringify(last)}`);
});

// ALCHEMY_LONG_TESTS=1 adds the default self-play training (one to two minutes on one core).
const LONG = process.env.ALCHEMY_LONG_TESTS === '1';

test('after default self-play training, greedy MCTS never loses to the perfect player in either seat', { skip: !LONG && 'set ALCHEMY_LONG_TESTS=1', timeout: 600_000 }, async () => {
  manualSeed(0);
  const { net, config } = await trainAlphaZero({}, { seed: 0 });
  const player = mctsPlayer(cachedEvaluator(net).evaluate, 50, config.cPuct);
  for (const seat of ['first', 'second'] as const) {
    const r = playAllLines(player, seat, 'perfect');
    assert.equal(r.losses, 0, `${seat}: lost ${r.lostLines.map((l) => l.join(' ')).join('; ')}`);
  }
});

test('self-play with one random opening ply opens in every cell; without it the search picks the opening', () => {
  const o = { simulations: 8, cPuct: 1.5, dirichletAlpha: 0.5, noiseFraction: 0, temperatureMoves: 0 };
  const openings = (randomOpeningPlies: number) => {
    const gen = new Generator(5), seen = new Set<number>();
    for (let g = 0; g < 80; g++) seen.add(selfPlayGame(uniform, { ...o, randomOpeningPlies }, gen).examples[1].board.findIndex((c) => c !== 0));
    return seen.size;
  };
  assert.equal(openings(1), 9);
  assert.equal(openings(0), 1, 'greedy search without noise opens the same way every game');
});
