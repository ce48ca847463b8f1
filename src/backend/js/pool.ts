import type { Conv2dGeometry } from '../backend.js';

/**
 * Max pooling over windows described by the convolution geometry (c = channels); padded
 * positions count as -Infinity. `indices` holds the flat h*w position of each maximum inside
 * its input plane (PyTorch's convention); the first maximum wins ties.
 */
export function maxPool2d(x: Float32Array, g: Conv2dGeometry, out: Float32Array, indices: Int32Array): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
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
            // NaN propagates like PyTorch: a NaN window yields NaN.
            if (v > best || at < 0 || v !== v) { best = v; at = iy * w + ix; if (v !== v) break; }
          }
        }
        out[oo + oy * ow + ox] = best;
        indices[oo + oy * ow + ox] = at;
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
