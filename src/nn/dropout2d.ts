import { Tensor } from '../core/tensor.js';
import { defaultGenerator } from '../core/random.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from './module.js';

/**
 * Channel dropout (Tompson et al. 2015): zeroes whole feature maps of [N, C, H, W] (or [C, H, W])
 * with probability p while training and scales the kept ones by 1/(1 − p).
 * @example new nn.Dropout2d(0.2).forward(randn([4, 8, 6, 6])).shape; // [4, 8, 6, 6]
 */
export class Dropout2d extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout2d: p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`Dropout2d: expected input [batch, channels, height, width] or [channels, height, width], got ${fmt(x.shape)}`);
    if (!this.training || this.p === 0) return x;
    const planes = x.ndim === 4 ? x.shape[0] * x.shape[1] : x.shape[0];
    const mask = new Float32Array(planes);
    const scale = this.p === 1 ? 0 : 1 / (1 - this.p);
    for (let i = 0; i < planes; i++) mask[i] = defaultGenerator.uniform() >= this.p ? scale : 0;
    const mshape = x.ndim === 4 ? [x.shape[0], x.shape[1], 1, 1] : [x.shape[0], 1, 1];
    return x.mul(new Tensor(mask, mshape));
  }
  override extraRepr(): string { return `p=${this.p}`; }
}
