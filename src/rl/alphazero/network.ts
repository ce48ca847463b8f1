import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/containers.js';
import { Linear } from '../../nn/linear.js';
import { ReLU } from '../../nn/activation.js';
import { Board, legalMoves, toMove } from '../envs/tictactoe.js';

/**
 * Network input for a batch of boards, from the view of the player to move: two 9-cell planes, the
 * mover's stones and the opponent's (Silver et al. 2017 likewise feed stone planes per player).
 *
 * @example
 * encodeBoards([new Int8Array(9)]).shape; // [1, 18]
 */
export function encodeBoards(boards: readonly Board[]): Tensor {
  const x = new Float32Array(boards.length * 18);
  boards.forEach((b, n) => {
    const p = toMove(b);
    for (let i = 0; i < 9; i++) {
      if (b[i] === p) x[n * 18 + i] = 1;
      else if (b[i] === -p) x[n * 18 + 9 + i] = 1;
    }
  });
  return new Tensor(x, [boards.length, 18]);
}

/**
 * The policy-value network f(s) = (p, v) of AlphaZero (Silver et al. 2018), sized for tic-tac-toe: an
 * MLP trunk, a policy head of 9 move logits and a value head tanh(·) ∈ [−1, 1] predicting the final
 * outcome for the player to move.
 *
 * @example
 * const net = new PolicyValueNet(64);
 * const [logits, value] = net.forward(encodeBoards([new Int8Array(9)]));
 */
export class PolicyValueNet extends Module {
  readonly trunk: Sequential;
  readonly policyHead: Linear;
  readonly valueHead: Linear;
  constructor(readonly hidden = 64) {
    super();
    this.trunk = new Sequential(new Linear(18, hidden), new ReLU(), new Linear(hidden, hidden), new ReLU());
    this.policyHead = new Linear(hidden, 9);
    this.valueHead = new Linear(hidden, 1);
  }

  /** Move logits `[batch, 9]` and values `[batch]`. */
  forward(x: Tensor): [Tensor, Tensor] {
    const h = this.trunk.forward(x);
    return [this.policyHead.forward(h), this.valueHead.forward(h).tanh().reshape([x.shape[0]])];
  }

  /**
   * Priors over the legal moves (a softmax of the logits restricted to empty cells; 0 elsewhere) and the
   * value for the player to move, without gradients: the evaluator MCTS calls at a leaf.
   */
  evaluate(b: Board): { priors: Float64Array; value: number } {
    const [logits, value] = noGrad(() => this.forward(encodeBoards([b])));
    return { priors: maskedSoftmax(logits.data, legalMoves(b)), value: value.data[0] };
  }
}

/** Softmax of `logits` over the cells in `legal`, 0 on the others. */
export function maskedSoftmax(logits: ArrayLike<number>, legal: readonly number[]): Float64Array {
  const p = new Float64Array(logits.length);
  let max = -Infinity, z = 0;
  for (const m of legal) max = Math.max(max, logits[m]);
  for (const m of legal) { p[m] = Math.exp(logits[m] - max); z += p[m]; }
  for (const m of legal) p[m] /= z;
  return p;
}
