import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { score, targetIndex, targetScores, type Scorer, type Target } from './model.js';

/**
 * Occlusion (Zeiler & Fergus 2014): slide a patch of `value` over the last two (spatial) dims and
 * record how much the target score drops; each pixel gets the mean drop of the patches covering it.
 * Works on [B, H, W] or [B, C, H, W] (the patch covers every channel).
 * @example occlusion(model, images, labels, { window: 4, stride: 2 }).shape; // images.shape
 */
export function occlusion(model: Scorer, x: Tensor, target: Target, opts: { window?: number; stride?: number; value?: number } = {}): Tensor {
  if (x.ndim < 3) throw new ShapeError(`occlusion: needs images [B, H, W] or [B, C, H, W], got [${x.shape.join(', ')}]`);
  const win = opts.window ?? 4, stride = opts.stride ?? 2, value = opts.value ?? 0;
  if (!(Number.isInteger(win) && win > 0 && Number.isInteger(stride) && stride > 0)) throw new ValueError(`occlusion: window and stride must be positive integers, got ${win} and ${stride}`);
  const H = x.shape[x.ndim - 2], W = x.shape[x.ndim - 1], B = x.shape[0];
  const per = x.data.length / B, planes = per / (H * W);
  return noGrad(() => {
    const base = score(model, x);
    const idx = targetIndex('occlusion', target, B, base.shape[1]);
    const ref = targetScores(base, idx).data;
    const sum = new Float64Array(x.data.length), count = new Float64Array(x.data.length);
    for (let y0 = 0; y0 < H; y0 += stride) for (let x0 = 0; x0 < W; x0 += stride) {
      const y1 = Math.min(H, y0 + win), x1 = Math.min(W, x0 + win);
      const occ = Float32Array.from(x.data);
      for (let b = 0; b < B; b++) for (let p = 0; p < planes; p++) for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) occ[b * per + p * H * W + yy * W + xx] = value;
      const s = targetScores(score(model, new Tensor(occ, x.shape)), idx).data;
      for (let b = 0; b < B; b++) {
        const drop = ref[b] - s[b];
        for (let p = 0; p < planes; p++) for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) {
          const i = b * per + p * H * W + yy * W + xx;
          sum[i] += drop; count[i]++;
        }
      }
      if (y1 === H && x1 === W) break;
    }
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < out.length; i++) out[i] = count[i] ? sum[i] / count[i] : 0;
    return new Tensor(out, x.shape);
  });
}
