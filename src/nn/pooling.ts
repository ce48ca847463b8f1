import { Tensor } from '../core/tensor.js';
import { maxPool1d, maxPool2d, avgPool2d, adaptiveAvgPool2d, type Pool2dOptions, type AvgPool2dOptions } from '../core/ops/pool.js';
import type { Pair } from '../core/ops/conv.js';
import { Module } from './module.js';

/**
 * 2-D max pooling; `forwardWithIndices` also returns the argmax positions (PyTorch's return_indices).
 * @example new nn.MaxPool2d(2).forward(randn([1, 6, 28, 28])).shape; // [1, 6, 14, 14]
 */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: Pool2dOptions = {}) { super(); }
  forward(x: Tensor): Tensor { return maxPool2d(x, this.kernelSize, this.opts, 'MaxPool2d')[0]; }
  /** [values, indices] (flat positions in each input plane). */
  forwardWithIndices(x: Tensor): [Tensor, Tensor] { return maxPool2d(x, this.kernelSize, this.opts, 'MaxPool2d'); }
  override extraRepr(): string { return `kernelSize=${JSON.stringify(this.kernelSize)}`; }
}

/**
 * 1-D max pooling over [batch, channels, length].
 * @example new nn.MaxPool1d(2).forward(randn([2, 3, 10])).shape; // [2, 3, 5]
 */
export class MaxPool1d extends Module {
  constructor(readonly kernelSize: number, readonly opts: { stride?: number; padding?: number; dilation?: number; ceilMode?: boolean } = {}) { super(); }
  forward(x: Tensor): Tensor { return maxPool1d(x, this.kernelSize, this.opts)[0]; }
  /** [values, indices]. */
  forwardWithIndices(x: Tensor): [Tensor, Tensor] { return maxPool1d(x, this.kernelSize, this.opts); }
}

/**
 * 2-D average pooling.
 * @example new nn.AvgPool2d(2).forward(ones([1, 1, 4, 4])).shape; // [1, 1, 2, 2]
 */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: AvgPool2dOptions = {}) { super(); }
  forward(x: Tensor): Tensor { return avgPool2d(x, this.kernelSize, this.opts); }
}

/**
 * Average pooling to a fixed output size, whatever the input size.
 * @example new nn.AdaptiveAvgPool2d(1).forward(randn([2, 8, 7, 7])).shape; // [2, 8, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) { super(); }
  forward(x: Tensor): Tensor { return adaptiveAvgPool2d(x, this.outputSize); }
}
