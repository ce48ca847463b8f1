import { Tensor } from '../core/tensor.js';
import { ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';
import { ModuleList } from './containers.js';
import { LayerNorm } from './normalization.js';
import { MultiheadAttention } from './attention.js';

export interface TransformerLayerOptions {
  dimFeedforward?: number; dropout?: number; activation?: 'relu' | 'gelu';
  layerNormEps?: number; batchFirst?: boolean;
  /** Pre-norm (LayerNorm before each sub-layer, Xiong et al. 2020) instead of the original post-norm. */
  normFirst?: boolean; bias?: boolean;
}
export interface EncoderCallOptions { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean }
export interface DecoderCallOptions {
  tgtMask?: Tensor | null; memoryMask?: Tensor | null; tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null; tgtIsCausal?: boolean; memoryIsCausal?: boolean;
}

const act = (x: Tensor, a: 'relu' | 'gelu') => (a === 'gelu' ? x.gelu() : x.relu());

/**
 * One Transformer encoder block (Vaswani et al. 2017, sec. 3.1): self-attention then a
 * position-wise feed-forward network, each with a residual connection and LayerNorm (after, or
 * before with normFirst). Parameter names and defaults follow torch.nn.TransformerEncoderLayer
 * (dimFeedforward 2048, dropout 0.1, ReLU), except batchFirst defaults to true.
 * @example new nn.TransformerEncoderLayer(32, 4, { dimFeedforward: 64 }).forward(randn([2, 10, 32])).shape; // [2, 10, 32]
 */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear; dropout: Dropout; linear2: Linear;
  norm1: LayerNorm; norm2: LayerNorm; dropout1: Dropout; dropout2: Dropout;
  readonly normFirst: boolean; readonly activation: 'relu' | 'gelu';
  constructor(readonly dModel: number, readonly nhead: number, readonly opts: TransformerLayerOptions = {}) {
    super();
    const ff = opts.dimFeedforward ?? 2048, p = opts.dropout ?? 0.1, eps = opts.layerNormEps ?? 1e-5, bias = opts.bias ?? true;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: opts.batchFirst ?? true });
    this.linear1 = new Linear(dModel, ff, { bias }); this.dropout = new Dropout(p); this.linear2 = new Linear(ff, dModel, { bias });
    this.norm1 = new LayerNorm(dModel, { eps, bias }); this.norm2 = new LayerNorm(dModel, { eps, bias });
    this.dropout1 = new Dropout(p); this.dropout2 = new Dropout(p);
    this.normFirst = opts.normFirst ?? false;
    this.activation = opts.activation ?? 'relu';
  }
  private sa(x: Tensor, o: EncoderCallOptions): Tensor {
    const [y] = this.self_attn.forward(x, x, x, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, needWeights: false });
    return this.dropout1.forward(y);
  }
  private ff(x: Tensor): Tensor {
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(act(this.linear1.forward(x), this.activation))));
  }
  forward(src: Tensor, o: EncoderCallOptions = {}): Tensor {
    let x = src;
    if (this.normFirst) {
      x = x.add(this.sa(this.norm1.forward(x), o));
      return x.add(this.ff(this.norm2.forward(x)));
    }
    x = this.norm1.forward(x.add(this.sa(x, o)));
    return this.norm2.forward(x.add(this.ff(x)));
  }
  /** An independent copy with the same weights (what PyTorch's deepcopy gives TransformerEncoder). */
  clone(): TransformerEncoderLayer {
    const c = new TransformerEncoderLayer(this.dModel, this.nhead, this.opts);
    c.loadStateDict(this.stateDict());
    return c;
  }
}

/**
 * One Transformer decoder block: masked self-attention, cross-attention over `memory`, and the
 * feed-forward network, with torch.nn.TransformerDecoderLayer's names and defaults.
 * @example new nn.TransformerDecoderLayer(32, 4, { dimFeedforward: 64 }).forward(randn([2, 7, 32]), randn([2, 10, 32]), { tgtIsCausal: true });
 */
export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention; multihead_attn: MultiheadAttention;
  linear1: Linear; dropout: Dropout; linear2: Linear;
  norm1: LayerNorm; norm2: LayerNorm; norm3: LayerNorm;
  dropout1: Dropout; dropout2: Dropout; dropout3: Dropout;
  readonly normFirst: boolean; readonly activation: 'relu' | 'gelu';
  constructor(readonly dModel: number, readonly nhead: number, readonly opts: TransformerLayerOptions = {}) {
    super();
    const ff = opts.dimFeedforward ?? 2048, p = opts.dropout ?? 0.1, eps = opts.layerNormEps ?? 1e-5, bias = opts.bias ?? true;
    const mha = () => new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: opts.batchFirst ?? true });
    this.self_attn = mha(); this.multihead_attn = mha();
    this.linear1 = new Linear(dModel, ff, { bias }); this.dropout = new Dropout(p); this.linear2 = new Linear(ff, dModel, { bias });
    this.norm1 = new LayerNorm(dModel, { eps, bias }); this.norm2 = new LayerNorm(dModel, { eps, bias }); this.norm3 = new LayerNorm(dModel, { eps, bias });
    this.dropout1 = new Dropout(p); this.dropout2 = new Dropout(p); this.dropout3 = new Dropout(p);
    this.normFirst = opts.normFirst ?? false;
    this.activation = opts.activation ?? 'relu';
  }
  private sa(x: Tensor, o: DecoderCallOptions): Tensor {
    const [y] = this.self_attn.forward(x, x, x, { attnMask: o.tgtMask, keyPaddingMask: o.tgtKeyPaddingMask, isCausal: o.tgtIsCausal, needWeights: false });
    return this.dropout1.forward(y);
  }
  private mha(x: Tensor, mem: Tensor, o: DecoderCallOptions): Tensor {
    const [y] = this.multihead_attn.forward(x, mem, mem, { attnMask: o.memoryMask, keyPaddingMask: o.memoryKeyPaddingMask, isCausal: o.memoryIsCausal, needWeights: false });
    return this.dropout2.forward(y);
  }
  private ff(x: Tensor): Tensor {
    return this.dropout3.forward(this.linear2.forward(this.dropout.forward(act(this.linear1.forward(x), this.activation))));
  }
  forward(tgt: Tensor, memory: Tensor, o: DecoderCallOptions = {}): Tensor {
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.sa(this.norm1.forward(x), o));
      x = x.add(this.mha(this.norm2.forward(x), memory, o));
      return x.add(this.ff(this.norm3.forward(x)));
    }
    x = this.norm1.forward(x.add(this.sa(x, o)));
    x = this.norm2.forward(x.add(this.mha(x, memory, o)));
    return this.norm3.forward(x.add(this.ff(x)));
  }
  clone(): TransformerDecoderLayer {
    const c = new TransformerDecoderLayer(this.dModel, this.nhead, this.opts);
    c.loadStateDict(this.stateDict());
    return c;
  }
}

function checkCount(layer: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${layer}: numLayers must be a positive integer, got ${n}`);
}

/**
 * A stack of `numLayers` copies of an encoder layer (keys layers.0..., and norm when given).
 * @example new nn.TransformerEncoder(new nn.TransformerEncoderLayer(32, 4), 2).forward(randn([2, 10, 32]));
 */
export class TransformerEncoder extends Module {
  layers: ModuleList<TransformerEncoderLayer>;
  norm: LayerNorm | null;
  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    checkCount('TransformerEncoder', numLayers);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.norm = opts.norm ?? null;
  }
  forward(src: Tensor, o: EncoderCallOptions = {}): Tensor {
    let x = src;
    for (const l of this.layers) x = l.forward(x, o);
    return this.norm ? this.norm.forward(x) : x;
  }
}

/**
 * A stack of `numLayers` copies of a decoder layer.
 * @example new nn.TransformerDecoder(new nn.TransformerDecoderLayer(32, 4), 2).forward(randn([2, 7, 32]), randn([2, 10, 32]));
 */
export class TransformerDecoder extends Module {
  layers: ModuleList<TransformerDecoderLayer>;
  norm: LayerNorm | null;
  constructor(decoderLayer: TransformerDecoderLayer, readonly numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    checkCount('TransformerDecoder', numLayers);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.norm = opts.norm ?? null;
  }
  forward(tgt: Tensor, memory: Tensor, o: DecoderCallOptions = {}): Tensor {
    let x = tgt;
    for (const l of this.layers) x = l.forward(x, memory, o);
    return this.norm ? this.norm.forward(x) : x;
  }
}
