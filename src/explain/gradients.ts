import { Tensor } from '../core/tensor.js';
import { Generator, defaultGenerator } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { inputGradient, type Scorer, type Target } from './model.js';

/**
 * Vanilla gradient saliency (Simonyan et al. 2014): ∂score_target/∂x, signed or absolute.
 * @example saliency(model, x, 3, { absolute: true }).shape; // x.shape
 */
export function saliency(model: Scorer, x: Tensor, target: Target, opts: { absolute?: boolean } = {}): Tensor {
  const { grad } = inputGradient('saliency', model, x, target);
  return opts.absolute ? grad.abs() : grad;
}

/**
 * Gradient × input (Shrikumar et al. 2016): for a linear model it is exactly each feature's
 * contribution to the score.
 * @example gradientTimesInput(model, x, 3);
 */
export function gradientTimesInput(model: Scorer, x: Tensor, target: Target): Tensor {
  return inputGradient('gradientTimesInput', model, x, target).grad.mul(x.detach());
}

export interface SmoothGradOptions {
  samples?: number;
  /** Noise standard deviation as a fraction of each example's input range (Smilkov et al. 2017 suggest 10–20%). */
  noiseLevel?: number;
  /** 'smoothgrad': mean gradient; 'squared': mean squared gradient (SmoothGrad²); 'vargrad': variance of the gradients (Adebayo et al. 2018). */
  variant?: 'smoothgrad' | 'squared' | 'vargrad';
  generator?: Generator;
}

/**
 * SmoothGrad (Smilkov et al. 2017): gradients averaged over noisy copies of the input, with the
 * SmoothGrad² and VarGrad variants.
 * @example smoothGrad(model, x, 3, { samples: 50, noiseLevel: 0.15, generator: new Generator(0) });
 */
export function smoothGrad(model: Scorer, x: Tensor, target: Target, opts: SmoothGradOptions = {}): Tensor {
  const n = opts.samples ?? 50, level = opts.noiseLevel ?? 0.15, variant = opts.variant ?? 'smoothgrad', g = opts.generator ?? defaultGenerator;
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`smoothGrad: samples must be a positive integer, got ${n}`);
  if (!(level >= 0)) throw new ValueError(`smoothGrad: noiseLevel must be >= 0, got ${level}`);
  const B = x.shape[0], per = x.data.length / B;
  const sigma = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < per; i++) { const v = x.data[b * per + i]; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    sigma[b] = level * (hi - lo || 1);
  }
  const sum = new Float64Array(x.data.length), sumSq = new Float64Array(x.data.length);
  for (let s = 0; s < n; s++) {
    const noisy = new Float32Array(x.data.length);
    for (let i = 0; i < noisy.length; i++) noisy[i] = x.data[i] + sigma[Math.floor(i / per)] * g.normal();
    const { grad } = inputGradient('smoothGrad', model, new Tensor(noisy, x.shape), target);
    for (let i = 0; i < sum.length; i++) { const v = grad.data[i]; sum[i] += v; sumSq[i] += v * v; }
  }
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const mean = sum[i] / n, meanSq = sumSq[i] / n;
    out[i] = variant === 'smoothgrad' ? mean : variant === 'squared' ? meanSq : Math.max(0, meanSq - mean * mean);
  }
  return new Tensor(out, x.shape);
}
