import { Tensor } from '../core/tensor.js';
import { Module } from './module.js';

/** Rectified linear unit max(0, x). @example new nn.ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2] */
export class ReLU extends Module { forward(x: Tensor): Tensor { return x.relu(); } }
/** max(0,x) + slope·min(0,x). */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return x.leakyRelu(this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}
/** Exponential linear unit. */
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return x.elu(this.alpha); }
}
/** Gaussian error linear unit (exact erf form, or the tanh approximation). */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') { super(); }
  forward(x: Tensor): Tensor { return x.gelu(this.approximate); }
}
/** x·sigmoid(x). */
export class SiLU extends Module { forward(x: Tensor): Tensor { return x.silu(); } }
/** Logistic sigmoid. */
export class Sigmoid extends Module { forward(x: Tensor): Tensor { return x.sigmoid(); } }
/** Hyperbolic tangent. */
export class Tanh extends Module { forward(x: Tensor): Tensor { return x.tanh(); } }
/** log(1 + e^{βx})/β, linear above the threshold. */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  forward(x: Tensor): Tensor { return x.softplus(this.beta, this.threshold); }
}
/** Softmax along dim. */
export class Softmax extends Module {
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return x.softmax(this.dim); }
}
/** Log-softmax along dim. */
export class LogSoftmax extends Module {
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return x.logSoftmax(this.dim); }
}
