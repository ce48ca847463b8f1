/**
 * AlphaZero for tic-tac-toe: an exact minimax solver, PUCT tree search guided by a policy-value
 * network, self-play training and evaluation over every line a perfect opponent can play.
 *
 * @example
 * import { rl } from 'neural-alchemy';
 * const { net } = rl.alphazero.trainAlphaZero({ iterations: 5 }, { seed: 0 });
 */
export { boardKey, minimaxValue, moveValues, optimalMoves } from './minimax.js';
export { SYMMETRIES, transform } from './symmetry.js';
export { sampleGamma, sampleDirichlet } from './dirichlet.js';
export { PolicyValueNet, encodeBoards, maskedSoftmax } from './network.js';
export { mctsSearch, greedyMove, type Evaluator, type MctsOptions } from './mcts.js';
export { selfPlayGame, type SelfPlayExample, type SelfPlayOptions } from './self-play.js';
export { trainAlphaZero, alphaZeroStep, augment, cachedEvaluator, ALPHAZERO_TICTACTOE, type AlphaZeroConfig, type IterationStats } from './trainer.js';
export { playAllLines, minimaxPlayer, mctsPlayer, type Player, type ArenaResult } from './arena.js';
