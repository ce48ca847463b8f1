import { test } from 'node:test';
import { jsBackend } from '../../src/backend/js/index.js';
import type { BinaryOp, UnaryOp } from '../../src/backend/backend.js';
import { sizeOf } from '../../src/core/shape.js';
import { assertClose } from '../helpers.js';
import { randArray, withWasm } from './wasm-fixtures.js';

const BIN_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];
// [aShape, bShape]: same shape, scalars on either side, a bias row, one value per row, and forms
// the kernel does not take (both sides broadcast), which must fall back to js correctly.
const PAIRS: [number[], number[]][] = [
  [[7], [7]], [[3, 5], [3, 5]], [[0], [0]], [[9, 13], []], [[], [9, 13]], [[4, 5], [5]], [[5], [4, 5]],
  [[2, 3, 7], [1, 7]], [[6, 3], [6, 1]], [[6, 1], [6, 3]], [[2, 3, 5], [2, 3, 1]], [[3, 1], [1, 4]], [[2, 3, 4], [3, 1]],
];

function outShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => Math.max(a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1));
}

test('wasm binary ops match js for same shapes and broadcasts, including NaN in maximum/minimum', () => {
  withWasm(1, (b) => {
    for (const op of BIN_OPS) {
      for (const [as, bs] of PAIRS) {
        const os = outShape(as, bs);
        const x = randArray(sizeOf(as), 3 + as.length, 4), y = randArray(sizeOf(bs), 7 + bs.length, 4);
        if (x.length > 2) x[1] = NaN;
        if (op === 'div') y.forEach((v, i) => { if (Math.abs(v) < 0.1) y[i] = 0.5; });
        const want = new Float32Array(sizeOf(os)), got = new Float32Array(sizeOf(os));
        jsBackend.binary(op, x, as, y, bs, want, os);
        b.binary(op, x, as, y, bs, got, os);
        assertClose(got, want, { atol: 1e-6, rtol: 1e-6 }, `${op} [${as}] with [${bs}]`);
      }
    }
  });
});

const UN_OPS: [UnaryOp, number?][] = [['relu'], ['exp'], ['sigmoid'], ['tanh'], ['neg'], ['abs'], ['square'], ['sqrt'],
  ['mulScalar', 2.5], ['addScalar', -1.25], ['leakyRelu', 0.01], ['softplus'], ['gelu'], ['silu']];

test('wasm unary ops and their gradients match js on odd lengths and extreme inputs', () => {
  withWasm(1, (b) => {
    for (const n of [0, 1, 3, 4, 37, 1029]) {
      for (const [op, p0] of UN_OPS) {
        const x = randArray(n, n + 1, 6);
        // Saturation and overflow edges of exp, sigmoid and tanh.
        if (n > 20) { x[0] = 100; x[1] = -100; x[2] = 88.5; x[3] = -104; x[4] = 0; x[5] = 1e-4; x[6] = NaN; }
        if (op === 'sqrt') x.forEach((v, i) => { x[i] = Math.abs(v); });
        const want = new Float32Array(n), got = new Float32Array(n);
        jsBackend.unary(op, x, want, p0);
        b.unary(op, x, got, p0);
        assertClose(got, want, { atol: 1e-6, rtol: 3e-6 }, `${op} n=${n}`);
        if (op === 'sqrt') continue;
        const gy = randArray(n, 2 * n + 5);
        const gw = new Float32Array(n), gg = new Float32Array(n);
        jsBackend.unaryGrad(op, x, want, gy, gw, p0);
        b.unaryGrad(op, x, want, gy, gg, p0);
        assertClose(gg, gw, { atol: 1e-6, rtol: 1e-5 }, `${op} grad n=${n}`);
      }
    }
  });
});

test('wasm reductions (sum, max) match js over [outer, size, inner] with empty and unit axes', () => {
  withWasm(1, (b) => {
    for (const [outer, size, inner] of [[1, 1, 1], [3, 0, 2], [2, 5, 1], [4, 37, 1], [3, 7, 5], [2, 64, 9], [1, 1000, 1]]) {
      const x = randArray(outer * size * inner, outer + size + inner, 3);
      for (const op of ['sum', 'max'] as const) {
        const want = new Float32Array(outer * inner), got = new Float32Array(outer * inner);
        jsBackend.reduce(op, x, outer, size, inner, want);
        b.reduce(op, x, outer, size, inner, got);
        assertClose(got, want, { atol: 2e-5, rtol: 1e-5 }, `${op} [${outer}, ${size}, ${inner}]`);
      }
    }
  });
});

test('wasm softmax and log-softmax and their gradients match js', () => {
  withWasm(1, (b) => {
    for (const [outer, size, inner] of [[1, 1, 1], [2, 3, 1], [5, 10, 1], [3, 37, 1], [4, 6, 3]]) {
      const x = randArray(outer * size * inner, size * 3 + outer, 20);
      const gy = randArray(x.length, 11);
      for (const log of [false, true]) {
        const want = new Float32Array(x.length), got = new Float32Array(x.length);
        jsBackend.softmax(x, outer, size, inner, want, log);
        b.softmax(x, outer, size, inner, got, log);
        assertClose(got, want, { atol: 1e-6, rtol: 1e-5 }, `softmax log=${log} [${outer}, ${size}, ${inner}]`);
        const gw = new Float32Array(x.length), gg = new Float32Array(x.length);
        jsBackend.softmaxGrad(want, gy, outer, size, inner, gw, log);
        b.softmaxGrad(want, gy, outer, size, inner, gg, log);
        assertClose(gg, gw, { atol: 1e-5, rtol: 1e-5 }, `softmaxGrad log=${log} [${outer}, ${size}, ${inner}]`);
      }
    }
  });
});
