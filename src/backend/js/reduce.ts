import type { TypedArray } from '../../core/dtype.js';
import type { ReduceOp } from '../backend.js';

export function reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let acc: number;
      if (op === 'sum') {
        acc = 0;
        for (let s = 0; s < size; s++) acc += x[base + s * inner + i];
      } else if (op === 'prod') {
        acc = 1;
        for (let s = 0; s < size; s++) acc *= x[base + s * inner + i];
      } else if (op === 'max') {
        acc = -Infinity;
        for (let s = 0; s < size; s++) { const v = x[base + s * inner + i]; if (v > acc || v !== v) { acc = v; if (v !== v) break; } }
      } else {
        acc = Infinity;
        for (let s = 0; s < size; s++) { const v = x[base + s * inner + i]; if (v < acc || v !== v) { acc = v; if (v !== v) break; } }
      }
      out[o * inner + i] = acc;
    }
  }
}

export function argReduce(op: 'argmax' | 'argmin', x: TypedArray, outer: number, size: number, inner: number, out: Int32Array): void {
  const isMax = op === 'argmax';
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let best = 0, bv = x[base + i];
      for (let s = 1; s < size; s++) {
        if (bv !== bv) break;
        const v = x[base + s * inner + i];
        if (v !== v || (isMax ? v > bv : v < bv)) { bv = v; best = s; }
      }
      out[o * inner + i] = best;
    }
  }
}

export function softmax(x: Float32Array, outer: number, size: number, inner: number, out: Float32Array, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let mx = -Infinity;
      for (let s = 0; s < size; s++) { const v = x[base + s * inner + i]; if (v > mx) mx = v; }
      if (mx === -Infinity) mx = 0;
      let sum = 0;
      for (let s = 0; s < size; s++) sum += Math.exp(x[base + s * inner + i] - mx);
      if (log) {
        const lse = mx + Math.log(sum);
        for (let s = 0; s < size; s++) out[base + s * inner + i] = x[base + s * inner + i] - lse;
      } else {
        const inv = 1 / sum;
        for (let s = 0; s < size; s++) out[base + s * inner + i] = Math.exp(x[base + s * inner + i] - mx) * inv;
      }
    }
  }
}

export function softmaxGrad(y: Float32Array, gy: Float32Array, outer: number, size: number, inner: number, out: Float32Array, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let dot = 0;
      if (log) {
        // d/dx logsoftmax: gx = gy - softmax * sum(gy)
        for (let s = 0; s < size; s++) dot += gy[base + s * inner + i];
        for (let s = 0; s < size; s++) { const p = base + s * inner + i; out[p] = gy[p] - Math.exp(y[p]) * dot; }
      } else {
        // d/dx softmax: gx = y * (gy - sum(gy * y))
        for (let s = 0; s < size; s++) { const p = base + s * inner + i; dot += gy[p] * y[p]; }
        for (let s = 0; s < size; s++) { const p = base + s * inner + i; out[p] = y[p] * (gy[p] - dot); }
      }
    }
  }
}
