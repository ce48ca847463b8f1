import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { embedding } from '../core/ops/embedding.js';
import { ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';

/**
 * A lookup table of learned vectors (weight [numEmbeddings, dim], initialised N(0, 1) as in
 * PyTorch). The `paddingIdx` row starts at zero and receives no gradient.
 * @example new nn.Embedding(100, 16).forward(tensor([[1, 2, 3]], { dtype: 'int32' })).shape; // [1, 3, 16]
 */
export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx: number | null;
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: { paddingIdx?: number | null } = {}) {
    super();
    if (!Number.isInteger(numEmbeddings) || numEmbeddings <= 0 || !Number.isInteger(embeddingDim) || embeddingDim <= 0) {
      throw new ValueError(`Embedding: numEmbeddings and embeddingDim must be positive integers, got ${numEmbeddings} and ${embeddingDim}`);
    }
    let p = opts.paddingIdx ?? null;
    if (p !== null) {
      if (p < -numEmbeddings || p >= numEmbeddings) throw new ValueError(`Embedding: paddingIdx ${p} must be within [-${numEmbeddings}, ${numEmbeddings - 1}]`);
      if (p < 0) p += numEmbeddings;
    }
    this.paddingIdx = p;
    this.weight = new Parameter(init.normal(zeros([numEmbeddings, embeddingDim])));
    if (p !== null) this.weight.data.fill(0, p * embeddingDim, (p + 1) * embeddingDim);
  }
  forward(indices: Tensor): Tensor { return embedding(indices, this.weight, this.paddingIdx, 'Embedding'); }
  override extraRepr(): string { return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ''}`; }
}
