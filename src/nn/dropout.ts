import { Tensor } from '../core/tensor.js';
import { Module } from './module.js';
import { dropout } from './functional/dropout.js';
import { ValueError } from '../core/errors.js';

/** Randomly zeroes elements with probability p while training (inverted scaling). */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor { return dropout(x, this.p, this.training); }
  override extraRepr(): string { return `p=${this.p}`; }
}
