// Reductions and softmax over x viewed as [outer, size, inner] (the reduced axis in the middle).
import { exp4 } from './simd';

/** out[o, i] = sum or max over s of x[o, s, i]. op 0 = sum, 1 = max. */
export function reduce(op: i32, x: usize, outer: i32, size: i32, inner: i32, out: usize): void {
  const isMax = op == 1;
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + (<usize>(o * size) << 2);
      // Four lane-parallel partial results, folded at the end.
      let acc = isMax ? f32x4.splat(-Infinity) : f32x4.splat(0);
      let s = 0;
      for (; s + 4 <= size; s += 4) {
        const v = v128.load(row + (<usize>s << 2));
        acc = isMax ? f32x4.max(acc, v) : f32x4.add(acc, v);
      }
      let r: f32;
      if (isMax) {
        r = max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
        for (; s < size; s++) r = max(r, load<f32>(row + (<usize>s << 2)));
      } else {
        r = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
        for (; s < size; s++) r += load<f32>(row + (<usize>s << 2));
      }
      store<f32>(out + (<usize>o << 2), r);
    }
    return;
  }
  // inner > 1: add whole rows of length `inner` onto the output row, four columns at a time.
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const dst = out + <usize>o * rowBytes;
    const src = x + <usize>(o * size) * rowBytes;
    if (size == 0) {
      for (let i = 0; i < inner; i++) store<f32>(dst + (<usize>i << 2), isMax ? -Infinity : 0);
      continue;
    }
    memory.copy(dst, src, rowBytes);
    for (let s = 1; s < size; s++) {
      const r = src + <usize>s * rowBytes;
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const q = <usize>i << 2;
        const a = v128.load(dst + q), b = v128.load(r + q);
        v128.store(dst + q, isMax ? f32x4.max(a, b) : f32x4.add(a, b));
      }
      for (; i < inner; i++) {
        const q = <usize>i << 2;
        const a = load<f32>(dst + q), b = load<f32>(r + q);
        store<f32>(dst + q, isMax ? (a != a || b != b ? NaN : max(a, b)) : a + b);
      }
    }
  }
}

/** Row-wise (log-)softmax of x [rows, size] (the softmax axis last), numerically stable. */
export function softmaxRows(x: usize, rows: i32, size: i32, out: usize, log: bool): void {
  for (let r = 0; r < rows; r++) {
    const src = x + (<usize>(r * size) << 2), dst = out + (<usize>(r * size) << 2);
    let mx: f32 = -Infinity;
    for (let s = 0; s < size; s++) { const v = load<f32>(src + (<usize>s << 2)); if (v > mx) mx = v; }
    if (mx == -Infinity) mx = 0;
    const mv = f32x4.splat(mx);
    // exp(x - max) into out, summing as we go.
    let acc = f32x4.splat(0);
    let s = 0;
    for (; s + 4 <= size; s += 4) {
      const q = <usize>s << 2;
      const e = exp4(f32x4.sub(v128.load(src + q), mv));
      v128.store(dst + q, e);
      acc = f32x4.add(acc, e);
    }
    let sum = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; s < size; s++) {
      const q = <usize>s << 2;
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(src + q) - mx)), 0);
      store<f32>(dst + q, e);
      sum += e;
    }
    if (log) {
      const lse = f32x4.splat(mx + Mathf.log(sum));
      s = 0;
      for (; s + 4 <= size; s += 4) { const q = <usize>s << 2; v128.store(dst + q, f32x4.sub(v128.load(src + q), lse)); }
      for (; s < size; s++) { const q = <usize>s << 2; store<f32>(dst + q, load<f32>(src + q) - f32x4.extract_lane(lse, 0)); }
    } else {
      const inv = f32x4.splat(<f32>1 / sum);
      s = 0;
      for (; s + 4 <= size; s += 4) { const q = <usize>s << 2; v128.store(dst + q, f32x4.mul(v128.load(dst + q), inv)); }
      for (; s < size; s++) { const q = <usize>s << 2; store<f32>(dst + q, load<f32>(dst + q) * f32x4.extract_lane(inv, 0)); }
    }
  }
}

/**
 * Gradient of row-wise (log-)softmax given its output y and upstream gy:
 * softmax: gx = y (gy - sum(gy y)); log-softmax: gx = gy - e^y sum(gy).
 */
export function softmaxGradRows(y: usize, gy: usize, rows: i32, size: i32, out: usize, log: bool): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * size) << 2;
    const yr = y + off, gr = gy + off, dr = out + off;
    let acc = f32x4.splat(0);
    let s = 0;
    for (; s + 4 <= size; s += 4) {
      const q = <usize>s << 2;
      const g = v128.load(gr + q);
      acc = f32x4.add(acc, log ? g : f32x4.mul(g, v128.load(yr + q)));
    }
    let dot = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; s < size; s++) {
      const q = <usize>s << 2;
      dot += log ? load<f32>(gr + q) : load<f32>(gr + q) * load<f32>(yr + q);
    }
    const dv = f32x4.splat(dot);
    s = 0;
    for (; s + 4 <= size; s += 4) {
      const q = <usize>s << 2;
      const yv = v128.load(yr + q), g = v128.load(gr + q);
      v128.store(dr + q, log ? f32x4.sub(g, f32x4.mul(exp4(yv), dv)) : f32x4.mul(yv, f32x4.sub(g, dv)));
    }
    for (; s < size; s++) {
      const q = <usize>s << 2;
      const yv = load<f32>(yr + q), g = load<f32>(gr + q);
      store<f32>(dr + q, log ? g - f32x4.extract_lane(exp4(f32x4.splat(yv)), 0) * dot : yv * (g - dot));
    }
  }
}
