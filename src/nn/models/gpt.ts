import { Tensor } from '../../core/tensor.js';
import { linear } from '../../core/ops/linear.js';
import { noGrad } from '../../core/autograd.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { Dropout } from '../dropout.js';
import { ModuleList } from '../containers.js';
import { Embedding } from '../embedding.js';
import { LayerNorm } from '../normalization.js';
import { TransformerEncoderLayer } from '../transformer.js';
import * as init from '../init.js';

export interface GPTConfig { vocabSize: number; blockSize: number; nLayer?: number; nHead?: number; nEmbd?: number; dropout?: number }

/**
 * A small GPT-style causal language model (Radford et al. 2018/2019): token and learned position
 * embeddings, pre-norm Transformer blocks with causal self-attention and GELU, a final LayerNorm
 * and an output head tied to the token embedding (Press & Wolf 2017). Weights start N(0, 0.02).
 * @example
 * const gpt = new nn.models.GPT({ vocabSize: 65, blockSize: 64, nLayer: 2, nHead: 4, nEmbd: 64 });
 * gpt.forward(tensor([[1, 2, 3]], { dtype: 'int32' })).shape; // [1, 3, 65]
 */
export class GPT extends Module {
  wte: Embedding; wpe: Embedding; drop: Dropout;
  blocks: ModuleList<TransformerEncoderLayer>;
  ln_f: LayerNorm;
  readonly config: Required<GPTConfig>;
  constructor(cfg: GPTConfig) {
    super();
    const c = { nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, ...cfg };
    if (!(c.vocabSize > 0 && c.blockSize > 0)) throw new ValueError(`GPT: vocabSize and blockSize must be positive, got ${c.vocabSize} and ${c.blockSize}`);
    this.config = c;
    this.wte = new Embedding(c.vocabSize, c.nEmbd);
    this.wpe = new Embedding(c.blockSize, c.nEmbd);
    this.drop = new Dropout(c.dropout);
    this.blocks = new ModuleList(Array.from({ length: c.nLayer }, () => new TransformerEncoderLayer(c.nEmbd, c.nHead, {
      dimFeedforward: 4 * c.nEmbd, dropout: c.dropout, activation: 'gelu', normFirst: true,
    })));
    this.ln_f = new LayerNorm(c.nEmbd);
    // GPT-2 initialisation: N(0, 0.02) weights, zero biases.
    for (const m of this.modules()) {
      if (m instanceof Linear) { init.normal(m.weight, 0, 0.02); m.bias?.zero_(); }
      if (m instanceof Embedding) init.normal(m.weight, 0, 0.02);
    }
    for (const b of this.blocks) { init.normal(b.self_attn.in_proj_weight!, 0, 0.02); b.self_attn.in_proj_bias?.zero_(); }
  }
  /** Logits [batch, time, vocab] for int32 token ids [batch, time] (time ≤ blockSize). */
  forward(idx: Tensor): Tensor {
    if (idx.ndim !== 2) throw new ShapeError(`GPT: expected token ids [batch, time] (rank 2), got ${fmt(idx.shape)}`);
    const T = idx.shape[1];
    if (T > this.config.blockSize) throw new ShapeError(`GPT: sequence length ${T} exceeds blockSize ${this.config.blockSize} (input ${fmt(idx.shape)})`);
    const pos = new Tensor(Int32Array.from({ length: T }, (_, i) => i), [T]);
    let x = this.drop.forward(this.wte.forward(idx).add(this.wpe.forward(pos)));
    for (const b of this.blocks) x = b.forward(x, { isCausal: true });
    return linear(this.ln_f.forward(x), this.wte.weight);
  }
  /**
   * Extends each row of `idx` by `maxNewTokens` sampled tokens: softmax(logits / temperature),
   * restricted to the topK most likely when given; temperature 0 picks the argmax.
   */
  generate(idx: Tensor, maxNewTokens: number, o: { temperature?: number; topK?: number; generator?: Generator } = {}): Tensor {
    const temp = o.temperature ?? 1, gen = o.generator ?? defaultGenerator;
    if (idx.ndim !== 2) throw new ShapeError(`GPT.generate: expected token ids [batch, time], got ${fmt(idx.shape)}`);
    const B = idx.shape[0], V = this.config.vocabSize;
    const rows = Array.from({ length: B }, (_, b) => Array.from(idx.data.subarray(b * idx.shape[1], (b + 1) * idx.shape[1])));
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(() => {
        for (let s = 0; s < maxNewTokens; s++) {
          const ctx = rows.map((r) => r.slice(-this.config.blockSize));
          const T = ctx[0].length;
          const logits = this.forward(new Tensor(Int32Array.from(ctx.flat()), [B, T])).data;
          for (let b = 0; b < B; b++) rows[b].push(sampleRow(logits.subarray(((b + 1) * T - 1) * V, (b + 1) * T * V) as Float32Array, temp, o.topK, gen));
        }
      });
    } finally { this.train(wasTraining); }
    return new Tensor(Int32Array.from(rows.flat()), [B, rows[0].length]);
  }
}

/** Samples one index from logits with temperature and optional top-k truncation. */
export function sampleRow(logits: Float32Array, temperature: number, topK: number | undefined, gen: Generator): number {
  const V = logits.length;
  if (temperature <= 0) { let best = 0; for (let i = 1; i < V; i++) if (logits[i] > logits[best]) best = i; return best; }
  let cut = -Infinity;
  if (topK !== undefined && topK < V) cut = Float32Array.from(logits).sort().reverse()[Math.max(0, topK - 1)];
  let mx = -Infinity;
  for (let i = 0; i < V; i++) if (logits[i] >= cut && logits[i] > mx) mx = logits[i];
  const p = new Float64Array(V);
  let sum = 0;
  for (let i = 0; i < V; i++) if (logits[i] >= cut) { p[i] = Math.exp((logits[i] - mx) / temperature); sum += p[i]; }
  let u = gen.uniform() * sum;
  for (let i = 0; i < V; i++) { u -= p[i]; if (u < 0 && p[i] > 0) return i; }
  for (let i = V - 1; i >= 0; i--) if (p[i] > 0) return i;
  return 0;
}
