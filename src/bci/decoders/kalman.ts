import { Tensor } from '../../core/tensor.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { Mat, ridge } from '../matrix.js';
import { checkAligned } from '../binning.js';
import { checkSpikes, notFitted, predictByStreaming, type DecoderData, type StreamingDecoder, type VelocityDecoder } from './types.js';

/**
 * A linear-Gaussian Kalman filter: x_t = A x_{t−1} + w, w ~ N(0, W); z_t = H x_t + q, q ~ N(0, Q).
 * Each step predicts (x⁻ = A x, P⁻ = A P Aᵀ + W) and updates
 * (K = P⁻Hᵀ(HP⁻Hᵀ + Q)⁻¹, x = x⁻ + K(z − Hx⁻), P = (I − KH)P⁻) — Wu et al. 2003, eqs. 3–7.
 * The gain is computed in the equal information form K = (P⁻⁻¹ + HᵀQ⁻¹H)⁻¹HᵀQ⁻¹, so a step costs
 * d×d inverses instead of an N×N one for N neurons.
 * @example
 * const kf = new KalmanFilter(Mat.from([[1]]), Mat.from([[0.1]]), Mat.from([[1]]), Mat.from([[1]]), Mat.from([[0]]), Mat.from([[1]]));
 * kf.step([0.5]).get(0, 0);
 */
export class KalmanFilter {
  state: Mat;
  cov: Mat;
  private readonly htqi: Mat;
  private readonly htqih: Mat;

  constructor(readonly A: Mat, readonly W: Mat, readonly H: Mat, readonly Q: Mat, readonly x0: Mat, readonly P0: Mat) {
    const d = A.rows, n = H.rows;
    const check = (name: string, m: Mat, r: number, c: number) => {
      if (m.rows !== r || m.cols !== c) throw new ShapeError(`KalmanFilter: ${name} must be ${r}×${c} for a ${d}-dimensional state and ${n} observations, got ${m.rows}×${m.cols}`);
    };
    check('A', A, d, d); check('W', W, d, d); check('H', H, n, d); check('Q', Q, n, n); check('x0', x0, d, 1); check('P0', P0, d, d);
    this.htqi = Q.solve(H).transpose(); // HᵀQ⁻¹ (Q is symmetric)
    this.htqih = this.htqi.matmul(H);
    this.state = x0.clone();
    this.cov = P0.clone();
  }

  reset(): void { this.state = this.x0.clone(); this.cov = this.P0.clone(); }

  /** One predict-and-update step with observation z (length = rows of H); returns the new state. */
  step(z: ArrayLike<number>): Mat {
    if (z.length !== this.H.rows) throw new ShapeError(`KalmanFilter.step: observation has ${z.length} values, H expects ${this.H.rows}`);
    const xPrior = this.A.matmul(this.state);
    const pPrior = this.A.matmul(this.cov).matmul(this.A.transpose()).add(this.W);
    const post = pPrior.inverse().add(this.htqih).inverse();
    const gain = post.matmul(this.htqi);
    const innov = new Mat(z.length, 1);
    const hx = this.H.matmul(xPrior);
    for (let i = 0; i < z.length; i++) innov.data[i] = z[i] - hx.data[i];
    this.state = xPrior.add(gain.matmul(innov));
    this.cov = post;
    return this.state;
  }
}

/**
 * Kalman-filter velocity decoder (Wu et al. 2003): the state is hand position, velocity and
 * acceleration [px, py, vx, vy, ax, ay]; A, W, H, Q and the observation intercept are fitted by
 * least squares on training data, then the filter runs over the test bins.
 * @example new KalmanDecoder().fit({ spikes, velocity, position }).predict(testSpikes);
 */
export class KalmanDecoder implements VelocityDecoder {
  readonly name = 'Kalman filter';
  A: Mat | null = null; W: Mat | null = null; H: Mat | null = null; Q: Mat | null = null;
  intercept: Float64Array | null = null;
  x0: Mat | null = null; P0: Mat | null = null;

  /** @param qRidge added to the diagonal of Q so silent neurons do not make it singular. */
  constructor(readonly opts: { qRidge?: number } = {}) {
    if (opts.qRidge !== undefined && !(opts.qRidge >= 0)) throw new ValueError(`KalmanDecoder: qRidge must be >= 0, got ${opts.qRidge}`);
  }

  fit(data: DecoderData): this {
    checkAligned('KalmanDecoder.fit', data.spikes, data.velocity);
    if (!data.position) throw new ShapeError('KalmanDecoder.fit: needs position as well as velocity (its state is position, velocity and acceleration)');
    checkAligned('KalmanDecoder.fit', data.spikes, data.position);
    const [T, N] = data.spikes.shape, d = 6;
    const states = new Mat(T, d);
    for (let t = 0; t < T; t++) {
      states.set(t, 0, data.position.data[t * 2]); states.set(t, 1, data.position.data[t * 2 + 1]);
      states.set(t, 2, data.velocity.data[t * 2]); states.set(t, 3, data.velocity.data[t * 2 + 1]);
      // Acceleration by backward difference (per bin); the first bin copies the second's.
      const a = Math.max(1, t);
      for (let j = 0; j < 2; j++) states.set(t, 4 + j, data.velocity.data[a * 2 + j] - data.velocity.data[(a - 1) * 2 + j]);
    }
    // Dynamics: x_t = A x_{t−1}, least squares over consecutive pairs (Wu et al. 2003, eq. 8).
    const prev = rows(states, 0, T - 1), next = rows(states, 1, T);
    const At = ridge(prev, next, 1e-9);
    this.A = At.transpose();
    this.W = covariance(next.sub(prev.matmul(At)));
    // Observation: z_t = H x_t + c.
    const xAug = new Mat(T, d + 1);
    for (let t = 0; t < T; t++) { for (let j = 0; j < d; j++) xAug.set(t, j, states.get(t, j)); xAug.set(t, d, 1); }
    const z = Mat.fromArray(data.spikes.data, T, N);
    const Ht = ridge(xAug, z, 1e-9, [d]);
    this.H = rows(Ht, 0, d).transpose();
    this.intercept = Float64Array.from(Ht.data.subarray(d * N, (d + 1) * N));
    this.Q = covariance(z.sub(xAug.matmul(Ht)));
    const eps = this.opts.qRidge ?? 1e-3;
    for (let i = 0; i < N; i++) this.Q.data[i * N + i] += eps;
    // Start at the mean state with the spread of the training states.
    const mean = new Mat(d, 1);
    for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) mean.data[j] += states.get(t, j) / T;
    this.x0 = mean;
    const centred = states.clone();
    for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) centred.data[t * d + j] -= mean.data[j];
    this.P0 = covariance(centred, false);
    return this;
  }

  get numNeurons(): number { return this.H?.rows ?? notFitted('KalmanDecoder'); }

  predict(spikes: Tensor): Tensor {
    return predictByStreaming('KalmanDecoder.predict', this.stream(), spikes, this.numNeurons);
  }

  stream(): StreamingDecoder {
    const N = this.numNeurons, c = this.intercept!;
    const kf = new KalmanFilter(this.A!, this.W!, this.H!, this.Q!, this.x0!, this.P0!);
    const z = new Float64Array(N);
    return {
      reset: () => kf.reset(),
      step(counts) {
        checkSpikes('KalmanDecoder.step', counts, N);
        for (let i = 0; i < N; i++) z[i] = counts[i] - c[i];
        const x = kf.step(z);
        return [x.data[2], x.data[3]];
      },
    };
  }
}

function rows(m: Mat, start: number, end: number): Mat {
  return new Mat(end - start, m.cols, m.data.slice(start * m.cols, end * m.cols));
}

/** Covariance of residual rows (assumed zero-mean), divided by T (or T − 1 when `unbiased`). */
function covariance(r: Mat, unbiased = true): Mat {
  return r.tmatmul(r).scale(1 / Math.max(1, r.rows - (unbiased ? 1 : 0)));
}
