import type { Tensor } from '../../core/tensor.js';
import { CreditAssigner, type CreditStepReport } from './assigner.js';

/**
 * Backpropagation written out layer by layer, δ_l = (δ_{l+1} W_{l+1}) ⊙ f'(a_l) (Rumelhart, Hinton &
 * Williams 1986): the reference the other methods are measured against. Its gradients equal
 * autograd's; its angles are 0°.
 * @example new Backprop(model).trainStep(x, labels, opt);
 */
export class Backprop extends CreditAssigner {
  readonly name = 'backprop';
  computeGradients(x: Tensor, target: Tensor): CreditStepReport {
    return this.routedStep(x, target, (l) => this.blocks[l + 1].linear.weight.detach(), false);
  }
}
