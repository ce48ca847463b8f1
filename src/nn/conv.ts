import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { conv2d, conv1d, convTranspose2d, pair, type Pair } from '../core/ops/conv.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';

function checkChannels(layer: string, inC: number, outC: number, groups: number, per: 'in' | 'both' = 'both'): void {
  if (![inC, outC, groups].every((v) => Number.isInteger(v) && v > 0)) throw new ValueError(`${layer}: channel counts and groups must be positive integers, got in ${inC}, out ${outC}, groups ${groups}`);
  if (inC % groups !== 0 || (per === 'both' && outC % groups !== 0)) throw new ValueError(`${layer}: groups ${groups} must divide inChannels ${inC} and outChannels ${outC}`);
}

/** PyTorch's default conv init: kaiming-uniform (a = √5) weights, bias uniform in ±1/√fanIn. */
function defaultInit(weight: Tensor, bias: Tensor | null): void {
  init.kaimingUniform(weight, { a: Math.sqrt(5) });
  if (bias) { const b = 1 / Math.sqrt(init.fans(weight)[0]); init.uniform(bias, -b, b); }
}

function checkInput(layer: string, x: Tensor, rank: number, inC: number, layout: string): void {
  if (x.ndim !== rank) throw new ShapeError(`${layer}: expected input ${layout} (rank ${rank}), got ${fmt(x.shape)}`);
  if (x.shape[1] !== inC) throw new ShapeError(`${layer}: expected ${inC} input channels (dim 1), got input ${fmt(x.shape)}`);
}

export interface Conv2dLayerOptions { stride?: Pair; padding?: Pair | 'same' | 'valid'; dilation?: Pair; groups?: number; bias?: boolean }

/**
 * 2-D convolution layer (weight [out, in/groups, kh, kw], bias [out]) computed with im2col + matmul.
 * @example new nn.Conv2d(1, 6, 5, { padding: 2 }).forward(randn([8, 1, 28, 28])).shape; // [8, 6, 28, 28]
 */
export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, readonly opts: Conv2dLayerOptions = {}) {
    super();
    const groups = opts.groups ?? 1;
    checkChannels('Conv2d', inChannels, outChannels, groups);
    this.kernelSize = pair(kernelSize);
    this.weight = new Parameter(zeros([outChannels, inChannels / groups, ...this.kernelSize]));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outChannels]));
    defaultInit(this.weight, this.bias);
  }
  forward(x: Tensor): Tensor {
    checkInput('Conv2d', x, 4, this.inChannels, '[batch, channels, height, width]');
    return conv2d(x, this.weight, this.bias, this.opts, 'Conv2d');
  }
  override extraRepr(): string { return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmt(this.kernelSize)}, stride=${JSON.stringify(this.opts.stride ?? 1)}, padding=${JSON.stringify(this.opts.padding ?? 0)}`; }
}

export interface Conv1dLayerOptions { stride?: number; padding?: number | 'same' | 'valid'; dilation?: number; groups?: number; bias?: boolean }

/**
 * 1-D convolution layer over [batch, channels, length] (weight [out, in/groups, k]).
 * @example new nn.Conv1d(3, 8, 3, { padding: 'same' }).forward(randn([2, 3, 20])).shape; // [2, 8, 20]
 */
export class Conv1d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, readonly opts: Conv1dLayerOptions = {}) {
    super();
    const groups = opts.groups ?? 1;
    checkChannels('Conv1d', inChannels, outChannels, groups);
    this.weight = new Parameter(zeros([outChannels, inChannels / groups, kernelSize]));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outChannels]));
    defaultInit(this.weight, this.bias);
  }
  forward(x: Tensor): Tensor {
    checkInput('Conv1d', x, 3, this.inChannels, '[batch, channels, length]');
    return conv1d(x, this.weight, this.bias, this.opts);
  }
  override extraRepr(): string { return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}`; }
}

export interface ConvTranspose2dLayerOptions { stride?: Pair; padding?: Pair; outputPadding?: Pair; dilation?: Pair; groups?: number; bias?: boolean }

/**
 * Transposed 2-D convolution ("deconvolution"), weight [in, out/groups, kh, kw] as in PyTorch.
 * @example new nn.ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 }).forward(randn([1, 16, 7, 7])).shape; // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, readonly opts: ConvTranspose2dLayerOptions = {}) {
    super();
    const groups = opts.groups ?? 1;
    checkChannels('ConvTranspose2d', inChannels, outChannels, groups);
    this.kernelSize = pair(kernelSize);
    this.weight = new Parameter(zeros([inChannels, outChannels / groups, ...this.kernelSize]));
    this.bias = opts.bias === false ? null : new Parameter(zeros([outChannels]));
    defaultInit(this.weight, this.bias);
  }
  forward(x: Tensor): Tensor {
    checkInput('ConvTranspose2d', x, 4, this.inChannels, '[batch, channels, height, width]');
    return convTranspose2d(x, this.weight, this.bias, this.opts);
  }
  override extraRepr(): string { return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmt(this.kernelSize)}`; }
}
