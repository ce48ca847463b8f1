import { Tensor } from '../../core/tensor.js';
import { Mat, ridge } from '../matrix.js';
import { checkAligned } from '../binning.js';
import { checkSpikes, notFitted, predictByStreaming, type DecoderData, type StreamingDecoder, type VelocityDecoder } from './types.js';

/**
 * Population vector decoder (Georgopoulos, Schwartz & Kettner 1986). Each neuron's tuning
 * r = b + k·v is fitted by least squares; its preferred direction is p = k/|k|. A bin decodes to
 * v̂ = (2/N) Σᵢ ((rᵢ − bᵢ)/|kᵢ|) pᵢ, which is unbiased when preferred directions cover the circle
 * uniformly (E[cos²] = 1/2 in two dimensions).
 * @example new PopulationVectorDecoder().fit(train).predict(test.spikes).shape; // [T, 2]
 */
export class PopulationVectorDecoder implements VelocityDecoder {
  readonly name = 'population vector';
  baseline: Float64Array | null = null;
  /** [N, 2] preferred direction divided by the gain |k| (zero for untuned neurons). */
  weights: Float64Array | null = null;
  private used = 0;

  /** @param minGain gains |k| below this (counts per bin per cm/s) mark a neuron as untuned. */
  constructor(readonly opts: { minGain?: number } = {}) {}

  fit(data: DecoderData): this {
    checkAligned('PopulationVectorDecoder.fit', data.spikes, data.velocity);
    const [T, N] = data.spikes.shape;
    const x = new Mat(T, 3);
    for (let t = 0; t < T; t++) { x.set(t, 0, 1); x.set(t, 1, data.velocity.data[t * 2]); x.set(t, 2, data.velocity.data[t * 2 + 1]); }
    const w = ridge(x, Mat.fromArray(data.spikes.data, T, N), 0);
    this.baseline = new Float64Array(N);
    this.weights = new Float64Array(N * 2);
    this.used = 0;
    const minGain = this.opts.minGain ?? 1e-6;
    for (let i = 0; i < N; i++) {
      const kx = w.get(1, i), ky = w.get(2, i), gain = Math.hypot(kx, ky);
      this.baseline[i] = w.get(0, i);
      if (gain < minGain) continue;
      // (r − b)/|k| · k/|k| = (r − b)·k/|k|²
      this.weights[i * 2] = kx / (gain * gain);
      this.weights[i * 2 + 1] = ky / (gain * gain);
      this.used++;
    }
    return this;
  }

  predict(spikes: Tensor): Tensor {
    return predictByStreaming('PopulationVectorDecoder.predict', this.stream(), spikes, this.baseline?.length ?? notFitted('PopulationVectorDecoder'));
  }

  stream(): StreamingDecoder {
    const b = this.baseline ?? notFitted('PopulationVectorDecoder'), w = this.weights!, scale = 2 / Math.max(1, this.used);
    return {
      reset() {},
      step(counts) {
        checkSpikes('PopulationVectorDecoder.step', counts, b.length);
        let vx = 0, vy = 0;
        for (let i = 0; i < b.length; i++) { const r = counts[i] - b[i]; vx += r * w[i * 2]; vy += r * w[i * 2 + 1]; }
        return [vx * scale, vy * scale];
      },
    };
  }
}
