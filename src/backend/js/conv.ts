import type { Conv2dGeometry } from '../backend.js';

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
