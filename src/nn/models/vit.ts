import { Tensor } from '../../core/tensor.js';
import { zeros } from '../../core/creation.js';
import { cat } from '../../core/ops/indexing.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { Conv2d } from '../conv.js';
import { ModuleList } from '../containers.js';
import { LayerNorm } from '../normalization.js';
import { TransformerEncoderLayer } from '../transformer.js';
import * as init from '../init.js';

export interface ViTConfig {
  imageSize: number; patchSize: number; numClasses: number; inChannels?: number;
  dim?: number; depth?: number; heads?: number; mlpDim?: number; dropout?: number;
}

/**
 * A small Vision Transformer (Dosovitskiy et al. 2021): non-overlapping patches embedded by a
 * strided convolution, a learned class token and position embeddings, pre-norm encoder blocks,
 * and a linear head on the final class token.
 * @example new nn.models.ViT({ imageSize: 28, patchSize: 7, numClasses: 10, dim: 64 }).forward(randn([2, 1, 28, 28])).shape; // [2, 10]
 */
export class ViT extends Module {
  patch_embed: Conv2d;
  cls_token: Parameter;
  pos_embed: Parameter;
  blocks: ModuleList<TransformerEncoderLayer>;
  norm: LayerNorm;
  head: Linear;
  readonly config: Required<ViTConfig>;
  constructor(cfg: ViTConfig) {
    super();
    const c = { inChannels: 1, dim: 64, depth: 4, heads: 4, mlpDim: 128, dropout: 0, ...cfg };
    if (c.imageSize % c.patchSize !== 0) throw new ValueError(`ViT: imageSize ${c.imageSize} must be a multiple of patchSize ${c.patchSize}`);
    this.config = c;
    const n = (c.imageSize / c.patchSize) ** 2;
    this.patch_embed = new Conv2d(c.inChannels, c.dim, c.patchSize, { stride: c.patchSize });
    this.cls_token = new Parameter(zeros([1, 1, c.dim]));
    this.pos_embed = new Parameter(init.normal(zeros([1, n + 1, c.dim]), 0, 0.02));
    this.blocks = new ModuleList(Array.from({ length: c.depth }, () => new TransformerEncoderLayer(c.dim, c.heads, {
      dimFeedforward: c.mlpDim, dropout: c.dropout, activation: 'gelu', normFirst: true,
    })));
    this.norm = new LayerNorm(c.dim);
    this.head = new Linear(c.dim, c.numClasses);
  }
  forward(x: Tensor): Tensor {
    const c = this.config;
    if (x.ndim !== 4 || x.shape[1] !== c.inChannels || x.shape[2] !== c.imageSize || x.shape[3] !== c.imageSize) {
      throw new ShapeError(`ViT: expected images [batch, ${c.inChannels}, ${c.imageSize}, ${c.imageSize}], got ${fmt(x.shape)}`);
    }
    const B = x.shape[0];
    const patches = this.patch_embed.forward(x).flatten(2).transpose(1, 2);
    let h = cat([this.cls_token.expand(B, 1, c.dim), patches], 1).add(this.pos_embed);
    for (const b of this.blocks) h = b.forward(h);
    return this.head.forward(this.norm.forward(h).select(1, 0));
  }
}
