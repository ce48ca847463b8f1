import { Tensor } from '../core/tensor.js';

/**
 * A tensor that a Module owns and an optimizer updates. Requires grad by default.
 * @example const w = new Parameter(randn([3, 2]));
 */
export class Parameter extends Tensor {
  constructor(t: Tensor, requiresGrad = true) {
    super(t.data, t.shape, false);
    if (requiresGrad) this.requiresGrad = true;
  }
}
