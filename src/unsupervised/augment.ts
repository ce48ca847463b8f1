import { Tensor } from '../core/tensor.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';

/** Image batch geometry: [B, H, W] views over [B, 1, H, W], [B, H, W] or square-flattened [B, H·W]. */
function geometry(op: string, x: Tensor): [number, number, number] {
  if (x.ndim === 4 && x.shape[1] === 1) return [x.shape[0], x.shape[2], x.shape[3]];
  if (x.ndim === 3) return [x.shape[0], x.shape[1], x.shape[2]];
  if (x.ndim === 2) {
    const s = Math.round(Math.sqrt(x.shape[1]));
    if (s * s === x.shape[1]) return [x.shape[0], s, s];
  }
  throw new ShapeError(`${op}: expected single-channel images [B, 1, H, W], [B, H, W] or square [B, H·W], got ${fmt(x.shape)}`);
}

export interface AffineJitter {
  /** Largest rotation, degrees (uniform in ±). */
  maxRotation?: number;
  /** Largest relative scale change (uniform in 1 ± maxScale). */
  maxScale?: number;
  /** Largest translation in pixels (uniform in ±), which is what a random crop of a padded image does. */
  maxShift?: number;
  /** Largest shear (uniform in ±, as a fraction). */
  maxShear?: number;
}

/**
 * Random affine transform of each image with bilinear sampling (zeros outside): rotation, scale,
 * shear and translation drawn independently per image.
 * @example affineJitter(images, { maxRotation: 15, maxScale: 0.1, maxShift: 3 });
 */
export function affineJitter(x: Tensor, j: AffineJitter, gen: Generator = defaultGenerator): Tensor {
  const [b, h, w] = geometry('affineJitter', x);
  const rot = j.maxRotation ?? 0, sc = j.maxScale ?? 0, sh = j.maxShift ?? 0, shr = j.maxShear ?? 0;
  if ([rot, sc, sh, shr].some((v) => !(v >= 0))) throw new ValueError(`affineJitter: ranges must be non-negative, got rotation ${rot}, scale ${sc}, shift ${sh}, shear ${shr}`);
  const out = new Float32Array(x.data.length), d = x.data;
  const cy = (h - 1) / 2, cx = (w - 1) / 2;
  for (let n = 0; n < b; n++) {
    const a = ((gen.uniform() * 2 - 1) * rot * Math.PI) / 180;
    const s = 1 + (gen.uniform() * 2 - 1) * sc, k = (gen.uniform() * 2 - 1) * shr;
    const ty = (gen.uniform() * 2 - 1) * sh, tx = (gen.uniform() * 2 - 1) * sh;
    // Inverse map: for each output pixel find where it came from in the input.
    const cos = Math.cos(a) / s, sin = Math.sin(a) / s;
    const o = n * h * w;
    for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) {
      const dy = y - cy - ty, dx = xx - cx - tx - k * (y - cy);
      const sy = cos * dy - sin * dx + cy, sx = sin * dy + cos * dx + cx;
      const y0 = Math.floor(sy), x0 = Math.floor(sx), fy = sy - y0, fx = sx - x0;
      let v = 0;
      for (const [yy, xw, wt] of [[y0, x0, (1 - fy) * (1 - fx)], [y0, x0 + 1, (1 - fy) * fx], [y0 + 1, x0, fy * (1 - fx)], [y0 + 1, x0 + 1, fy * fx]]) {
        if (yy >= 0 && yy < h && xw >= 0 && xw < w && wt > 0) v += wt * d[o + yy * w + xw];
      }
      out[o + y * w + xx] = v;
    }
  }
  return new Tensor(out, x.shape);
}

/**
 * Random crop after zero padding, i.e. an integer shift of up to `padding` pixels each way
 * (the standard small-image crop augmentation).
 * @example randomShift(images, 2);
 */
export function randomShift(x: Tensor, padding: number, gen: Generator = defaultGenerator): Tensor {
  const [b, h, w] = geometry('randomShift', x);
  if (!Number.isInteger(padding) || padding < 0) throw new ValueError(`randomShift: padding must be a non-negative integer, got ${padding}`);
  const out = new Float32Array(x.data.length), d = x.data;
  for (let n = 0; n < b; n++) {
    const dy = gen.int(-padding, padding + 1), dx = gen.int(-padding, padding + 1), o = n * h * w;
    for (let y = 0; y < h; y++) {
      const sy = y - dy;
      if (sy < 0 || sy >= h) continue;
      for (let xx = 0; xx < w; xx++) { const sx = xx - dx; if (sx >= 0 && sx < w) out[o + y * w + xx] = d[o + sy * w + sx]; }
    }
  }
  return new Tensor(out, x.shape);
}

/** Adds N(0, std²) noise and clamps to [0, 1]. @example gaussianNoise(images, 0.1); */
export function gaussianNoise(x: Tensor, std: number, gen: Generator = defaultGenerator): Tensor {
  if (!(std >= 0)) throw new ValueError(`gaussianNoise: std must be non-negative, got ${std}`);
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, x.data[i] + std * gen.normal()));
  return new Tensor(out, x.shape);
}

export interface AugmentOptions extends AffineJitter { noiseStd?: number; cropPadding?: number }

/**
 * The SimCLR-style view generator for digits: random crop (shift), affine jitter, then noise.
 * Colour jitter and flips from Chen et al. (2020) are left out: digits are grey and not mirror-symmetric.
 * @example const view = augment(images, { cropPadding: 2, maxRotation: 15, maxScale: 0.15, noiseStd: 0.1 });
 */
export function augment(x: Tensor, o: AugmentOptions, gen: Generator = defaultGenerator): Tensor {
  let v = o.cropPadding ? randomShift(x, o.cropPadding, gen) : x;
  if (o.maxRotation || o.maxScale || o.maxShift || o.maxShear) v = affineJitter(v, o, gen);
  if (o.noiseStd) v = gaussianNoise(v, o.noiseStd, gen);
  return v;
}
