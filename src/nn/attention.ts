import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { linear } from '../core/ops/linear.js';
import { scaledDotProductAttention } from '../core/ops/attention.js';
import { where } from '../core/ops/binary.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { Linear } from './linear.js';
import * as init from './init.js';

export interface MultiheadAttentionOptions {
  dropout?: number; bias?: boolean; batchFirst?: boolean;
  /** Width of the keys (default embedDim); with vdim, a width other than embedDim gives separate q/k/v projections as in PyTorch. */
  kdim?: number;
  /** Width of the values (default embedDim). */
  vdim?: number;
}
export interface AttentionCallOptions {
  /** [batch, Tk]: 1/true marks padding keys that no query may attend to (or float, added to scores). */
  keyPaddingMask?: Tensor | null;
  /** [Tq, Tk] or [batch·heads, Tq, Tk]: 1/true = masked out, or a float mask added to the scores. */
  attnMask?: Tensor | null;
  /** Mask out future keys (causal self-attention); may be combined with the masks above. */
  isCausal?: boolean;
  /** Return the attention probabilities as the second result (default true, as in PyTorch). */
  needWeights?: boolean;
  /** Average the returned probabilities over heads (default true) or return [batch, heads, Tq, Tk]. */
  averageAttnWeights?: boolean;
}

/** A mask as floats: uint8 1 → −∞, 0 → 0; float masks pass through. */
function additive(m: Tensor): Tensor {
  return m.dtype === 'float32' ? m : where(m.ne(0), -Infinity, 0);
}

/**
 * Multi-head attention (Vaswani et al. 2017, sec. 3.2.2), batch-first, with PyTorch's parameter
 * names: in_proj_weight [3E, E] (or q_proj_weight [E, E], k_proj_weight [E, kdim] and
 * v_proj_weight [E, vdim] when keys or values have their own width), in_proj_bias [3E],
 * out_proj.weight/bias. Returns [output, weights | null]; the weights are the attention
 * probabilities as PyTorch returns them (after dropout in training), outside the graph.
 * @example const [y, w] = new nn.MultiheadAttention(32, 4).forward(x, x, x, { isCausal: true });
 */
export class MultiheadAttention extends Module {
  /** The packed q/k/v projection when keys and values are embedDim wide; null otherwise. */
  in_proj_weight: Parameter | null;
  q_proj_weight: Parameter | null = null;
  k_proj_weight: Parameter | null = null;
  v_proj_weight: Parameter | null = null;
  in_proj_bias: Parameter | null;
  out_proj: Linear;
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly kdim: number;
  readonly vdim: number;
  constructor(readonly embedDim: number, readonly numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (!Number.isInteger(embedDim) || !Number.isInteger(numHeads) || embedDim <= 0 || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new ValueError(`MultiheadAttention: embedDim ${embedDim} must be a positive multiple of numHeads ${numHeads}`);
    }
    this.headDim = embedDim / numHeads;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? true;
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    for (const [what, v] of [['kdim', this.kdim], ['vdim', this.vdim]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`MultiheadAttention: ${what} must be a positive integer, got ${v}`);
    }
    if (this.kdim === embedDim && this.vdim === embedDim) {
      this.in_proj_weight = new Parameter(init.xavierUniform(zeros([3 * embedDim, embedDim])));
    } else {
      this.in_proj_weight = null;
      this.q_proj_weight = new Parameter(init.xavierUniform(zeros([embedDim, embedDim])));
      this.k_proj_weight = new Parameter(init.xavierUniform(zeros([embedDim, this.kdim])));
      this.v_proj_weight = new Parameter(init.xavierUniform(zeros([embedDim, this.vdim])));
    }
    this.in_proj_bias = opts.bias === false ? null : new Parameter(zeros([3 * embedDim]));
    this.out_proj = new Linear(embedDim, embedDim, { bias: opts.bias !== false });
    if (this.out_proj.bias) this.out_proj.bias.zero_();
  }

  forward(query: Tensor, key: Tensor = query, value: Tensor = key, o: AttentionCallOptions = {}): [Tensor, Tensor | null] {
    const E = this.embedDim, nh = this.numHeads, hd = this.headDim;
    const name = 'MultiheadAttention';
    for (const [what, t, width] of [['query', query, E], ['key', key, this.kdim], ['value', value, this.vdim]] as const) {
      if (t.ndim !== 3 && t.ndim !== 2) throw new ShapeError(`${name}: expected ${what} ${this.batchFirst ? '[batch, time, features]' : '[time, batch, features]'} (rank 3) or [time, features] (rank 2) with ${width} features, got ${fmt(t.shape)}`);
      if (t.shape[t.ndim - 1] !== width) throw new ShapeError(`${name}: expected ${what} with ${width} features in the last dim${width !== E ? ` (its ${what === 'key' ? 'kdim' : 'vdim'})` : ''}, got ${fmt(t.shape)}`);
      if (t.ndim !== query.ndim) throw new ShapeError(`${name}: query, key and value must have the same rank, got ${fmt(query.shape)}, ${fmt(key.shape)}, ${fmt(value.shape)}`);
    }
    const batched = query.ndim === 3;
    const bf = (t: Tensor) => (!batched ? t.unsqueeze(0) : this.batchFirst ? t : t.transpose(0, 1));
    const q0 = bf(query), k0 = bf(key), v0 = bf(value);
    const B = q0.shape[0], tq = q0.shape[1], tk = k0.shape[1];
    if (k0.shape[0] !== B || v0.shape[0] !== B || v0.shape[1] !== tk) throw new ShapeError(`${name}: key ${fmt(key.shape)} and value ${fmt(value.shape)} must match each other and the batch of query ${fmt(query.shape)}`);
    const mask = this.buildMask(o, B, tq, tk, batched);
    const W = this.in_proj_weight, bias = this.in_proj_bias;
    const separate = [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight];
    const heads = (x: Tensor, i: number, T: number) => linear(x, W ? W.narrow(0, i * E, E) : separate[i]!, bias ? bias.narrow(0, i * E, E) : null)
      .reshape([B, T, nh, hd]).permute(0, 2, 1, 3);
    const [ctx, , weights] = scaledDotProductAttention(heads(q0, 0, tq), heads(k0, 1, tk), heads(v0, 2, tk), {
      mask, isCausal: o.isCausal, dropoutP: this.training ? this.dropout : 0,
    });
    let out = this.out_proj.forward(ctx.permute(0, 2, 1, 3).reshape([B, tq, E]));
    out = !batched ? out.squeeze(0) : this.batchFirst ? out : out.transpose(0, 1);
    if (!(o.needWeights ?? true)) return [out, null];
    let w = (o.averageAttnWeights ?? true) ? weights.mean(1) : weights;
    if (!batched) w = w.squeeze(0);
    return [out, w];
  }

  private buildMask(o: AttentionCallOptions, B: number, tq: number, tk: number, batched: boolean): Tensor | null {
    const name = 'MultiheadAttention', nh = this.numHeads;
    let mask: Tensor | null = null;
    if (o.attnMask) {
      const m = o.attnMask;
      if (m.ndim === 2 && m.shape[0] === tq && m.shape[1] === tk) mask = additive(m).reshape([1, 1, tq, tk]);
      else if (m.ndim === 3 && m.shape[0] === B * nh && m.shape[1] === tq && m.shape[2] === tk) mask = additive(m).reshape([B, nh, tq, tk]);
      else throw new ShapeError(`${name}: expected attnMask of shape [${tq}, ${tk}] or [${B * nh}, ${tq}, ${tk}] (batch·heads, Tq, Tk), got ${fmt(m.shape)}`);
    }
    if (o.keyPaddingMask) {
      const m = o.keyPaddingMask;
      const want = batched ? [B, tk] : [tk];
      if (fmt(m.shape) !== fmt(want)) throw new ShapeError(`${name}: expected keyPaddingMask of shape ${fmt(want)} (batch, Tk), got ${fmt(m.shape)}`);
      const kp = additive(m).reshape([B, 1, 1, tk]);
      mask = mask ? mask.add(kp) : kp;
    }
    return mask ? mask.detach() : null;
  }
  override extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}${this.in_proj_weight ? '' : `, kdim=${this.kdim}, vdim=${this.vdim}`}`;
  }
}
