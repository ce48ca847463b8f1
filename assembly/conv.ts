// im2col / col2im for 2-D convolution (Chellapilla et al. 2006: convolution as one matrix product).
// Layouts match the reference backend: x [n, c, h, w], cols [n, c*kh*kw, oh*ow].

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
            if (iy < 0 || iy >= h) { memory.fill(d, 0, <usize>ow << 2); d += <usize>ow << 2; continue; }
            const src = plane + (<usize>(iy * w) << 2);
            const x0 = kj * dw - pw;
            if (sw == 1 && x0 >= 0 && x0 + ow <= w) {
              // Interior row with unit stride: one contiguous copy.
              memory.copy(d, src + (<usize>x0 << 2), <usize>ow << 2);
              d += <usize>ow << 2;
              continue;
            }
            for (let ox = 0; ox < ow; ox++) {
              const ix = ox * sw + x0;
              store<f32>(d, ix >= 0 && ix < w ? load<f32>(src + (<usize>ix << 2)) : 0);
              d += 4;
            }
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
            let ox = 0;
            if (sw == 1 && x0 >= 0 && x0 + ow <= w) {
              const d0 = dst + (<usize>x0 << 2);
              for (; ox + 4 <= ow; ox += 4) {
                const q = <usize>ox << 2;
                v128.store(d0 + q, f32x4.add(v128.load(d0 + q), v128.load(s + q)));
              }
            }
            for (; ox < ow; ox++) {
              const ix = ox * sw + x0;
              if (ix >= 0 && ix < w) {
                const p = dst + (<usize>ix << 2);
                store<f32>(p, load<f32>(p) + load<f32>(s + (<usize>ox << 2)));
              }
            }
            s += <usize>ow << 2;
          }
        }
      }
    }
  }
}
