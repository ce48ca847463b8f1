import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { linear } from '../core/ops/linear.js';
import { lstmCell, gruCell, recurrentSequence, type RecurrentMode } from '../core/ops/rnn.js';
import { cat, stack } from '../core/ops/indexing.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { dropout } from './functional/dropout.js';
import * as init from './init.js';

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';
const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };
const LAYER: Record<Mode, string> = { RNN_TANH: 'RNN', RNN_RELU: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };
const FUSED: Record<Mode, RecurrentMode> = { RNN_TANH: 'tanh', RNN_RELU: 'relu', LSTM: 'lstm', GRU: 'gru' };

export interface RNNOptions {
  numLayers?: number; bias?: boolean;
  /** Input and output as [batch, time, features] (true, the default here) or [time, batch, features]. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last (training only). */
  dropout?: number; bidirectional?: boolean;
}

interface Weights { wih: Parameter; whh: Parameter; bih: Parameter | null; bhh: Parameter | null }

/** One recurrence step shared by the cells and the sequence layers. */
function step(mode: Mode, xg: Tensor, h: Tensor, c: Tensor | null, w: Weights): [Tensor, Tensor | null] {
  const hg = linear(h, w.whh, w.bhh);
  if (mode === 'LSTM') return lstmCell(xg.add(hg), c!);
  if (mode === 'GRU') return [gruCell(xg, hg, h), null];
  const pre = xg.add(hg);
  return [mode === 'RNN_TANH' ? pre.tanh() : pre.relu(), null];
}

/**
 * Shared machinery of RNN, LSTM and GRU: PyTorch's parameter names (weight_ih_l0,
 * weight_hh_l0_reverse, bias_ih_l1 ...), gate order and uniform(±1/√hidden) initialisation. The
 * input part of every gate is one fused linear over the whole sequence; the recurrence over time
 * is one fused op per direction (`recurrentSequence`), so long sequences do not build a graph
 * node per step.
 */
abstract class RNNBase extends Module {
  readonly numLayers: number; readonly bias: boolean; readonly batchFirst: boolean;
  readonly dropout: number; readonly bidirectional: boolean;
  constructor(protected readonly mode: Mode, readonly inputSize: number, readonly hiddenSize: number, opts: RNNOptions = {}) {
    super();
    const layer = LAYER[mode];
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? true;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    if (![inputSize, hiddenSize, this.numLayers].every((v) => Number.isInteger(v) && v > 0)) {
      throw new ValueError(`${layer}: inputSize, hiddenSize and numLayers must be positive integers, got ${inputSize}, ${hiddenSize}, ${this.numLayers}`);
    }
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`${layer}: dropout must be in [0, 1], got ${this.dropout}`);
    const g = GATES[mode] * hiddenSize, dirs = this.bidirectional ? 2 : 1;
    const bound = 1 / Math.sqrt(hiddenSize);
    const self = this as unknown as Record<string, Parameter>;
    for (let l = 0; l < this.numLayers; l++) for (let d = 0; d < dirs; d++) {
      const sfx = `_l${l}${d ? '_reverse' : ''}`;
      const inF = l === 0 ? inputSize : hiddenSize * dirs;
      self[`weight_ih${sfx}`] = new Parameter(init.uniform(zeros([g, inF]), -bound, bound));
      self[`weight_hh${sfx}`] = new Parameter(init.uniform(zeros([g, hiddenSize]), -bound, bound));
      if (this.bias) {
        self[`bias_ih${sfx}`] = new Parameter(init.uniform(zeros([g]), -bound, bound));
        self[`bias_hh${sfx}`] = new Parameter(init.uniform(zeros([g]), -bound, bound));
      }
    }
  }

  protected weights(l: number, d: number): Weights {
    const self = this as unknown as Record<string, Parameter | undefined>;
    const sfx = `_l${l}${d ? '_reverse' : ''}`;
    return { wih: self[`weight_ih${sfx}`]!, whh: self[`weight_hh${sfx}`]!, bih: self[`bias_ih${sfx}`] ?? null, bhh: self[`bias_hh${sfx}`] ?? null };
  }

  protected checkState(name: string, s: Tensor, batched: boolean, b: number): Tensor {
    const dirs = this.bidirectional ? 2 : 1;
    const want = batched ? [this.numLayers * dirs, b, this.hiddenSize] : [this.numLayers * dirs, this.hiddenSize];
    if (fmt(s.shape) !== fmt(want)) throw new ShapeError(`${LAYER[this.mode]}: expected ${name} of shape ${fmt(want)} (numLayers·directions, ${batched ? 'batch, ' : ''}hidden), got ${fmt(s.shape)}`);
    return batched ? s : s.unsqueeze(1);
  }

  /** Runs the whole stack; returns the output and the final [h, c] states (c only for LSTM). */
  protected run(x: Tensor, h0: Tensor | null, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const layer = LAYER[this.mode];
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new ShapeError(`${layer}: expected input ${this.batchFirst ? '[batch, time, features]' : '[time, batch, features]'} (rank 3) or [time, features] (rank 2) with ${this.inputSize} features, got ${fmt(x.shape)}`);
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) throw new ShapeError(`${layer}: expected ${this.inputSize} input features (last dim), got input ${fmt(x.shape)}`);
    const batched = x.ndim === 3;
    // Time-major [T, B, F] internally so each step's slice is contiguous.
    let seq = !batched ? x.unsqueeze(1) : this.batchFirst ? x.transpose(0, 1) : x;
    const [T, B] = seq.shape;
    const dirs = this.bidirectional ? 2 : 1, H = this.hiddenSize;
    const h0s = h0 ? this.checkState('h0', h0, batched, B) : null;
    const c0s = c0 ? this.checkState('c0', c0, batched, B) : null;
    const hn: Tensor[] = [], cn: Tensor[] = [];
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const w = this.weights(l, d);
        const xg = linear(seq, w.wih, w.bih);
        const k = l * dirs + d;
        const h = h0s ? h0s.select(0, k) : zeros([B, H]);
        const lstm = this.mode === 'LSTM';
        const c: Tensor | null = lstm ? (c0s ? c0s.select(0, k) : zeros([B, H])) : null;
        // The whole time loop is one fused op (LSTM rows hold [h | c]).
        const ys = recurrentSequence(FUSED[this.mode], xg, h, c, w.whh, w.bhh, d === 1);
        const last = ys.select(0, d ? 0 : T - 1);
        outs.push(lstm ? ys.narrow(2, 0, H) : ys);
        hn.push(lstm ? last.narrow(1, 0, H) : last);
        if (lstm) cn.push(last.narrow(1, H, H));
      }
      seq = dirs === 1 ? outs[0] : cat(outs, 2);
      if (this.dropout > 0 && this.training && l < this.numLayers - 1) seq = dropout(seq, this.dropout, true);
    }
    let out = !batched ? seq.squeeze(1) : this.batchFirst ? seq.transpose(0, 1) : seq;
    let hT = stack(hn, 0), cT = cn.length ? stack(cn, 0) : null;
    if (!batched) { hT = hT.squeeze(1); if (cT) cT = cT.squeeze(1); out = out.reshape([T, dirs * H]); }
    return [out, hT, cT];
  }
  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}, numLayers=${this.numLayers}, batchFirst=${this.batchFirst}${this.bidirectional ? ', bidirectional=true' : ''}`;
  }
}

/**
 * Elman RNN h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) (or ReLU), multi-layer and
 * optionally bidirectional. Returns [output, hn].
 * @example const [out, hn] = new nn.RNN(8, 16).forward(randn([4, 10, 8])); // out [4, 10, 16], hn [1, 4, 16]
 */
export class RNN extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(opts.nonlinearity === 'relu' ? 'RNN_RELU' : 'RNN_TANH', inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, h0: Tensor | null = null): [Tensor, Tensor] {
    const [out, h] = this.run(x, h0, null);
    return [out, h];
  }
}

/**
 * Long short-term memory (gate order i, f, g, o as in PyTorch). Returns [output, [hn, cn]].
 * @example const [out, [h, c]] = new nn.LSTM(28, 64, { numLayers: 2 }).forward(randn([8, 28, 28]));
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) { super('LSTM', inputSize, hiddenSize, opts); }
  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [out, h, c] = this.run(x, state?.[0] ?? null, state?.[1] ?? null);
    return [out, [h, c!]];
  }
}

/**
 * Gated recurrent unit (gate order r, z, n as in PyTorch). Returns [output, hn].
 * @example const [out, hn] = new nn.GRU(28, 64).forward(randn([8, 28, 28]));
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) { super('GRU', inputSize, hiddenSize, opts); }
  forward(x: Tensor, h0: Tensor | null = null): [Tensor, Tensor] {
    const [out, h] = this.run(x, h0, null);
    return [out, h];
  }
}

/** Single-step cells: weight_ih, weight_hh, bias_ih, bias_hh as in PyTorch. */
abstract class CellBase extends Module {
  weight_ih: Parameter; weight_hh: Parameter; bias_ih: Parameter | null; bias_hh: Parameter | null;
  constructor(protected readonly mode: Mode, readonly inputSize: number, readonly hiddenSize: number, bias = true) {
    super();
    if (![inputSize, hiddenSize].every((v) => Number.isInteger(v) && v > 0)) throw new ValueError(`${LAYER[mode]}Cell: inputSize and hiddenSize must be positive integers, got ${inputSize} and ${hiddenSize}`);
    const g = GATES[mode] * hiddenSize, bound = 1 / Math.sqrt(hiddenSize);
    this.weight_ih = new Parameter(init.uniform(zeros([g, inputSize]), -bound, bound));
    this.weight_hh = new Parameter(init.uniform(zeros([g, hiddenSize]), -bound, bound));
    this.bias_ih = bias ? new Parameter(init.uniform(zeros([g]), -bound, bound)) : null;
    this.bias_hh = bias ? new Parameter(init.uniform(zeros([g]), -bound, bound)) : null;
  }
  protected cellStep(x: Tensor, h: Tensor | null, c: Tensor | null): [Tensor, Tensor | null] {
    const name = `${LAYER[this.mode]}Cell`;
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) throw new ShapeError(`${name}: expected input [batch, ${this.inputSize}] or [${this.inputSize}], got ${fmt(x.shape)}`);
    const batched = x.ndim === 2;
    const xb = batched ? x : x.unsqueeze(0);
    const B = xb.shape[0];
    const fix = (s: Tensor | null, what: string): Tensor => {
      if (!s) return zeros([B, this.hiddenSize]);
      const want = batched ? [B, this.hiddenSize] : [this.hiddenSize];
      if (fmt(s.shape) !== fmt(want)) throw new ShapeError(`${name}: expected ${what} of shape ${fmt(want)}, got ${fmt(s.shape)}`);
      return batched ? s : s.unsqueeze(0);
    };
    const w = { wih: this.weight_ih, whh: this.weight_hh, bih: this.bias_ih, bhh: this.bias_hh };
    const [h2, c2] = step(this.mode, linear(xb, w.wih, w.bih), fix(h, 'h'), this.mode === 'LSTM' ? fix(c, 'c') : null, w);
    return batched ? [h2, c2] : [h2.squeeze(0), c2 ? c2.squeeze(0) : null];
  }
}

/**
 * One Elman RNN step. @example new nn.RNNCell(4, 8).forward(randn([2, 4])).shape; // [2, 8]
 */
export class RNNCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(opts.nonlinearity === 'relu' ? 'RNN_RELU' : 'RNN_TANH', inputSize, hiddenSize, opts.bias ?? true);
  }
  forward(x: Tensor, h: Tensor | null = null): Tensor { return this.cellStep(x, h, null)[0]; }
}

/** One LSTM step returning [h, c]. @example const [h, c] = new nn.LSTMCell(4, 8).forward(randn([2, 4])); */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean } = {}) { super('LSTM', inputSize, hiddenSize, opts.bias ?? true); }
  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.cellStep(x, state?.[0] ?? null, state?.[1] ?? null);
    return [h, c!];
  }
}

/** One GRU step. @example new nn.GRUCell(4, 8).forward(randn([2, 4])).shape; // [2, 8] */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean } = {}) { super('GRU', inputSize, hiddenSize, opts.bias ?? true); }
  forward(x: Tensor, h: Tensor | null = null): Tensor { return this.cellStep(x, h, null)[0]; }
}
