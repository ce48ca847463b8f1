import { manualSeed } from '../../core/random.js';
import { Board, TicTacToe, toMove } from '../../rl/envs/tictactoe.js';
import { trainAlphaZero, cachedEvaluator, ALPHAZERO_TICTACTOE } from '../../rl/alphazero/trainer.js';
import { playAllLines, mctsPlayer, minimaxPlayer, Player, ArenaResult } from '../../rl/alphazero/arena.js';
import { greedyMove, Evaluator } from '../../rl/alphazero/mcts.js';
import { runCheckpoint } from '../common/train-loop.js';
import type { Experiment, Figure } from '../types.js';

type Config = { iterations: number; gamesPerIteration: number; simulations: number; dirichletAlpha: number; temperatureMoves: number; randomOpeningPlies: number; evalSimulations: number; trainStepsPerIteration: number; evalEvery: number; seed: number };

const describe = (r: ArenaResult) => `${r.games} games: ${r.wins} won, ${r.draws} drawn, ${r.losses} lost`;

/** Two enumerations counted as one. */
const combine = (a: ArenaResult, b: ArenaResult): ArenaResult => ({ games: a.games + b.games, wins: a.wins + b.wins, draws: a.draws + b.draws, losses: a.losses + b.losses, lostLines: [...a.lostLines, ...b.lostLines] });

/** Every evaluation of one player: both seats against a perfect opponent, each forced opening as X, and against any opponent. */
function evaluateAll(player: Player) {
  const first = playAllLines(player, 'first', 'perfect'), second = playAllLines(player, 'second', 'perfect');
  const openings = Array.from({ length: 9 }, (_, cell) => playAllLines((b) => (b.every((v) => v === 0) ? cell : player(b)), 'first', 'perfect'));
  const any = combine(playAllLines(player, 'first', 'any'), playAllLines(player, 'second', 'any'));
  return { first, second, openings, any };
}

/** The network's own choice, without search: the legal move with the largest prior. */
const rawPlayer = (evaluate: Evaluator): Player => (b) => greedyMove(evaluate(b).priors);

/** Final board of `player` (as O) against the perfect player, after the perfect player opens in `opening`. */
function gameSvg(player: Player, opening: number): string {
  const env = new TicTacToe();
  env.reset({ seed: 0 });
  let r = env.step(opening);
  while (!r.terminated) {
    const b: Board = env.board;
    r = env.step(toMove(b) === -1 ? player(b) : minimaxPlayer(b));
  }
  return env.renderSvg();
}

export const tictactoeAlphazero: Experiment<Config> = {
  name: 'tictactoe-alphazero',
  title: 'AlphaZero learns tic-tac-toe by self-play and never loses to a perfect player',
  chapter: 'rl',
  description: 'MCTS with PUCT guided by a small policy-value network, trained only on self-play (visit distributions and outcomes, Dirichlet noise at the root); then greedy search plays every line a perfect minimax opponent can choose, as first and as second player (Silver et al. 2017, 2018).',
  defaults: { iterations: ALPHAZERO_TICTACTOE.iterations, gamesPerIteration: ALPHAZERO_TICTACTOE.gamesPerIteration, simulations: ALPHAZERO_TICTACTOE.simulations, dirichletAlpha: ALPHAZERO_TICTACTOE.dirichletAlpha, temperatureMoves: ALPHAZERO_TICTACTOE.temperatureMoves, randomOpeningPlies: ALPHAZERO_TICTACTOE.randomOpeningPlies, evalSimulations: 50, trainStepsPerIteration: ALPHAZERO_TICTACTOE.trainStepsPerIteration, evalEvery: 5, seed: 0 },
  smoke: { iterations: 2, gamesPerIteration: 4, simulations: 12, evalSimulations: 12, trainStepsPerIteration: 10, evalEvery: 1 },
  help: {
    iterations: 'self-play + training rounds', gamesPerIteration: 'self-play games per round', simulations: 'MCTS simulations per self-play move',
    dirichletAlpha: 'α of the Dirichlet noise mixed into the root priors in self-play', temperatureMoves: 'self-play plies whose move is sampled from the visit counts', randomOpeningPlies: 'self-play plies played uniformly at random (still searched and recorded)',
    evalSimulations: 'MCTS simulations per move in the evaluation games', trainStepsPerIteration: 'minibatch steps per round', evalEvery: 'rounds between evaluations against the perfect player',
  },
  async run(ctx) {
    const c = ctx.config;
    manualSeed(c.seed);
    const t0 = Date.now();
    const bar = ctx.progress('self-play rounds', c.iterations, 'rounds');
    const curve = { it: [] as number[], mcts: [] as number[], raw: [] as number[] };
    let rounds = 0;
    const lossesVsPerfect = (p: Player) => playAllLines(p, 'first', 'perfect').losses + playAllLines(p, 'second', 'perfect').losses;
    const res = await trainAlphaZero({ iterations: c.iterations, gamesPerIteration: c.gamesPerIteration, simulations: c.simulations, dirichletAlpha: c.dirichletAlpha, temperatureMoves: c.temperatureMoves, randomOpeningPlies: c.randomOpeningPlies, trainStepsPerIteration: c.trainStepsPerIteration }, {
      seed: c.seed, signal: ctx.signal, checkpoint: runCheckpoint(ctx, 'alphazero'),
      // The evaluation curve is built round by round, so it travels with the checkpoint.
      state: {
        save: () => ({ it: [...curve.it], mcts: [...curve.mcts], raw: [...curve.raw], rounds }),
        load: (st) => { curve.it = [...(st.it as number[])]; curve.mcts = [...(st.mcts as number[])]; curve.raw = [...(st.raw as number[])]; rounds = st.rounds as number; bar.tick(rounds); },
      },
      onIteration: (s, net) => {
        rounds++;
        ctx.metric('policyLoss', s.policyLoss, s.iteration); ctx.metric('valueLoss', s.valueLoss, s.iteration);
        ctx.metric('selfPlayDraws', s.draws / c.gamesPerIteration, s.iteration);
        const info: Record<string, number | string> = { draws: `${s.draws}/${c.gamesPerIteration}`, vLoss: s.valueLoss.toFixed(3) };
        if ((s.iteration % c.evalEvery === 0 || s.iteration === c.iterations)) {
          const ev = cachedEvaluator(net).evaluate;
          curve.it.push(s.iteration); curve.mcts.push(lossesVsPerfect(mctsPlayer(ev, c.evalSimulations, ALPHAZERO_TICTACTOE.cPuct))); curve.raw.push(lossesVsPerfect(rawPlayer(ev)));
          info.lost = curve.mcts[curve.mcts.length - 1];
          ctx.metric('lostToPerfect', curve.mcts[curve.mcts.length - 1], s.iteration); ctx.metric('rawNetLostToPerfect', curve.raw[curve.raw.length - 1], s.iteration);
        }
        bar.tick(1, info);
      },
    });
    bar.done();
    const trainSeconds = (Date.now() - t0) / 1000;
    const evaluate = cachedEvaluator(res.net).evaluate;
    const player = mctsPlayer(evaluate, c.evalSimulations, res.config.cPuct);
    const e = evaluateAll(player), raw = evaluateAll(rawPlayer(evaluate));
    const openingLosses = e.openings.reduce((s, r) => s + r.losses, 0), openingGames = e.openings.reduce((s, r) => s + r.games, 0);
    const root = evaluate(new Int8Array(9));
    const lostLines = [...e.first.lostLines.map((l) => `first: ${l.join(' ')}`), ...e.second.lostLines.map((l) => `second: ${l.join(' ')}`)];
    const figures: Figure[] = [
      { kind: 'line', title: 'Games lost to the perfect player (both seats, all its lines)', xLabel: 'self-play round', yLabel: 'games lost', series: [{ name: `MCTS (${c.evalSimulations} simulations)`, x: curve.it, y: curve.mcts }, { name: 'policy network alone', x: curve.it, y: curve.raw }] },
      { kind: 'line', title: 'Training losses', xLabel: 'self-play round', yLabel: 'loss', series: [{ name: 'policy −πᵀ log p', x: res.history.map((h) => h.iteration), y: res.history.map((h) => h.policyLoss) }, { name: 'value (z − v)²', x: res.history.map((h) => h.iteration), y: res.history.map((h) => h.valueLoss) }] },
      { kind: 'line', title: 'Self-play outcomes per round', xLabel: 'self-play round', yLabel: 'games', series: [{ name: 'X wins', x: res.history.map((h) => h.iteration), y: res.history.map((h) => h.xWins) }, { name: 'O wins', x: res.history.map((h) => h.iteration), y: res.history.map((h) => h.oWins) }, { name: 'draws', x: res.history.map((h) => h.iteration), y: res.history.map((h) => h.draws) }] },
      { kind: 'heatmap', title: `Network prior on the empty board (value ${root.value.toFixed(3)})`, data: [0, 1, 2].map((r) => Array.from(root.priors).slice(3 * r, 3 * r + 3)), annotate: true, colormap: 'viridis' },
      { kind: 'svg', title: 'The agent (O) against the perfect player opening in a corner', svg: gameSvg(player, 0) },
    ];
    return {
      metrics: {
        lostAsFirst: e.first.losses, gamesAsFirst: e.first.games, lostAsSecond: e.second.losses, gamesAsSecond: e.second.games,
        lostForcedOpenings: openingLosses, gamesForcedOpenings: openingGames,
        lostVsAnyOpponent: e.any.losses, wonVsAnyOpponent: e.any.wins, gamesVsAnyOpponent: e.any.games,
        rawNetLostVsPerfect: combine(raw.first, raw.second).losses,
        finalPolicyLoss: res.history.at(-1)?.policyLoss ?? NaN, finalValueLoss: res.history.at(-1)?.valueLoss ?? NaN,
        iterations: res.history.length, trainSeconds, seconds: (Date.now() - t0) / 1000,
      },
      figures,
      references: [{ metric: 'games lost to a perfect player (first + second seat, all its lines)', measured: e.first.losses + e.second.losses, published: '0 (tic-tac-toe is a draw with best play)', source: 'exact minimax', reached: e.first.losses + e.second.losses === 0 }],
      notes: [
        `As first player: ${describe(e.first)}; as second player (every opening of the perfect player): ${describe(e.second)}.`,
        `Forced to each of the nine openings as first player: ${openingGames} games, ${openingLosses} lost. Against every possible opponent line, both seats: ${describe(e.any)}.`,
        `The policy network alone (no search) against the perfect player, both seats: ${describe(combine(raw.first, raw.second))}.`,
        ...(lostLines.length ? [`Lost lines (cells 0-8 row by row): ${lostLines.slice(0, 10).join('; ')}`] : []),
      ],
      model: res.net,
    };
  },
};
