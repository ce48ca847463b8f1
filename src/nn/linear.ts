import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { linear } from '../core/ops/linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';
import { ValueError } from '../core/errors.js';

/**
 * Fully connected layer y = x Wᵀ + b, weight [out, in] as in PyTorch, with PyTorch's default
 * initialisation (kaiming-uniform with a = √5, bias uniform in ±1/√in).
 * @example new nn.Linear(784, 256).forward(randn([64, 784])).shape; // [64, 256]
 */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: { bias?: boolean } = {}) {
    super();
    if (!Number.isInteger(inFeatures) || inFeatures <= 0 || !Number.isInteger(outFeatures) || outFeatures <= 0) {
      throw new ValueError(`Linear: inFeatures and outFeatures must be positive integers, got ${inFeatures} and ${outFeatures}`);
    }
    this.weight = new Parameter(init.kaimingUniform(zeros([outFeatures, inFeatures]), { a: Math.sqrt(5) }));
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = opts.bias === false ? null : new Parameter(init.uniform(zeros([outFeatures]), -bound, bound));
  }
  forward(x: Tensor): Tensor { return linear(x, this.weight, this.bias); }
  override extraRepr(): string { return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`; }
}

/** Passes its input through unchanged. */
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}

/** Flattens dims startDim..endDim (default: all but the batch dim). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor { return x.flatten(this.startDim, this.endDim); }
}

/** Unflattens one dim into the given sizes. */
export class Unflatten extends Module {
  constructor(readonly dim: number, readonly sizes: number[]) { super(); }
  forward(x: Tensor): Tensor { return x.unflatten(this.dim, this.sizes); }
}
