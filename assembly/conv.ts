// im2col / col2im for 2-D convolution (Chellapilla et al. 2006: convolution as one matrix product).
// Layouts match the reference backend: x [n, c, h, w], cols [n, c*kh*kw, oh*ow].

import { matmulTile } from './matmul';

// Rows here are short (an image row, tens of floats), where memory.copy/fill cost more in call
// overhead than a plain vector loop.

// @ts-ignore: decorator
@inline function copyF32(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

// @ts-ignore: decorator
@inline function zeroF32(dst: usize, n: i32): void {
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), z);
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

/** Unfolds patches of x into cols; padding reads as zero. */
export function im2col(x: usize, cols: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  const L = oh * ow, rows = c * kh * kw;
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const plane = x + (<usize>((b * c + ci) * h * w) << 2);
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let d = cols + (<usize>((b * rows + (ci * kh + ki) * kw + kj) * L) << 2);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) { zeroF32(d, ow); d += <usize>ow << 2; continue; }
            const src = plane + (<usize>(iy * w) << 2);
            const x0 = kj * dw - pw;
            // Columns ox in [lo, hi) read inside the row (ix = ox*sw + x0 in [0, w)); the rest are padding.
            let lo = x0 >= 0 ? 0 : (-x0 + sw - 1) / sw;
            let hi = w - x0 <= 0 ? 0 : (w - x0 + sw - 1) / sw;
            if (hi > ow) hi = ow;
            if (lo > hi) lo = hi;
            if (lo > 0) zeroF32(d, lo);
            if (sw == 1) copyF32(d + (<usize>lo << 2), src + (<usize>(lo + x0) << 2), hi - lo);
            else for (let ox = lo; ox < hi; ox++) store<f32>(d + (<usize>ox << 2), load<f32>(src + (<usize>(ox * sw + x0) << 2)));
            if (hi < ow) zeroF32(d + (<usize>hi << 2), ow - hi);
            d += <usize>ow << 2;
          }
        }
      }
    }
  }
}

/** Folds cols back into out [n, c, h, w], summing overlapping patches; out is zeroed first. */
export function col2im(cols: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  const L = oh * ow, rows = c * kh * kw;
  memory.fill(out, 0, <usize>(n * c * h * w) << 2);
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const plane = out + (<usize>((b * c + ci) * h * w) << 2);
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let s = cols + (<usize>((b * rows + (ci * kh + ki) * kw + kj) * L) << 2);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) { s += <usize>ow << 2; continue; }
            const dst = plane + (<usize>(iy * w) << 2);
            const x0 = kj * dw - pw;
            // Only columns ox in [lo, hi) land inside the row (as in im2col); padding columns are dropped.
            let lo = x0 >= 0 ? 0 : (-x0 + sw - 1) / sw;
            let hi = w - x0 <= 0 ? 0 : (w - x0 + sw - 1) / sw;
            if (hi > ow) hi = ow;
            let ox = lo;
            if (sw == 1) {
              const d0 = dst + (<usize>x0 << 2);
              for (; ox + 4 <= hi; ox += 4) {
                const q = <usize>ox << 2;
                v128.store(d0 + q, f32x4.add(v128.load(d0 + q), v128.load(s + q)));
              }
            }
            for (; ox < hi; ox++) {
              const p = dst + (<usize>(ox * sw + x0) << 2);
              store<f32>(p, load<f32>(p) + load<f32>(s + (<usize>ox << 2)));
            }
            s += <usize>ow << 2;
          }
        }
      }
    }
  }
}

// Whole-batch convolution kernels: patches are unfolded one image at a time into `cols` scratch
// inside wasm memory and multiplied there, so only x, the weights and the result cross the
// JS/wasm boundary. Each call takes images [b0, b1), so threads split the batch.
// `geom` points at 16 i32: n c h w kh kw sh sw ph pw dh dw oh ow o groups.

// @ts-ignore: decorator
@inline function gi32(geom: usize, i: i32): i32 { return load<i32>(geom + (<usize>i << 2)); }

// The shape of the current batch-kernel call, decoded once by loadShape. Module globals are safe
// here: every thread runs its own instance of this module.
let sL = 0, sRg = 0, sOg = 0, sO = 0, sGroups = 0, sPlane = 0;
let sDirect = false;

function loadShape(geom: usize): void {
  const c = gi32(geom, 1), kh = gi32(geom, 4), kw = gi32(geom, 5);
  sO = gi32(geom, 14); sGroups = gi32(geom, 15);
  sL = gi32(geom, 12) * gi32(geom, 13);
  sRg = c * kh * kw / sGroups; sOg = sO / sGroups; sPlane = c * gi32(geom, 2) * gi32(geom, 3);
  // A 1x1 window with unit stride and no padding: the patches are the image itself, no unfold needed.
  sDirect = kh == 1 && kw == 1 && gi32(geom, 6) == 1 && gi32(geom, 7) == 1 && gi32(geom, 8) == 0 && gi32(geom, 9) == 0;
}

/** im2col of one image with the call's geometry. */
function unfold(geom: usize, image: usize, cols: usize): void {
  im2col(image, cols, 1, gi32(geom, 1), gi32(geom, 2), gi32(geom, 3), gi32(geom, 4), gi32(geom, 5), gi32(geom, 6), gi32(geom, 7),
    gi32(geom, 8), gi32(geom, 9), gi32(geom, 10), gi32(geom, 11), gi32(geom, 12), gi32(geom, 13));
}

/** Where image b's patches are: the image itself for a direct 1x1 window, else unfolded into `cols`. */
function patches(geom: usize, x: usize, b: i32, cols: usize): usize {
  const image = x + (<usize>(b * sPlane) << 2);
  if (sDirect) return image;
  unfold(geom, image, cols);
  return cols;
}

/** col2im into one image with the call's geometry. */
function fold(geom: usize, cols: usize, image: usize): void {
  col2im(cols, image, 1, gi32(geom, 1), gi32(geom, 2), gi32(geom, 3), gi32(geom, 4), gi32(geom, 5), gi32(geom, 6), gi32(geom, 7),
    gi32(geom, 8), gi32(geom, 9), gi32(geom, 10), gi32(geom, 11), gi32(geom, 12), gi32(geom, 13));
}

/** out_b = W · im2col(x_b) (+ bias) for images b0..b1; out [n, o, oh, ow]. */
export function conv2dForward(geom: usize, x: usize, wt: usize, bias: usize, hasBias: i32, out: usize,
  b0: i32, b1: i32, cols: usize, pack: usize): void {
  loadShape(geom);
  const L = sL, rg = sRg, og = sOg, o = sO, groups = sGroups;
  for (let b = b0; b < b1; b++) {
    const src = patches(geom, x, b, cols);
    for (let g = 0; g < groups; g++) {
      const ob = out + (<usize>((b * o + g * og) * L) << 2);
      if (hasBias) {
        for (let oc = 0; oc < og; oc++) {
          const v = load<f32>(bias + (<usize>(g * og + oc) << 2));
          const row = ob + (<usize>(oc * L) << 2);
          for (let i = 0; i < L; i++) store<f32>(row + (<usize>i << 2), v);
        }
      }
      matmulTile(wt + (<usize>(g * og * rg) << 2), src + (<usize>(g * rg * L) << 2), ob, og, rg, L,
        false, false, hasBias != 0, 0, og, 0, L, pack);
    }
  }
}

/** gx_b = col2im(Wᵀ · gy_b) for images b0..b1; gx [n, c, h, w]. */
export function conv2dGradInput(geom: usize, gy: usize, wt: usize, gx: usize, b0: i32, b1: i32, cols: usize, pack: usize): void {
  loadShape(geom);
  const L = sL, rg = sRg, og = sOg, o = sO, groups = sGroups, plane = sPlane, direct = sDirect;
  for (let b = b0; b < b1; b++) {
    const gxb = gx + (<usize>(b * plane) << 2);
    const dst = direct ? gxb : cols;
    for (let g = 0; g < groups; g++) {
      matmulTile(wt + (<usize>(g * og * rg) << 2), gy + (<usize>((b * o + g * og) * L) << 2), dst + (<usize>(g * rg * L) << 2),
        rg, og, L, true, false, false, 0, rg, 0, L, pack);
    }
    if (!direct) fold(geom, cols, gxb);
  }
}

/** gw += Σ_{b0 ≤ b < b1} gy_b · im2col(x_b)ᵀ; gw [o, c/groups, kh, kw] is not cleared here. */
export function conv2dGradWeight(geom: usize, x: usize, gy: usize, gw: usize, b0: i32, b1: i32, cols: usize, pack: usize): void {
  loadShape(geom);
  const L = sL, rg = sRg, og = sOg, o = sO, groups = sGroups;
  for (let b = b0; b < b1; b++) {
    const src = patches(geom, x, b, cols);
    for (let g = 0; g < groups; g++) {
      matmulTile(gy + (<usize>((b * o + g * og) * L) << 2), src + (<usize>(g * rg * L) << 2), gw + (<usize>(g * og * rg) << 2),
        og, L, rg, false, true, true, 0, og, 0, rg, pack);
    }
  }
}
