import { test } from 'node:test';
import { jsBackend } from '../../src/backend/js/index.js';
import type { Conv2dGeometry } from '../../src/backend/backend.js';
import { assertClose } from '../helpers.js';
import { randArray, withWasm } from './wasm-fixtures.js';

function geometry(n: number, c: number, h: number, w: number, k: number, s: number, p: number, d: number): Conv2dGeometry {
  const oh = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1, ow = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
  return { n, c, h, w, kh: k, kw: k, sh: s, sw: s, ph: p, pw: p, dh: d, dw: d, oh, ow };
}

// 'same' 5x5 as in LeNet, strided, dilated, a kernel wider than the padded image edge, and a 1x1.
const GEOMS = [geometry(3, 2, 7, 6, 5, 1, 2, 1), geometry(2, 3, 9, 9, 3, 2, 1, 1), geometry(1, 2, 8, 7, 3, 1, 2, 2),
  geometry(2, 1, 3, 3, 3, 1, 0, 1), geometry(5, 4, 5, 5, 1, 1, 0, 1)];

for (const threads of [1, 2]) {
  test(`wasm im2col and col2im match js for padding, stride and dilation (${threads} thread(s))`, () => {
    withWasm(threads, (b) => {
      for (const g of GEOMS) {
        const x = randArray(g.n * g.c * g.h * g.w, g.h * 7 + g.c);
        const cl = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
        const want = new Float32Array(cl), got = new Float32Array(cl);
        jsBackend.im2col(x, g, want);
        b.im2col(x, g, got);
        assertClose(got, want, { atol: 0, rtol: 0 }, `im2col ${JSON.stringify(g)}`);
        const cols = randArray(cl, 17);
        const xw = new Float32Array(x.length), xg = new Float32Array(x.length).fill(9);
        jsBackend.col2im(cols, g, xw);
        b.col2im(cols, g, xg);
        assertClose(xg, xw, { atol: 1e-6, rtol: 1e-6 }, `col2im ${JSON.stringify(g)}`);
      }
    });
  });
}

test('wasm SGD step matches torch.optim.SGD semantics of the js kernel in every mode', () => {
  withWasm(1, (b) => {
    for (const n of [1, 7, 1030]) {
      for (const momentum of [0, 0.9]) {
        for (const nesterov of [false, true]) {
          for (const firstStep of [true, false]) {
            const args = { lr: 0.05, momentum, dampening: 0.1, nesterov: nesterov && momentum > 0, weightDecay: 0.01, firstStep, maximize: nesterov };
            const p0 = randArray(n, n), g = randArray(n, n + 1), buf0 = randArray(n, n + 2);
            const pw = Float32Array.from(p0), pg = Float32Array.from(p0), bw = Float32Array.from(buf0), bg = Float32Array.from(buf0);
            jsBackend.sgdStep(pw, g, bw, args);
            b.sgdStep(pg, g, bg, args);
            assertClose(pg, pw, { atol: 1e-6, rtol: 1e-6 }, `sgd p ${JSON.stringify(args)}`);
            assertClose(bg, bw, { atol: 1e-6, rtol: 1e-6 }, `sgd buf ${JSON.stringify(args)}`);
          }
        }
      }
    }
  });
});

test('wasm Adam/AdamW/AMSGrad step matches the js kernel', () => {
  withWasm(1, (b) => {
    for (const n of [1, 7, 1030]) {
      for (const [decoupled, amsgrad, weightDecay, step] of [[false, false, 0, 1], [true, false, 0.01, 3], [false, true, 0.01, 10], [true, true, 0, 1000]] as const) {
        const args = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, step, decoupled, amsgrad, maximize: false };
        const p0 = randArray(n, n), g = randArray(n, n + 1);
        const m0 = randArray(n, n + 2, 0.1), v0 = randArray(n, n + 3, 0.01).map(Math.abs), x0 = v0.map((v) => v * 1.5);
        const s = [p0, m0, v0, x0].map((a) => Float32Array.from(a));
        const t = [p0, m0, v0, x0].map((a) => Float32Array.from(a));
        jsBackend.adamStep(s[0], g, s[1], s[2], amsgrad ? s[3] : null, args);
        b.adamStep(t[0], g, t[1], t[2], amsgrad ? t[3] : null, args);
        ['p', 'm', 'v', 'vmax'].forEach((name, i) => assertClose(t[i], s[i], { atol: 1e-6, rtol: 1e-5 }, `adam ${name} ${JSON.stringify(args)}`));
      }
    }
  });
});

// Grouped and biased cases on top of the geometries above: [geometry, out channels, groups].
const CONVS: [Conv2dGeometry, number, number][] = [
  [GEOMS[0], 3, 1], [GEOMS[1], 6, 3], [GEOMS[2], 4, 2], [GEOMS[3], 2, 1], [GEOMS[4], 6, 2], [geometry(4, 1, 28, 28, 5, 1, 2, 1), 6, 1],
];

for (const threads of [1, 2, 3]) {
  test(`wasm conv2d forward, input and weight gradients match js, grouped and biased (${threads} thread(s))`, () => {
    withWasm(threads, (b) => {
      for (const [g, o, groups] of CONVS) {
        const wLen = o * (g.c / groups) * g.kh * g.kw, yLen = g.n * o * g.oh * g.ow, xLen = g.n * g.c * g.h * g.w;
        const x = randArray(xLen, 3 + o), wt = randArray(wLen, 5 + groups), bias = randArray(o, 7), gy = randArray(yLen, 11);
        const label = `${JSON.stringify(g)} o=${o} groups=${groups}`;
        for (const withBias of [false, true]) {
          const want = new Float32Array(yLen), got = new Float32Array(yLen).fill(5);
          jsBackend.conv2d(x, wt, withBias ? bias : null, g, o, groups, want);
          b.conv2d(x, wt, withBias ? bias : null, g, o, groups, got);
          assertClose(got, want, { atol: 1e-5, rtol: 1e-5 }, `conv2d bias=${withBias} ${label}`);
        }
        const gxWant = new Float32Array(xLen), gxGot = new Float32Array(xLen).fill(5);
        jsBackend.conv2dGradInput(gy, wt, g, o, groups, gxWant);
        b.conv2dGradInput(gy, wt, g, o, groups, gxGot);
        assertClose(gxGot, gxWant, { atol: 1e-5, rtol: 1e-5 }, `conv2dGradInput ${label}`);
        const gwWant = new Float32Array(wLen), gwGot = new Float32Array(wLen).fill(5);
        jsBackend.conv2dGradWeight(x, gy, g, o, groups, gwWant);
        b.conv2dGradWeight(x, gy, g, o, groups, gwGot);
        assertClose(gwGot, gwWant, { atol: 1e-4, rtol: 1e-5 }, `conv2dGradWeight ${label}`);
      }
    });
  });
}
