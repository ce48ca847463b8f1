import { Tensor } from '../../core/tensor.js';
import { enableGrad, noGrad } from '../../core/autograd.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { crossEntropy, mseLoss } from '../../nn/functional/loss.js';
import { oneHot } from '../../core/ops/indexing.js';
import type { Sequential } from '../../nn/containers.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { angleDegrees } from '../linalg.js';
import { recordForward, setBlockGradient, toBlocks, type Block, type ForwardRecord } from './layered.js';

export type OutputLoss = 'crossEntropy' | 'mse';

/** What one step of a credit-assignment method reports. */
export interface CreditStepReport {
  /** Loss on the batch before the update. */
  loss: number;
  /**
   * Angle in degrees, per layer, between the method's weight update and the true backprop gradient
   * (0° = identical direction, 90° = orthogonal). Empty unless the method was built with `measureAngles`.
   */
  angles: number[];
}

export interface CreditOptions {
  loss?: OutputLoss;
  /** Also compute the exact backprop gradient each step and report angles to it. */
  measureAngles?: boolean;
}

/**
 * The one interface every credit-assignment method implements: compute parameter gradients for a
 * batch into `.grad` (so any optimizer in optim/ applies them), and predict.
 * @example
 * const fa = new FeedbackAlignment(model, { measureAngles: true });
 * const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
 * const { loss, angles } = fa.trainStep(x, labels, opt);
 */
export abstract class CreditAssigner {
  abstract readonly name: string;
  readonly blocks: Block[];
  readonly loss: OutputLoss;
  /** Whether computeGradients also computes backprop and reports angles (may be toggled between steps). */
  measureAngles: boolean;

  constructor(readonly model: Sequential, opts: CreditOptions = {}) {
    this.blocks = toBlocks(model);
    this.loss = opts.loss ?? 'crossEntropy';
    if (this.loss !== 'crossEntropy' && this.loss !== 'mse') throw new ValueError(`${this.constructor.name}: loss must be 'crossEntropy' or 'mse', got '${this.loss as string}'`);
    this.measureAngles = opts.measureAngles ?? false;
  }

  /** Writes this method's gradient estimate into each parameter's .grad (accumulating). */
  abstract computeGradients(x: Tensor, target: Tensor): CreditStepReport;

  /** Class scores for `x` [B, features] (logits for backprop-style methods). */
  predict(x: Tensor): Tensor { return noGrad(() => this.model.forward(x)); }

  /** zeroGrad, computeGradients, optimizer.step. */
  trainStep(x: Tensor, target: Tensor, optimizer: Optimizer<{ lr: number }>): CreditStepReport {
    optimizer.zeroGrad();
    const r = this.computeGradients(x, target);
    optimizer.step();
    return r;
  }

  /** Fraction of rows of `x` whose predicted class equals the label. */
  accuracy(x: Tensor, labels: Tensor): number {
    const pred = this.predict(x).argmax(1).data;
    let c = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === labels.data[i]) c++;
    return c / pred.length;
  }

  protected checkInput(x: Tensor): void {
    const inF = this.blocks[0].linear.inFeatures;
    if (x.ndim !== 2 || x.shape[1] !== inF) throw new ShapeError(`${this.name}: input must be [batch, ${inF}], got ${fmt(x.shape)}`);
  }

  /**
   * Loss and its gradient with respect to the network output (mean over the batch), by autograd on
   * the loss alone. Cross-entropy takes int32 labels [B]; mse takes targets [B, out] or labels.
   */
  outputError(output: Tensor, target: Tensor): { loss: number; error: Tensor } {
    return enableGrad(() => {
      const o = output.detach();
      o.requiresGrad = true;
      const l = this.lossOf(o, target);
      l.backward();
      return { loss: l.item(), error: o.grad! };
    });
  }

  lossOf(output: Tensor, target: Tensor): Tensor {
    if (this.loss === 'crossEntropy') return crossEntropy(output, target);
    const t = target.ndim === 1 ? oneHot(target.int(), output.shape[1]).float() : target;
    // ½‖·‖² per sample, averaged over the batch: the energy Whittington & Bogacz use at the output.
    return mseLoss(output, t, 'sum').mul(0.5 / output.shape[0]);
  }

  /** Exact backprop deltas δ_l = ∂L/∂a_l, given the output error. */
  backpropDeltas(rec: ForwardRecord, error: Tensor): Tensor[] {
    return this.routeDeltas(rec, error, (l) => this.blocks[l + 1].linear.weight.detach(), false);
  }

  /**
   * Deltas from the output error sent down through one matrix per hidden layer: layer by layer,
   * δ_l = (δ_{l+1} M_l) ⊙ f'(a_l) (backprop with M_l = W_{l+1}, feedback alignment with B_{l+1}),
   * or `direct`ly from the output, δ_l = (δ_L M_l) ⊙ f'(a_l) (direct feedback alignment).
   */
  protected routeDeltas(rec: ForwardRecord, error: Tensor, matrix: (l: number) => Tensor, direct: boolean): Tensor[] {
    const L = this.blocks.length, deltas: Tensor[] = new Array(L);
    return noGrad(() => {
      deltas[L - 1] = error.mul(rec.derivs[L - 1]);
      for (let l = L - 2; l >= 0; l--) deltas[l] = deltas[direct ? L - 1 : l + 1].matmul(matrix(l)).mul(rec.derivs[l]);
      return deltas;
    });
  }

  /** One step of a method that differs from backprop only in the matrices that carry the error down. */
  protected routedStep(x: Tensor, target: Tensor, matrix: (l: number) => Tensor, direct: boolean): CreditStepReport {
    this.checkInput(x);
    const rec = recordForward(this.blocks, x);
    const { loss, error } = this.outputError(rec.hs[rec.hs.length - 1], target);
    return this.applyDeltas(rec, this.routeDeltas(rec, error, matrix, direct), error, loss);
  }

  /** Writes gradients from deltas and, when measuring, the angle of each to backprop's. */
  protected applyDeltas(rec: ForwardRecord, deltas: Tensor[], error: Tensor, loss: number): CreditStepReport {
    const truth = this.measureAngles ? { inputs: rec.hs, deltas: this.backpropDeltas(rec, error) } : null;
    return this.writeGradients(rec.hs, deltas, loss, truth);
  }

  /**
   * Sets dL/dW_l = δ_lᵀ h_{l-1} from each layer's delta and input, and measures the angle to the
   * backprop gradient computed from `truth` (its own deltas and inputs).
   */
  protected writeGradients(inputs: Tensor[], deltas: Tensor[], loss: number, truth: { inputs: Tensor[]; deltas: Tensor[] } | null): CreditStepReport {
    const angles: number[] = [];
    deltas.forEach((d, l) => {
      const gw = setBlockGradient(this.blocks[l], d, inputs[l]);
      if (truth) angles.push(angleDegrees(gw.data, noGrad(() => truth.deltas[l].T.matmul(truth.inputs[l])).data));
    });
    return { loss, angles };
  }
}
