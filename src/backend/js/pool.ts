import type { Conv2dGeometry } from '../backend.js';

/**
 * Max pooling over windows described by the convolution geometry (c = channels); padded
 * positions count as -Infinity. `indices` holds the flat h*w position of each maximum inside
 * its input plane (PyTorch's convention); the first maximum wins ties, the last NaN wins over all.
 */
export function maxPool2d(x: Float32Array, g: Conv2dGeometry, out: Float32Array, indices: Int32Array): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const inside = ph === 0 && pw === 0 && (oh - 1) * sh + (kh - 1) * dh < h && (ow - 1) * sw + (kw - 1) * dw < w;
  if (inside && kh === 2 && kw === 2 && dh === 1 && dw === 1) { maxPool2x2(x, g, out, indices); return; }
  for (let p = 0; p < n * c; p++) {
    const xo = p * h * w, oo = p * oh * ow;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let best = -Infinity, at = -1;
        for (let ki = 0; ki < kh; ki++) {
          const iy = oy * sh - ph + ki * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kj = 0; kj < kw; kj++) {
            const ix = ox * sw - pw + kj * dw;
            if (ix < 0 || ix >= w) continue;
            const v = x[xo + iy * w + ix];
            // PyTorch's rule: a larger value or any NaN takes the place (so a NaN window yields NaN).
            if (v > best || at < 0 || v !== v) { best = v; at = iy * w + ix; }
          }
        }
        out[oo + oy * ow + ox] = best;
        indices[oo + oy * ow + ox] = at;
      }
    }
  }
}

/** The common 2x2 window lying wholly inside the image: no bounds checks, the same tie and NaN rules. */
function maxPool2x2(x: Float32Array, g: Conv2dGeometry, out: Float32Array, indices: Int32Array): void {
  const { n, c, h, w, sh, sw, oh, ow } = g;
  let o = 0;
  for (let p = 0; p < n * c; p++) {
    const xo = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const row = oy * sh * w;
      for (let ox = 0; ox < ow; ox++, o++) {
        let at = row + ox * sw, best = x[xo + at];
        const i1 = at + 1, i2 = at + w, i3 = i2 + 1;
        const v1 = x[xo + i1], v2 = x[xo + i2], v3 = x[xo + i3];
        if (v1 > best || v1 !== v1) { best = v1; at = i1; }
        if (v2 > best || v2 !== v2) { best = v2; at = i2; }
        if (v3 > best || v3 !== v3) { best = v3; at = i3; }
        out[o] = best;
        indices[o] = at;
      }
    }
  }
}

/** Gradient of maxPool2d: scatters gy back to the recorded argmax positions (out is zeroed first). */
export function maxPool2dGrad(gy: Float32Array, indices: Int32Array, g: Conv2dGeometry, out: Float32Array): void {
  const { n, c, h, w, oh, ow } = g;
  out.fill(0);
  const L = oh * ow;
  for (let p = 0; p < n * c; p++) {
    const xo = p * h * w, oo = p * L;
    for (let i = 0; i < L; i++) {
      const at = indices[oo + i];
      if (at >= 0) out[xo + at] += gy[oo + i];
    }
  }
}
