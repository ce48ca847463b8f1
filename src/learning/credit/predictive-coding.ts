import type { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { linear } from '../../core/ops/linear.js';
import { ValueError } from '../../core/errors.js';
import type { Sequential } from '../../nn/containers.js';
import { CreditAssigner, type CreditOptions, type CreditStepReport } from './assigner.js';
import { activateWithDerivative, recordForward } from './layered.js';

export interface PredictiveCodingOptions extends CreditOptions {
  /** Relaxation steps of the value nodes per batch (Whittington & Bogacz use 10-50 … we default to 20). */
  inferenceSteps?: number;
  /** Euler rate γ of the value-node dynamics. */
  inferenceRate?: number;
  /**
   * Precision (inverse variance) of the output layer relative to the hidden ones, Σ_L⁻¹ in
   * Whittington & Bogacz (2017, §2.3). Smaller values keep the hidden value nodes near the
   * feedforward pass, where the errors match backprop's deltas up to the factor it introduces;
   * gradients are divided by it again so learning rates carry over from backprop.
   */
  outputPrecision?: number;
}

/**
 * Predictive coding network (Whittington & Bogacz 2017). Each hidden layer holds value nodes v_l
 * (pre-activations) and error nodes ε_l = v_l − μ_l, where μ_l = W_l f(v_{l-1}) + b_l is the
 * prediction from the layer below. With the input clamped and the output pulled towards the
 * target (ε_L = −∂loss/∂μ_L, which is y − μ_L for the squared error the paper uses), the value
 * nodes relax by gradient descent on the energy F = Σ ½‖ε_l‖² + loss (eq. 9):
 *   v̇_l = −ε_l + f'(v_l) ⊙ (ε_{l+1} W_{l+1}),
 * and the weights then change by the purely local rule ΔW_l ∝ ε_l f(v_{l-1})ᵀ (eq. 10). At the
 * equilibrium the errors approximate backprop's deltas, more closely the lower the output precision,
 * so learning follows the gradient.
 * @example const pc = new PredictiveCoding(model, { inferenceSteps: 20, inferenceRate: 0.1 });
 */
export class PredictiveCoding extends CreditAssigner {
  readonly name = 'predictive-coding';
  readonly inferenceSteps: number;
  readonly inferenceRate: number;
  readonly outputPrecision: number;
  /** The energy F after each relaxation step of the last batch (per sample), for inspection. */
  lastEnergy: number[] = [];

  constructor(model: Sequential, opts: PredictiveCodingOptions = {}) {
    super(model, opts);
    this.inferenceSteps = opts.inferenceSteps ?? 20;
    this.inferenceRate = opts.inferenceRate ?? 0.1;
    this.outputPrecision = opts.outputPrecision ?? 1;
    if (!(this.outputPrecision > 0)) throw new ValueError(`PredictiveCoding: outputPrecision must be positive, got ${this.outputPrecision}`);
    if (!Number.isInteger(this.inferenceSteps) || this.inferenceSteps < 0) throw new ValueError(`PredictiveCoding: inferenceSteps must be a non-negative integer, got ${this.inferenceSteps}`);
    if (!(this.inferenceRate > 0 && this.inferenceRate <= 1)) throw new ValueError(`PredictiveCoding: inferenceRate must be in (0, 1], got ${this.inferenceRate}`);
  }

  computeGradients(x: Tensor, target: Tensor): CreditStepReport {
    this.checkInput(x);
    const L = this.blocks.length, batch = x.shape[0];
    const rec = recordForward(this.blocks, x);
    const { loss, error: error0 } = this.outputError(rec.hs[L], target);
    // Value nodes start at the feedforward pass, where every hidden error is zero.
    const v = rec.as.slice(0, L - 1).map((a) => a.clone().detach());
    const mu0 = rec.as[0];
    let eps: Tensor[] = [];
    let hs: Tensor[] = [];
    this.lastEnergy = [];
    const relax = (update: boolean): void => noGrad(() => {
      hs = [rec.hs[0]]; const ders: Tensor[] = [];
      for (let l = 0; l < L - 1; l++) { const [h, d] = activateWithDerivative(this.blocks[l], v[l]); hs.push(h); ders.push(d); }
      eps = [];
      for (let l = 0; l < L - 1; l++) {
        const mu = l === 0 ? mu0 : linear(hs[l], this.blocks[l].linear.weight.detach(), this.blocks[l].linear.bias?.detach());
        eps.push(v[l].sub(mu));
      }
      const muL = linear(hs[L - 1], this.blocks[L - 1].linear.weight.detach(), this.blocks[L - 1].linear.bias?.detach());
      const [out, dOut] = activateWithDerivative(this.blocks[L - 1], muL);
      const { loss: lossNow, error } = this.outputError(out, target);
      // Per-sample error at the output: the loss is a batch mean, the energy a per-sample sum.
      eps.push(error.mul(dOut).mul(-batch * this.outputPrecision));
      let energy = this.outputPrecision * lossNow;
      for (let l = 0; l < L - 1; l++) { let s = 0; for (const e of eps[l].data) s += e * e; energy += 0.5 * s / batch; }
      this.lastEnergy.push(energy);
      if (!update) return;
      for (let l = 0; l < L - 1; l++) {
        const drive = eps[l + 1].matmul(this.blocks[l + 1].linear.weight.detach()).mul(ders[l]);
        v[l] = v[l].add(drive.sub(eps[l]).mul(this.inferenceRate));
      }
    });
    for (let t = 0; t < this.inferenceSteps; t++) relax(true);
    relax(false);
    // ΔW_l ∝ ε_l h_{l-1}ᵀ: as a gradient of the batch-mean loss, δ_l = −ε_l / (B·precision).
    const deltas = eps.map((e) => noGrad(() => e.mul(-1 / (batch * this.outputPrecision))));
    const truth = this.measureAngles ? { inputs: rec.hs, deltas: this.backpropDeltas(rec, error0) } : null;
    return this.writeGradients(hs, deltas, loss, truth);
  }
}
