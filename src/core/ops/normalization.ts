import { Tensor, fromOp } from '../tensor.js';
import { fmt, sizeOf } from '../shape.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { reshape } from './view.js';
import { noGrad } from '../autograd.js';

/**
 * Standardises each row of x viewed as [rows, size]: (x − mean) / √(var + eps) with the biased
 * variance, as layer, group and batch normalisation do. One fused op; its backward is
 * gx = (g − mean(g) − x̂·mean(g·x̂)) / σ (Ioffe & Szegedy 2015, sec. 3).
 * @example normalizeRows(tensor([[1, 3]]), 2, 0).toArray(); // [[-1, 1]]
 */
export function normalizeRows(x: Tensor, size: number, eps: number): Tensor {
  if (x.dtype !== 'float32') throw new DTypeError(`normalize: needs float32 input, got ${x.dtype}`);
  const n = x.data.length;
  if (size <= 0 || n % size !== 0) throw new ShapeError(`normalize: cannot split ${fmt(x.shape)} into rows of ${size}`);
  const rows = n / size, xd = x.data;
  const out = new Float32Array(n), rstd = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * size;
    let m = 0;
    for (let i = 0; i < size; i++) m += xd[o + i];
    m /= size;
    let v = 0;
    for (let i = 0; i < size; i++) { const d = xd[o + i] - m; v += d * d; }
    const rs = 1 / Math.sqrt(v / size + eps);
    rstd[r] = rs;
    for (let i = 0; i < size; i++) out[o + i] = (xd[o + i] - m) * rs;
  }
  return fromOp('normalize', out, x.shape, [x], (g) => {
    const gd = g.data, gx = new Float32Array(n);
    for (let r = 0; r < rows; r++) {
      const o = r * size;
      let mg = 0, mgx = 0;
      for (let i = 0; i < size; i++) { mg += gd[o + i]; mgx += gd[o + i] * out[o + i]; }
      mg /= size; mgx /= size;
      const rs = rstd[r];
      for (let i = 0; i < size; i++) gx[o + i] = (gd[o + i] - mg - out[o + i] * mgx) * rs;
    }
    return [new Tensor(gx, x.shape)];
  });
}

/**
 * Layer normalisation over the trailing `normalizedShape` dims (Ba et al. 2016), with optional
 * elementwise affine weight and bias of that shape.
 * @example layerNorm(randn([2, 5, 8]), [8]).shape; // [2, 5, 8]
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5, layer = 'layerNorm'): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (x.ndim < k || fmt(tail) !== fmt(normalizedShape)) {
    throw new ShapeError(`${layer}: expected input whose last ${k} dim(s) are ${fmt(normalizedShape)}, got ${fmt(x.shape)}`);
  }
  const size = sizeOf(normalizedShape);
  for (const [what, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p && p.data.length !== size) throw new ShapeError(`${layer}: ${what} must have shape ${fmt(normalizedShape)}, got ${fmt(p.shape)}`);
  }
  // The affine step stays two broadcast ops: the backend's vectorised mul/add kernels beat a
  // fused scalar js loop here (measured on the ViT step).
  let y = normalizeRows(x, size, eps);
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}

/**
 * Group normalisation (Wu & He 2018): channels split into `numGroups`, each normalised over its
 * channels and positions; per-channel affine.
 * @example groupNorm(randn([2, 6, 4, 4]), 3).shape; // [2, 6, 4, 4]
 */
export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5, layer = 'groupNorm'): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${layer}: expected input [batch, channels, ...], got ${fmt(x.shape)}`);
  const [n, c] = x.shape;
  if (c % numGroups !== 0) throw new ShapeError(`${layer}: ${c} channels (input ${fmt(x.shape)}) cannot be split into ${numGroups} groups`);
  let y = reshape(normalizeRows(x, x.data.length / (n * numGroups), eps), [...x.shape]);
  const cshape = [c, ...x.shape.slice(2).map(() => 1)];
  if (weight) y = y.mul(reshape(weight, cshape));
  if (bias) y = y.add(reshape(bias, cshape));
  return y;
}

export interface BatchNormOptions {
  runningMean?: Tensor | null; runningVar?: Tensor | null; weight?: Tensor | null; bias?: Tensor | null;
  training?: boolean; momentum?: number | null; eps?: number; numBatchesTracked?: Tensor | null;
}

/**
 * Batch normalisation over [N, C, ...] (Ioffe & Szegedy 2015): training uses the batch's
 * per-channel mean and biased variance and updates the running statistics in place with the
 * unbiased variance (momentum m: r ← (1 − m)·r + m·stat; momentum null = cumulative average);
 * evaluation uses the running statistics.
 * @example batchNorm(randn([8, 3, 4, 4]), { training: true }).shape; // [8, 3, 4, 4]
 */
export function batchNorm(x: Tensor, o: BatchNormOptions = {}, layer = 'batchNorm'): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${layer}: expected input [batch, channels, ...], got ${fmt(x.shape)}`);
  const c = x.shape[1];
  const eps = o.eps ?? 1e-5;
  const dims = [0, ...x.shape.slice(2).map((_, i) => i + 2)];
  const cshape = [1, c, ...x.shape.slice(2).map(() => 1)];
  let y: Tensor;
  const useBatch = (o.training ?? true) || !o.runningMean || !o.runningVar;
  if (useBatch) {
    const count = x.data.length / c;
    if (count <= 1 && (o.training ?? true)) throw new ValueError(`${layer}: expected more than 1 value per channel when training, got input ${fmt(x.shape)}`);
    const mean = x.mean(dims, true);
    const dev = x.sub(mean);
    const v = dev.mul(dev).mean(dims, true);
    y = dev.mul(v.add(eps).rsqrt());
    if ((o.training ?? true) && o.runningMean && o.runningVar) {
      noGrad(() => {
        let m = o.momentum === undefined ? 0.1 : o.momentum;
        if (o.numBatchesTracked) {
          o.numBatchesTracked.data[0] += 1;
          if (m === null) m = 1 / o.numBatchesTracked.data[0];
        }
        const mm = m ?? 0.1;
        const rm = o.runningMean!.data, rv = o.runningVar!.data, md = mean.data, vd = v.data;
        for (let i = 0; i < c; i++) {
          rm[i] = (1 - mm) * rm[i] + mm * md[i];
          rv[i] = (1 - mm) * rv[i] + mm * vd[i] * count / (count - 1);
        }
      });
    }
  } else {
    const rm = reshape(o.runningMean!.detach(), cshape), rv = reshape(o.runningVar!.detach(), cshape);
    y = x.sub(rm).mul(rv.add(eps).rsqrt());
  }
  if (o.weight) y = y.mul(reshape(o.weight, cshape));
  if (o.bias) y = y.add(reshape(o.bias, cshape));
  return y;
}
