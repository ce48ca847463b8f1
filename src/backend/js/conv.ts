import type { Conv2dGeometry } from '../backend.js';
import { matmul } from './linalg.js';

export function im2col(x: Float32Array, g: Conv2dGeometry, cols: Float32Array): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const L = oh * ow, rows = c * kh * kw;
  for (let b = 0; b < n; b++) {
    const xb = b * c * h * w, cb = b * rows * L;
    for (let ci = 0; ci < c; ci++) {
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const r = (ci * kh + ki) * kw + kj;
          const ro = cb + r * L;
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            const rowOk = iy >= 0 && iy < h;
            const xo = xb + ci * h * w + iy * w;
            for (let ox = 0; ox < ow; ox++) {
              const ix = ox * sw - pw + kj * dw;
              cols[ro + oy * ow + ox] = rowOk && ix >= 0 && ix < w ? x[xo + ix] : 0;
            }
          }
        }
      }
    }
  }
}

export function col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const L = oh * ow, rows = c * kh * kw;
  out.fill(0);
  for (let b = 0; b < n; b++) {
    const xb = b * c * h * w, cb = b * rows * L;
    for (let ci = 0; ci < c; ci++) {
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const ro = cb + ((ci * kh + ki) * kw + kj) * L;
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) continue;
            const xo = xb + ci * h * w + iy * w;
            for (let ox = 0; ox < ow; ox++) {
              const ix = ox * sw - pw + kj * dw;
              if (ix >= 0 && ix < w) out[xo + ix] += cols[ro + oy * ow + ox];
            }
          }
        }
      }
    }
  }
}

/**
 * Per-image, per-group shapes of a convolution as matrix products (Chellapilla et al. 2006):
 * L output positions, rg = (c/groups)·kh·kw patch rows, og = o/groups output channels.
 */
export function convDims(g: Conv2dGeometry, o: number, groups: number): { L: number; rows: number; rg: number; og: number; plane: number } {
  const L = g.oh * g.ow, rows = g.c * g.kh * g.kw;
  return { L, rows, rg: rows / groups, og: o / groups, plane: g.c * g.h * g.w };
}

/** The geometry of one image of the batch, so im2col/col2im can run image by image. */
const oneImage = (g: Conv2dGeometry): Conv2dGeometry => ({ ...g, n: 1 });

/** out_b = W · im2col(x_b) (+ bias) per image and group, with one image's patches in memory at a time. */
export function conv2d(x: Float32Array, weight: Float32Array, bias: Float32Array | null, g: Conv2dGeometry, o: number, groups: number, out: Float32Array): void {
  const { L, rows, rg, og, plane } = convDims(g, o, groups);
  const g1 = oneImage(g), cols = new Float32Array(rows * L);
  for (let b = 0; b < g.n; b++) {
    im2col(x.subarray(b * plane, (b + 1) * plane), g1, cols);
    for (let gi = 0; gi < groups; gi++) {
      const ob = out.subarray((b * o + gi * og) * L, (b * o + (gi + 1) * og) * L);
      if (bias) for (let oc = 0; oc < og; oc++) ob.fill(bias[gi * og + oc], oc * L, (oc + 1) * L);
      matmul(weight.subarray(gi * og * rg, (gi + 1) * og * rg), cols.subarray(gi * rg * L, (gi + 1) * rg * L), ob, og, rg, L, false, false, bias !== null);
    }
  }
}

/** gx_b = col2im(Wᵀ · gy_b) per image and group. */
export function conv2dGradInput(gy: Float32Array, weight: Float32Array, g: Conv2dGeometry, o: number, groups: number, gx: Float32Array): void {
  const { L, rows, rg, og, plane } = convDims(g, o, groups);
  const g1 = oneImage(g), cols = new Float32Array(rows * L);
  for (let b = 0; b < g.n; b++) {
    for (let gi = 0; gi < groups; gi++) {
      matmul(weight.subarray(gi * og * rg, (gi + 1) * og * rg), gy.subarray((b * o + gi * og) * L, (b * o + (gi + 1) * og) * L),
        cols.subarray(gi * rg * L, (gi + 1) * rg * L), rg, og, L, true, false, false);
    }
    col2im(cols, g1, gx.subarray(b * plane, (b + 1) * plane));
  }
}

/** gW = Σ_b gy_b · im2col(x_b)ᵀ per group. */
export function conv2dGradWeight(x: Float32Array, gy: Float32Array, g: Conv2dGeometry, o: number, groups: number, gw: Float32Array): void {
  const { L, rows, rg, og, plane } = convDims(g, o, groups);
  const g1 = oneImage(g), cols = new Float32Array(rows * L);
  gw.fill(0);
  for (let b = 0; b < g.n; b++) {
    im2col(x.subarray(b * plane, (b + 1) * plane), g1, cols);
    for (let gi = 0; gi < groups; gi++) {
      matmul(gy.subarray((b * o + gi * og) * L, (b * o + (gi + 1) * og) * L), cols.subarray(gi * rg * L, (gi + 1) * rg * L),
        gw.subarray(gi * og * rg, (gi + 1) * og * rg), og, L, rg, false, true, true);
    }
  }
}
