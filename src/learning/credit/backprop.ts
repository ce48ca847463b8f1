import type { Tensor } from '../../core/tensor.js';
import { CreditAssigner, type CreditStepReport } from './assigner.js';
import { recordForward } from './layered.js';

/**
 * Backpropagation written out layer by layer, δ_l = (δ_{l+1} W_{l+1}) ⊙ f'(a_l) (Rumelhart, Hinton &
 * Williams 1986): the reference the other methods are measured against. Its gradients equal
 * autograd's; its angles are 0°.
 * @example new Backprop(model).trainStep(x, labels, opt);
 */
export class Backprop extends CreditAssigner {
  readonly name = 'backprop';
  computeGradients(x: Tensor, target: Tensor): CreditStepReport {
    this.checkInput(x);
    const rec = recordForward(this.blocks, x);
    const { loss, error } = this.outputError(rec.hs[rec.hs.length - 1], target);
    return this.applyDeltas(rec, this.backpropDeltas(rec, error), error, loss);
  }
}
