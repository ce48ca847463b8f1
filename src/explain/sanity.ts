import { Tensor } from '../core/tensor.js';
import { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import type { Module } from '../nn/module.js';
import { spearman, ssim } from './similarity.js';

export interface RandomisationStep {
  /** Layers randomised so far (this one and all above it). */
  layer: string;
  /** Mean over examples of the Spearman correlation of |map| with the trained model's |map|. */
  spearman: number;
  /** Mean SSIM of the maps (each scaled to [0, 1] by its max |value|). */
  ssim: number;
}

export interface SanityReport {
  steps: RandomisationStep[];
  /** True when the map has decorrelated (Spearman below `threshold`) once every layer is random. */
  passes: boolean;
}

/** Scales |map| of each example into [0, 1] (by its own max). */
function normalisedAbs(map: Tensor, b: number, per: number): Float64Array {
  const out = new Float64Array(per);
  let mx = 0;
  for (let i = 0; i < per; i++) { out[i] = Math.abs(map.data[b * per + i]); mx = Math.max(mx, out[i]); }
  if (mx > 0) for (let i = 0; i < per; i++) out[i] /= mx;
  return out;
}

/**
 * Cascading model-parameter randomisation (Adebayo et al. 2018, sec. 3.1): starting from the
 * output, each listed layer's parameters are replaced by Gaussian values with the same standard
 * deviation, cumulatively; after each step the explanation is recomputed and compared with the
 * trained model's by Spearman rank correlation and SSIM. An explanation that still looks the same
 * after every layer is random does not depend on what the model learned, and fails the check.
 * The model's parameters are restored afterwards.
 * @example cascadingRandomisation(net, [['fc2', net.fc2], ['fc1', net.fc1]], (m) => saliency(m, x, y), [28, 28]);
 */
export function cascadingRandomisation(model: Module, layersTopDown: [string, Module][], explain: (m: Module) => Tensor, spatial: [number, number],
  opts: { seed?: number; threshold?: number } = {}): SanityReport {
  if (!layersTopDown.length) throw new ValueError('cascadingRandomisation: list at least one layer, output side first');
  const g = new Generator(opts.seed ?? 0);
  const saved = model.parameters().map((p) => Float32Array.from(p.data));
  const [H, W] = spatial;
  try {
    const reference = explain(model);
    const B = reference.shape[0], per = reference.data.length / B;
    if (per % (H * W) !== 0) throw new ValueError(`cascadingRandomisation: maps of ${per} values per example do not tile ${H}×${W}`);
    const refMaps = Array.from({ length: B }, (_, b) => normalisedAbs(reference, b, per));
    const steps: RandomisationStep[] = [];
    for (const [name, layer] of layersTopDown) {
      for (const p of layer.parameters()) {
        let mean = 0, sq = 0;
        for (const v of p.data) { mean += v / p.data.length; sq += v * v / p.data.length; }
        const sd = Math.sqrt(Math.max(sq - mean * mean, 1e-12));
        for (let i = 0; i < p.data.length; i++) p.data[i] = sd * g.normal();
      }
      const maps = explain(model);
      let rho = 0, sim = 0;
      for (let b = 0; b < B; b++) {
        const m = normalisedAbs(maps, b, per);
        rho += spearman(refMaps[b], m) / B;
        // SSIM per channel plane, averaged.
        const planes = per / (H * W);
        for (let c = 0; c < planes; c++) sim += ssim(refMaps[b].subarray(c * H * W, (c + 1) * H * W), m.subarray(c * H * W, (c + 1) * H * W), H, W, { dataRange: 1 }) / (B * planes);
      }
      steps.push({ layer: name, spearman: rho, ssim: sim });
    }
    return { steps, passes: steps[steps.length - 1].spearman < (opts.threshold ?? 0.5) };
  } finally {
    model.parameters().forEach((p, i) => p.data.set(saved[i]));
  }
}
