import type { Tensor } from '../core/tensor.js';
import { ShapeError } from '../core/errors.js';

function columns(who: string, pred: Tensor, truth: Tensor): [number, number] {
  if (pred.ndim !== 2 || truth.ndim !== 2 || pred.shape[0] !== truth.shape[0] || pred.shape[1] !== truth.shape[1]) {
    throw new ShapeError(`${who}: prediction [${pred.shape.join(', ')}] and truth [${truth.shape.join(', ')}] must both be [samples, outputs] of the same shape`);
  }
  return [pred.shape[0], pred.shape[1]];
}

/**
 * Coefficient of determination per output column: 1 − SS_res / SS_tot (can be negative when a
 * decoder is worse than predicting the mean).
 * @example r2Score(tensor([[1], [2]]), tensor([[1], [2]])); // [1]
 */
export function r2Score(pred: Tensor, truth: Tensor): number[] {
  const [T, D] = columns('r2Score', pred, truth);
  return Array.from({ length: D }, (_, d) => {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += truth.data[t * D + d] / T;
    let res = 0, tot = 0;
    for (let t = 0; t < T; t++) {
      const y = truth.data[t * D + d];
      res += (y - pred.data[t * D + d]) ** 2;
      tot += (y - mean) ** 2;
    }
    return tot > 0 ? 1 - res / tot : (res === 0 ? 1 : -Infinity);
  });
}

/** Pearson correlation per output column. @example pearson(x, y) // [ρx, ρy] */
export function pearson(pred: Tensor, truth: Tensor): number[] {
  const [T, D] = columns('pearson', pred, truth);
  return Array.from({ length: D }, (_, d) => {
    let ma = 0, mb = 0;
    for (let t = 0; t < T; t++) { ma += pred.data[t * D + d] / T; mb += truth.data[t * D + d] / T; }
    let sab = 0, saa = 0, sbb = 0;
    for (let t = 0; t < T; t++) {
      const a = pred.data[t * D + d] - ma, b = truth.data[t * D + d] - mb;
      sab += a * b; saa += a * a; sbb += b * b;
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
  });
}
