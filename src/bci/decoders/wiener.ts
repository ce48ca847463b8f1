import { Tensor } from '../../core/tensor.js';
import { ValueError } from '../../core/errors.js';
import { Mat, ridge } from '../matrix.js';
import { checkAligned } from '../binning.js';
import { checkSpikes, notFitted, type DecoderData, type StreamingDecoder, type VelocityDecoder } from './types.js';

/**
 * Row t of the lagged design matrix [1, r(t), r(t−1), …, r(t−L+1)]; history before the first bin
 * is filled with `fill` (the training mean rates) rather than zeros, which would look like silence.
 * @example lagFeatures(counts, T, N, 3, meanRates).cols; // 1 + 3N
 */
export function lagFeatures(spikes: ArrayLike<number>, T: number, N: number, lags: number, fill: ArrayLike<number>): Mat {
  const x = new Mat(T, 1 + N * lags);
  const cols = x.cols;
  for (let t = 0; t < T; t++) {
    x.data[t * cols] = 1;
    for (let l = 0; l < lags; l++) {
      const src = t - l, off = t * cols + 1 + l * N;
      for (let i = 0; i < N; i++) x.data[off + i] = src >= 0 ? spikes[src * N + i] : fill[i];
    }
  }
  return x;
}

/**
 * Wiener filter decoder (Warland, Reinagel & Meister 1997; Carmena et al. 2003): linear regression
 * of velocity on the last `lags` bins of every neuron, with an optional ridge penalty λ (the
 * intercept is not penalised). λ = 0 is the ordinary least-squares solution.
 * @example new WienerDecoder({ lags: 5, ridge: 1 }).fit(train).predict(test.spikes);
 */
export class WienerDecoder implements VelocityDecoder {
  readonly name = 'Wiener filter';
  readonly lags: number;
  readonly lambda: number;
  /** [(1 + N·lags), 2] regression weights, intercept first. */
  weights: Mat | null = null;
  meanRates: Float64Array | null = null;

  constructor(opts: { lags?: number; ridge?: number } = {}) {
    this.lags = opts.lags ?? 5;
    this.lambda = opts.ridge ?? 0;
    if (!Number.isInteger(this.lags) || this.lags < 1) throw new ValueError(`WienerDecoder: lags must be a positive integer, got ${this.lags}`);
    if (!(this.lambda >= 0)) throw new ValueError(`WienerDecoder: ridge must be >= 0, got ${this.lambda}`);
  }

  get numNeurons(): number { return this.meanRates?.length ?? notFitted('WienerDecoder'); }

  fit(data: DecoderData): this {
    checkAligned('WienerDecoder.fit', data.spikes, data.velocity);
    const [T, N] = data.spikes.shape;
    this.meanRates = new Float64Array(N);
    for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) this.meanRates[i] += data.spikes.data[t * N + i] / T;
    const x = lagFeatures(data.spikes.data, T, N, this.lags, this.meanRates);
    this.weights = ridge(x, Mat.fromArray(data.velocity.data, T, 2), this.lambda, [0]);
    return this;
  }

  predict(spikes: Tensor): Tensor {
    checkSpikes('WienerDecoder.predict', spikes, this.numNeurons);
    const [T, N] = spikes.shape;
    const y = lagFeatures(spikes.data, T, N, this.lags, this.meanRates!).matmul(this.weights!);
    return new Tensor(Float32Array.from(y.data), [T, 2]);
  }

  stream(): StreamingDecoder {
    const N = this.numNeurons, L = this.lags, w = this.weights!, mean = this.meanRates!;
    // Ring of the last L bins, newest first when read.
    const hist = new Float64Array(N * L);
    let head = 0;
    const reset = () => { for (let l = 0; l < L; l++) hist.set(mean, l * N); head = 0; };
    reset();
    return {
      reset,
      step(counts) {
        checkSpikes('WienerDecoder.step', counts, N);
        head = (head + L - 1) % L;
        for (let i = 0; i < N; i++) hist[head * N + i] = counts[i];
        let vx = w.get(0, 0), vy = w.get(0, 1);
        for (let l = 0; l < L; l++) {
          const slot = ((head + l) % L) * N;
          for (let i = 0; i < N; i++) { const r = hist[slot + i], row = 1 + l * N + i; vx += r * w.get(row, 0); vy += r * w.get(row, 1); }
        }
        return [vx, vy];
      },
    };
  }
}
