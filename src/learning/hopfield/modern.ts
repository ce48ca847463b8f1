import { Tensor } from '../../core/tensor.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { Module } from '../../nn/module.js';
import { Linear } from '../../nn/linear.js';

/**
 * One or more retrieval steps of a modern (dense) Hopfield network, ξ ← Xᵀ softmax(β X ξ)
 * (Ramsauer et al. 2021, eq. 3): stored patterns X [P, d] (or [B, P, d]) and queries [Q, d]
 * (or [B, Q, d]). With large β a query converges to the single nearest pattern in one step;
 * capacity grows exponentially in d. Differentiable.
 * @example denseHopfieldRetrieve(stored, noisyQuery, { beta: 8 });
 */
export function denseHopfieldRetrieve(stored: Tensor, query: Tensor, opts: { beta?: number; steps?: number } = {}): Tensor {
  if (stored.ndim !== query.ndim || (stored.ndim !== 2 && stored.ndim !== 3) || stored.shape.at(-1) !== query.shape.at(-1)) {
    throw new ShapeError(`denseHopfieldRetrieve: stored patterns ${fmt(stored.shape)} and queries ${fmt(query.shape)} must both be [n, d] or [batch, n, d] with the same d`);
  }
  const beta = opts.beta ?? 1 / Math.sqrt(stored.shape.at(-1)!), steps = opts.steps ?? 1;
  if (!(beta > 0)) throw new ValueError(`denseHopfieldRetrieve: beta must be positive, got ${beta}`);
  if (!Number.isInteger(steps) || steps < 1) throw new ValueError(`denseHopfieldRetrieve: steps must be a positive integer, got ${steps}`);
  let xi = query;
  const keysT = stored.mT();
  for (let s = 0; s < steps; s++) xi = xi.matmul(keysT).mul(beta).softmax(-1).matmul(stored);
  return xi;
}

/**
 * Hopfield layer (Ramsauer et al. 2021, eq. 10): state patterns R [B, S, dIn] query stored
 * patterns Y [B, P, dIn] through learned projections, Z = softmax(β R W_Q (Y W_K)ᵀ) Y W_K W_V:
 * the update rule of a dense Hopfield net, which is transformer attention with keys tied to values
 * before the value projection. `updateSteps` > 1 iterates the retrieval in the projected space.
 * @example
 * const layer = new HopfieldLayer(16, { hiddenSize: 8 });
 * layer.forward(randn([2, 3, 16]), randn([2, 10, 16])).shape; // [2, 3, 16]
 */
export class HopfieldLayer extends Module {
  query: Linear; key: Linear; value: Linear;
  readonly beta: number; readonly updateSteps: number;
  constructor(readonly inputSize: number, opts: { hiddenSize?: number; outputSize?: number; beta?: number; updateSteps?: number } = {}) {
    super();
    const hidden = opts.hiddenSize ?? inputSize, out = opts.outputSize ?? inputSize;
    this.query = new Linear(inputSize, hidden, { bias: false });
    this.key = new Linear(inputSize, hidden, { bias: false });
    this.value = new Linear(hidden, out, { bias: false });
    this.beta = opts.beta ?? 1 / Math.sqrt(hidden);
    this.updateSteps = opts.updateSteps ?? 1;
    if (!(this.beta > 0)) throw new ValueError(`HopfieldLayer: beta must be positive, got ${this.beta}`);
  }
  /** state [B, S, dIn] (or [S, dIn]); stored [B, P, dIn] (or [P, dIn]); returns [B, S, dOut]. */
  forward(state: Tensor, stored: Tensor): Tensor {
    if (state.ndim !== stored.ndim || state.shape.at(-1) !== this.inputSize || stored.shape.at(-1) !== this.inputSize) {
      throw new ShapeError(`HopfieldLayer: state ${fmt(state.shape)} and stored ${fmt(stored.shape)} must have the same rank and ${this.inputSize} features`);
    }
    const keys = this.key.forward(stored);
    const xi = denseHopfieldRetrieve(keys, this.query.forward(state), { beta: this.beta, steps: this.updateSteps });
    return this.value.forward(xi);
  }
  override extraRepr(): string { return `inputSize=${this.inputSize}, beta=${this.beta.toFixed(3)}, updateSteps=${this.updateSteps}`; }
}
