import { Tensor } from '../core/tensor.js';
import { ones, zeros } from '../core/creation.js';
import { batchNorm, groupNorm, layerNorm } from '../core/ops/normalization.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

export interface BatchNormLayerOptions { eps?: number; momentum?: number | null; affine?: boolean; trackRunningStats?: boolean }

abstract class BatchNormBase extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  protected abstract readonly layer: string;
  protected abstract readonly ranks: number[];
  constructor(readonly numFeatures: number, opts: BatchNormLayerOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) throw new ValueError(`BatchNorm: numFeatures must be a positive integer, got ${numFeatures}`);
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(ones([numFeatures])) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures])) : null;
    const track = opts.trackRunningStats ?? true;
    // Buffer names are PyTorch's state-dict keys.
    this.registerBuffer('running_mean', track ? zeros([numFeatures]) : null);
    this.registerBuffer('running_var', track ? ones([numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', track ? zeros([], { dtype: 'int32' }) : null);
  }
  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim)) throw new ShapeError(`${this.layer}: expected input of rank ${this.ranks.join(' or ')} with ${this.numFeatures} channels in dim 1, got ${fmt(x.shape)}`);
    if (x.shape[1] !== this.numFeatures) throw new ShapeError(`${this.layer}: expected ${this.numFeatures} channels (dim 1), got input ${fmt(x.shape)}`);
    return batchNorm(x, {
      runningMean: this.running_mean, runningVar: this.running_var, numBatchesTracked: this.num_batches_tracked,
      weight: this.weight, bias: this.bias, training: this.training || !this.running_mean, momentum: this.momentum, eps: this.eps,
    }, this.layer);
  }
  override extraRepr(): string { return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}`; }
}

/**
 * Batch normalisation over [N, C] or [N, C, L] (Ioffe & Szegedy 2015): batch statistics while
 * training, running statistics (buffers running_mean, running_var, num_batches_tracked) in eval.
 * @example new nn.BatchNorm1d(16).forward(randn([32, 16])).shape; // [32, 16]
 */
export class BatchNorm1d extends BatchNormBase {
  protected readonly layer = 'BatchNorm1d';
  protected readonly ranks = [2, 3];
}

/**
 * Batch normalisation over [N, C, H, W], per channel.
 * @example new nn.BatchNorm2d(6).forward(randn([8, 6, 14, 14])).shape; // [8, 6, 14, 14]
 */
export class BatchNorm2d extends BatchNormBase {
  protected readonly layer = 'BatchNorm2d';
  protected readonly ranks = [4];
}

/**
 * Layer normalisation over the trailing dims (Ba et al. 2016), weight and bias of that shape.
 * @example new nn.LayerNorm(64).forward(randn([2, 10, 64])).shape; // [2, 10, 64]
 */
export class LayerNorm extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  readonly normalizedShape: number[];
  readonly eps: number;
  constructor(normalizedShape: number | number[], opts: { eps?: number; elementwiseAffine?: boolean; bias?: boolean } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(ones(this.normalizedShape)) : null;
    this.bias = affine && opts.bias !== false ? new Parameter(zeros(this.normalizedShape)) : null;
  }
  forward(x: Tensor): Tensor { return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps, 'LayerNorm'); }
  override extraRepr(): string { return `${fmt(this.normalizedShape)}, eps=${this.eps}`; }
}

/**
 * Group normalisation (Wu & He 2018) over [N, C, ...] with per-channel affine parameters.
 * @example new nn.GroupNorm(2, 6).forward(randn([4, 6, 8, 8])).shape; // [4, 6, 8, 8]
 */
export class GroupNorm extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  readonly eps: number;
  constructor(readonly numGroups: number, readonly numChannels: number, opts: { eps?: number; affine?: boolean } = {}) {
    super();
    if (!Number.isInteger(numGroups) || numGroups <= 0 || numChannels % numGroups !== 0) throw new ValueError(`GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(ones([numChannels])) : null;
    this.bias = affine ? new Parameter(zeros([numChannels])) : null;
  }
  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) throw new ShapeError(`GroupNorm: expected input [batch, ${this.numChannels}, ...], got ${fmt(x.shape)}`);
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps, 'GroupNorm');
  }
  override extraRepr(): string { return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}`; }
}
