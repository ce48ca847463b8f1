import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { cat } from '../core/ops/indexing.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { dropout } from './functional/dropout.js';
import * as init from './init.js';

function checkSeq(layer: string, x: Tensor, d: number, maxLen: number, offset: number): number {
  if (x.ndim < 2 || x.shape[x.ndim - 1] !== d) throw new ShapeError(`${layer}: expected input [..., time, ${d}], got ${fmt(x.shape)}`);
  const T = x.shape[x.ndim - 2];
  if (offset + T > maxLen) throw new ShapeError(`${layer}: sequence of ${T} positions from offset ${offset} exceeds maxLen ${maxLen} (input ${fmt(x.shape)}); build the layer with a larger maxLen`);
  return T;
}

/**
 * Fixed sinusoidal position encodings added to [..., time, dModel] (Vaswani et al. 2017, sec. 3.5):
 * PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)). The table is a
 * non-persistent buffer `pe` (not saved, recomputed on construction).
 * @example new nn.SinusoidalPositionalEncoding(16).forward(zeros([2, 10, 16])).shape; // [2, 10, 16]
 */
export class SinusoidalPositionalEncoding extends Module {
  declare pe: Tensor;
  constructor(readonly dModel: number, readonly opts: { maxLen?: number; dropout?: number } = {}) {
    super();
    const maxLen = opts.maxLen ?? 5000;
    if (!Number.isInteger(dModel) || dModel <= 0) throw new ValueError(`SinusoidalPositionalEncoding: dModel must be a positive integer, got ${dModel}`);
    const pe = new Float32Array(maxLen * dModel);
    for (let pos = 0; pos < maxLen; pos++) for (let i = 0; i < dModel; i += 2) {
      const angle = pos * Math.exp((-i * Math.log(10000)) / dModel);
      pe[pos * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) pe[pos * dModel + i + 1] = Math.cos(angle);
    }
    this.registerBuffer('pe', new Tensor(pe, [maxLen, dModel]), false);
  }
  forward(x: Tensor, offset = 0): Tensor {
    const T = checkSeq('SinusoidalPositionalEncoding', x, this.dModel, this.pe.shape[0], offset);
    return dropout(x.add(this.pe.narrow(0, offset, T)), this.opts.dropout ?? 0, this.training);
  }
}

/**
 * Learned absolute position embeddings (GPT, BERT): a trainable [maxLen, dModel] table, N(0, 0.02)
 * initialised, whose first `time` rows are added to the input.
 * @example new nn.LearnedPositionalEmbedding(64, 16).forward(zeros([2, 10, 16])).shape; // [2, 10, 16]
 */
export class LearnedPositionalEmbedding extends Module {
  weight: Parameter;
  constructor(readonly maxLen: number, readonly dModel: number) {
    super();
    this.weight = new Parameter(init.normal(zeros([maxLen, dModel]), 0, 0.02));
  }
  forward(x: Tensor, offset = 0): Tensor {
    const T = checkSeq('LearnedPositionalEmbedding', x, this.dModel, this.maxLen, offset);
    return x.add(this.weight.narrow(0, offset, T));
  }
}

/**
 * Rotary position embeddings (Su et al. 2021, RoFormer eq. 34) in the rotate-half layout of
 * GPT-NeoX/LLaMA: x·cos(mθ) + rotate_half(x)·sin(mθ) with θ_i = base^(−2i/d), applied to queries
 * and keys [..., time, dim]. Dot products of rotated vectors depend only on relative position.
 * @example new nn.RotaryEmbedding(8).forward(randn([2, 4, 10, 8])).shape; // [2, 4, 10, 8]
 */
export class RotaryEmbedding extends Module {
  readonly base: number;
  constructor(readonly dim: number, opts: { base?: number } = {}) {
    super();
    if (!Number.isInteger(dim) || dim <= 0 || dim % 2 !== 0) throw new ValueError(`RotaryEmbedding: dim must be a positive even integer, got ${dim}`);
    this.base = opts.base ?? 10000;
  }
  /** cos and sin tables [T, dim] for positions offset .. offset+T−1. */
  tables(T: number, offset = 0): [Tensor, Tensor] {
    const d = this.dim, half = d / 2;
    const cos = new Float32Array(T * d), sin = new Float32Array(T * d);
    for (let t = 0; t < T; t++) for (let i = 0; i < half; i++) {
      const a = (t + offset) * Math.pow(this.base, (-2 * i) / d);
      cos[t * d + i] = cos[t * d + i + half] = Math.cos(a);
      sin[t * d + i] = sin[t * d + i + half] = Math.sin(a);
    }
    return [new Tensor(cos, [T, d]), new Tensor(sin, [T, d])];
  }
  forward(x: Tensor, offset = 0): Tensor {
    const T = checkSeq('RotaryEmbedding', x, this.dim, Infinity, offset);
    const [cos, sin] = this.tables(T, offset);
    const half = this.dim / 2;
    const x1 = x.narrow(-1, 0, half), x2 = x.narrow(-1, half, half);
    return x.mul(cos).add(cat([x2.neg(), x1], -1).mul(sin));
  }
}
