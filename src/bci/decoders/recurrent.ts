import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { Module } from '../../nn/module.js';
import { Linear } from '../../nn/linear.js';
import { GRU, LSTM } from '../../nn/rnn.js';
import { mseLoss } from '../../nn/functional/loss.js';
import { Adam } from '../../optim/adam.js';
import { checkAligned } from '../binning.js';
import { checkSpikes, notFitted, type DecoderData, type StreamingDecoder, type VelocityDecoder } from './types.js';

export interface RecurrentDecoderOptions {
  cell?: 'gru' | 'lstm';
  hidden?: number;
  /** Bins of history the network reads for each output. */
  window?: number;
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Shuffles the training windows. */
  generator?: Generator;
  /** Called after each epoch with the mean training loss (normalised units). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** GRU/LSTM over a window of z-scored counts, read out from the last hidden state. */
class WindowNet extends Module {
  rnn: GRU | LSTM;
  readout: Linear;
  constructor(cell: 'gru' | 'lstm', inputs: number, hidden: number) {
    super();
    this.rnn = cell === 'gru' ? new GRU(inputs, hidden) : new LSTM(inputs, hidden);
    this.readout = new Linear(hidden, 2);
  }
  forward(x: Tensor): Tensor {
    const out = (this.rnn as GRU).forward(x)[0];
    return this.readout.forward(out.select(1, out.shape[1] - 1));
  }
}

/**
 * A fit split into parts any minibatch loop can drive: the network and its learning rate, the number
 * of training bins, the loss of a batch of bins, and `finish()`, which installs the trained network.
 */
export interface RecurrentFitPlan { net: Module; lr: number; size: number; loss(rows: Int32Array): Tensor; finish(): void }

/**
 * Recurrent velocity decoder (as in Glaser et al. 2020's LSTM/GRU decoders): a GRU or LSTM reads
 * the last `window` bins of z-scored spike counts and a linear readout gives the velocity of the
 * newest bin. Trained with Adam on mean squared error of the standardised velocity.
 * @example new RecurrentDecoder({ cell: 'gru', hidden: 32, epochs: 5 }).fit(train).predict(test.spikes);
 */
export class RecurrentDecoder implements VelocityDecoder {
  readonly name: string;
  readonly opts: Required<Omit<RecurrentDecoderOptions, 'onEpoch' | 'generator'>>;
  net: WindowNet | null = null;
  private mu: Float64Array | null = null;
  private sd: Float64Array | null = null;
  private vMu = [0, 0];
  private vSd = [1, 1];

  constructor(private readonly config: RecurrentDecoderOptions = {}) {
    this.opts = { cell: config.cell ?? 'gru', hidden: config.hidden ?? 32, window: config.window ?? 8, epochs: config.epochs ?? 10, lr: config.lr ?? 3e-3, batchSize: config.batchSize ?? 64 };
    this.name = this.opts.cell === 'gru' ? 'GRU' : 'LSTM';
    const { hidden, window, epochs, batchSize } = this.opts;
    if (![hidden, window, epochs, batchSize].every((v) => Number.isInteger(v) && v > 0)) {
      throw new ValueError(`RecurrentDecoder: hidden, window, epochs and batchSize must be positive integers, got ${hidden}, ${window}, ${epochs}, ${batchSize}`);
    }
  }

  get numNeurons(): number { return this.mu?.length ?? notFitted('RecurrentDecoder'); }

  /** [T, window, N] windows of z-scored counts ending at each bin (mean-filled before the start). */
  private windows(spikes: ArrayLike<number>, T: number, rowsWanted: Int32Array | null = null): Tensor {
    const N = this.numNeurons, W = this.opts.window, mu = this.mu!, sd = this.sd!;
    const rows = rowsWanted ?? Int32Array.from({ length: T }, (_, t) => t);
    const out = new Float32Array(rows.length * W * N);
    rows.forEach((t, b) => {
      for (let k = 0; k < W; k++) {
        const src = t - (W - 1 - k), off = (b * W + k) * N;
        if (src >= 0) for (let i = 0; i < N; i++) out[off + i] = (spikes[src * N + i] - mu[i]) / sd[i];
      }
    });
    return new Tensor(out, [rows.length, W, N]);
  }

  /**
   * Standardises the data and builds the network for a fit driven from outside (an experiment's
   * interruptible loop); `fit` is this plan run by a plain loop.
   * @example const plan = dec.prepareFit(train); ...train plan.net on plan.loss...; plan.finish();
   */
  prepareFit(data: DecoderData): RecurrentFitPlan {
    checkAligned('RecurrentDecoder.fit', data.spikes, data.velocity);
    const [T, N] = data.spikes.shape;
    this.mu = new Float64Array(N); this.sd = new Float64Array(N);
    for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) this.mu[i] += data.spikes.data[t * N + i] / T;
    for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) this.sd[i] += (data.spikes.data[t * N + i] - this.mu[i]) ** 2 / T;
    for (let i = 0; i < N; i++) this.sd[i] = Math.sqrt(this.sd[i]) || 1;
    for (let d = 0; d < 2; d++) {
      let m = 0, v = 0;
      for (let t = 0; t < T; t++) m += data.velocity.data[t * 2 + d] / T;
      for (let t = 0; t < T; t++) v += (data.velocity.data[t * 2 + d] - m) ** 2 / T;
      this.vMu[d] = m; this.vSd[d] = Math.sqrt(v) || 1;
    }
    const target = new Float32Array(T * 2);
    for (let t = 0; t < T; t++) for (let d = 0; d < 2; d++) target[t * 2 + d] = (data.velocity.data[t * 2 + d] - this.vMu[d]) / this.vSd[d];
    const net = new WindowNet(this.opts.cell, N, this.opts.hidden);
    return {
      net, lr: this.opts.lr, size: T,
      loss: (rows) => {
        const x = this.windows(data.spikes.data, T, rows);
        const y = new Float32Array(rows.length * 2);
        rows.forEach((t, b) => { y[b * 2] = target[t * 2]; y[b * 2 + 1] = target[t * 2 + 1]; });
        return mseLoss(net.train().forward(x), new Tensor(y, [rows.length, 2]));
      },
      finish: () => { this.net = net.eval() as WindowNet; },
    };
  }

  fit(data: DecoderData): this {
    const plan = this.prepareFit(data);
    const opt = new Adam(plan.net.parameters(), { lr: plan.lr });
    const g = this.config.generator ?? new Generator(0);
    const B = this.opts.batchSize;
    for (let epoch = 1; epoch <= this.opts.epochs; epoch++) {
      const order = g.permutation(plan.size);
      let sum = 0, count = 0;
      for (let s = 0; s < plan.size; s += B) {
        const rows = order.subarray(s, Math.min(plan.size, s + B));
        opt.zeroGrad();
        const loss = plan.loss(rows);
        loss.backward();
        opt.step();
        sum += loss.item() * rows.length; count += rows.length;
      }
      this.config.onEpoch?.(epoch, sum / count);
    }
    plan.finish();
    return this;
  }

  predict(spikes: Tensor): Tensor {
    checkSpikes('RecurrentDecoder.predict', spikes, this.numNeurons);
    const T = spikes.shape[0], out = new Float32Array(T * 2);
    for (let s = 0; s < T; s += 512) {
      const rows = Int32Array.from({ length: Math.min(512, T - s) }, (_, k) => s + k);
      out.set(this.decodeRows(spikes.data, T, rows), s * 2);
    }
    return new Tensor(out, [T, 2]);
  }

  /** Velocities (cm/s, interleaved x, y) for the windows ending at `rows`. */
  private decodeRows(spikes: ArrayLike<number>, T: number, rows: Int32Array): Float32Array {
    const out = new Float32Array(rows.length * 2);
    noGrad(() => {
      const y = this.net!.forward(this.windows(spikes, T, rows));
      for (let k = 0; k < rows.length; k++) for (let d = 0; d < 2; d++) out[k * 2 + d] = y.data[k * 2 + d] * this.vSd[d] + this.vMu[d];
    });
    return out;
  }

  stream(): StreamingDecoder {
    const N = this.numNeurons, W = this.opts.window;
    // The last W bins, oldest first; before the start they hold the training mean (z-score 0).
    const hist = new Float64Array(W * N);
    const reset = () => { for (let k = 0; k < W; k++) hist.set(this.mu!, k * N); };
    reset();
    return {
      reset,
      step: (counts) => {
        checkSpikes('RecurrentDecoder.step', counts, N);
        hist.copyWithin(0, N);
        for (let i = 0; i < N; i++) hist[(W - 1) * N + i] = counts[i];
        const v = this.decodeRows(hist, W, Int32Array.of(W - 1));
        return [v[0], v[1]];
      },
    };
  }
}
