import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import * as nn from '../../nn/index.js';
import { BOS } from './seq-tasks.js';

/** A sequence-to-sequence model trained with teacher forcing and decoded greedily. */
export interface Seq2Seq extends nn.Module {
  /** Logits [B, L, 10] for source [B, L] and shifted target [B, L]. */
  forward(src: Tensor, tgtIn: Tensor): Tensor;
  /** Memory of the source (encoder output or final states). */
  encode(src: Tensor): unknown;
  decode(memory: unknown, tgtIn: Tensor): Tensor;
}

/**
 * Encoder–decoder Transformer (Vaswani et al. 2017) over digit tokens with learned positions;
 * post-norm layers as in the paper.
 */
export class DigitTransformer extends nn.Module implements Seq2Seq {
  src_emb: nn.Embedding; tgt_emb: nn.Embedding;
  src_pos: nn.LearnedPositionalEmbedding; tgt_pos: nn.LearnedPositionalEmbedding;
  encoder: nn.TransformerEncoder; decoder: nn.TransformerDecoder;
  out: nn.Linear;
  constructor(d: number, heads: number, layers: number, ff: number, maxLen: number) {
    super();
    this.src_emb = new nn.Embedding(10, d); this.tgt_emb = new nn.Embedding(11, d);
    this.src_pos = new nn.LearnedPositionalEmbedding(maxLen, d); this.tgt_pos = new nn.LearnedPositionalEmbedding(maxLen, d);
    nn.init.normal(this.src_emb.weight, 0, 0.3); nn.init.normal(this.tgt_emb.weight, 0, 0.3);
    nn.init.normal(this.src_pos.weight, 0, 0.3); nn.init.normal(this.tgt_pos.weight, 0, 0.3);
    const opts = { dimFeedforward: ff, dropout: 0 };
    this.encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(d, heads, opts), layers);
    this.decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(d, heads, opts), layers);
    this.out = new nn.Linear(d, 10);
  }
  encode(src: Tensor): Tensor { return this.encoder.forward(this.src_pos.forward(this.src_emb.forward(src))); }
  decode(memory: unknown, tgtIn: Tensor): Tensor {
    const h = this.decoder.forward(this.tgt_pos.forward(this.tgt_emb.forward(tgtIn)), memory as Tensor, { tgtIsCausal: true });
    return this.out.forward(h);
  }
  forward(src: Tensor, tgtIn: Tensor): Tensor { return this.decode(this.encode(src), tgtIn); }
}

/** The classic LSTM encoder–decoder baseline (Sutskever et al. 2014): the source is squeezed into the final states. */
export class DigitLSTM extends nn.Module implements Seq2Seq {
  src_emb: nn.Embedding; tgt_emb: nn.Embedding;
  encoder: nn.LSTM; decoder: nn.LSTM; out: nn.Linear;
  constructor(d: number, hidden: number, layers: number) {
    super();
    this.src_emb = new nn.Embedding(10, d); this.tgt_emb = new nn.Embedding(11, d);
    this.encoder = new nn.LSTM(d, hidden, { numLayers: layers });
    this.decoder = new nn.LSTM(d, hidden, { numLayers: layers });
    this.out = new nn.Linear(hidden, 10);
  }
  encode(src: Tensor): [Tensor, Tensor] { return this.encoder.forward(this.src_emb.forward(src))[1]; }
  decode(memory: unknown, tgtIn: Tensor): Tensor {
    const [y] = this.decoder.forward(this.tgt_emb.forward(tgtIn), memory as [Tensor, Tensor]);
    return this.out.forward(y);
  }
  forward(src: Tensor, tgtIn: Tensor): Tensor { return this.decode(this.encode(src), tgtIn); }
}

/** Greedy decoding of L tokens per row; returns the predicted tokens [B, L]. */
export function greedyDecode(model: Seq2Seq, src: Tensor): Int32Array {
  const [B, L] = src.shape;
  const pred = new Int32Array(B * L);
  const was = model.training;
  model.eval();
  noGrad(() => {
    const memory = model.encode(src);
    const inp = new Int32Array(B * L);
    for (let b = 0; b < B; b++) inp[b * L] = BOS;
    for (let t = 0; t < L; t++) {
      // Rows of the prefix [B, t+1] copied out of the full buffer.
      const prefix = new Int32Array(B * (t + 1));
      for (let b = 0; b < B; b++) prefix.set(inp.subarray(b * L, b * L + t + 1), b * (t + 1));
      const logits = model.decode(memory, new Tensor(prefix, [B, t + 1])).data;
      for (let b = 0; b < B; b++) {
        const o = (b * (t + 1) + t) * 10;
        let best = 0;
        for (let k = 1; k < 10; k++) if (logits[o + k] > logits[o + best]) best = k;
        pred[b * L + t] = best;
        if (t + 1 < L) inp[b * L + t + 1] = best;
      }
    }
  });
  model.train(was);
  return pred;
}
