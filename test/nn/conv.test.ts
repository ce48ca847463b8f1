import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { randn, manualSeed, ones } from '../../src/core/index.js';
import { maxPool1d, maxPool2d, avgPool2d, adaptiveAvgPool2d } from '../../src/core/ops/pool.js';
import { conv2d, convTranspose2d } from '../../src/core/ops/conv.js';
import * as nn from '../../src/nn/index.js';
import { Module } from '../../src/nn/module.js';
import { checkOp } from '../helpers.js';
import { checkAgainstTorch, torchCase, fresh, assertTorchClose } from './torch-fixtures.js';

/** Wraps a stateless function as a module so the PyTorch comparison helper can drive it. */
class Fn extends Module {
  constructor(readonly f: (x: Tensor) => Tensor) { super(); }
  forward(x: Tensor): Tensor { return this.f(x); }
}

test('Conv2d with stride and padding matches PyTorch (values, input and weight gradients)', () => {
  checkAgainstTorch('conv2d', () => new nn.Conv2d(3, 4, 3, { stride: 2, padding: 1 }), ['x'], (m, i) => ({ y: (m as nn.Conv2d).forward(i.x) }));
});

test('Conv2d with dilation and groups matches PyTorch', () => {
  checkAgainstTorch('conv2d_groups', () => new nn.Conv2d(4, 6, 3, { padding: 2, dilation: 2, groups: 2 }), ['x'], (m, i) => ({ y: (m as nn.Conv2d).forward(i.x) }));
});

test("Conv2d padding 'same' with an even kernel pads like PyTorch (extra row after)", () => {
  checkAgainstTorch('conv2d_same', () => new nn.Conv2d(2, 3, [4, 3], { padding: 'same', bias: false }), ['x'], (m, i) => ({ y: (m as nn.Conv2d).forward(i.x) }));
});

test('Conv1d matches PyTorch', () => {
  checkAgainstTorch('conv1d', () => new nn.Conv1d(3, 5, 3, { stride: 2, padding: 1 }), ['x'], (m, i) => ({ y: (m as nn.Conv1d).forward(i.x) }));
});

test('ConvTranspose2d with groups and outputPadding matches PyTorch', () => {
  checkAgainstTorch('conv_transpose2d', () => new nn.ConvTranspose2d(4, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }), ['x'],
    (m, i) => ({ y: (m as nn.ConvTranspose2d).forward(i.x) }));
});

test('conv2d and convTranspose2d pass finite-difference gradient checks on every backend', () => {
  manualSeed(3);
  checkOp('conv2d', (x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }),
    () => [randn([2, 2, 5, 6], { requiresGrad: true }), randn([3, 2, 2, 2], { requiresGrad: true }), randn([3], { requiresGrad: true })]);
  checkOp('convTranspose2d', (x, w) => convTranspose2d(x, w, null, { stride: 2, dilation: 2 }),
    () => [randn([1, 2, 3, 3], { requiresGrad: true }), randn([2, 3, 2, 2], { requiresGrad: true })]);
});

test('MaxPool2d values, indices and gradient match PyTorch', () => {
  checkAgainstTorch('maxpool2d', () => new Fn((x) => x), ['x'], (_m, i) => {
    const [y, idx] = maxPool2d(i.x, 3, { stride: 2, padding: 1 });
    assert.deepEqual(Array.from(idx.data), Array.from(torchCase('maxpool2d').get('out.idx').data));
    return { y };
  });
  checkAgainstTorch('maxpool2d_ceil', () => new Fn((x) => x), ['x'], (_m, i) => ({ y: new nn.MaxPool2d(2, { ceilMode: true }).forward(i.x) }));
});

test('MaxPool1d values and indices match PyTorch', () => {
  checkAgainstTorch('maxpool1d', () => new Fn((x) => x), ['x'], (_m, i) => {
    const [y, idx] = new nn.MaxPool1d(3, { stride: 2 }).forwardWithIndices(i.x);
    assert.deepEqual(Array.from(idx.data), Array.from(torchCase('maxpool1d').get('out.idx').data));
    return { y };
  });
});

test('AvgPool2d (padding counted or not, ceil mode) matches PyTorch', () => {
  checkAgainstTorch('avgpool2d', () => new Fn((x) => x), ['x'], (_m, i) => ({
    y: avgPool2d(i.x, 3, { stride: 2, padding: 1 }),
    y_excl: avgPool2d(i.x, 3, { stride: 2, padding: 1, countIncludePad: false }),
    y_ceil: avgPool2d(i.x, 2, { ceilMode: true }),
  }));
});

test('AdaptiveAvgPool2d with uneven windows matches PyTorch', () => {
  checkAgainstTorch('adaptive_avgpool2d', () => new Fn((x) => x), ['x'], (_m, i) => ({ y: new nn.AdaptiveAvgPool2d([3, 2]).forward(i.x) }));
});

test('pooling ops pass finite-difference checks; global adaptive pooling is the mean', () => {
  manualSeed(4);
  checkOp('maxPool2d', (x) => maxPool2d(x, 2)[0], () => [randn([1, 2, 4, 4], { requiresGrad: true })]);
  checkOp('maxPool1d', (x) => maxPool1d(x, 2, { padding: 1 })[0], () => [randn([2, 2, 5], { requiresGrad: true })]);
  checkOp('avgPool2d', (x) => avgPool2d(x, [2, 3], { stride: 1, padding: 1, countIncludePad: false }), () => [randn([1, 2, 4, 5], { requiresGrad: true })]);
  const x = randn([2, 3, 5, 5]);
  assertTorchClose(adaptiveAvgPool2d(x, 1).reshape([2, 3]), x.mean([2, 3]), 'global pooling');
  assert.deepEqual(avgPool2d(ones([1, 1, 4, 4]), 2).toArray(), [[[[1, 1], [1, 1]]]]);
});

test('Dropout2d zeroes whole channels and scales the others, identity in eval', () => {
  manualSeed(5);
  const d = new nn.Dropout2d(0.5);
  const y = d.forward(ones([4, 8, 3, 3]));
  for (let p = 0; p < 32; p++) {
    const plane = Array.from(y.data.subarray(p * 9, (p + 1) * 9));
    assert.ok(plane.every((v) => v === 0) || plane.every((v) => v === 2), `plane ${p}: ${plane}`);
  }
  const zeroed = Array.from({ length: 32 }, (_, p) => y.data[p * 9] === 0).filter(Boolean).length;
  assert.ok(zeroed > 4 && zeroed < 28, `about half the channels dropped, got ${zeroed}/32`);
  d.eval();
  assert.deepEqual(d.forward(ones([1, 2, 1, 1])).toArray(), [[[[1]], [[1]]]]);
  void fresh;
});

/** PyTorch's CPU max-pool rule written out plainly: start at the first in-bounds index, take larger values and every NaN. */
function naiveMaxPool(x: Float32Array, c: number, h: number, w: number, k: number, s: number, p: number): { v: number[]; i: number[] } {
  const oh = Math.floor((h + 2 * p - k) / s) + 1, ow = Math.floor((w + 2 * p - k) / s) + 1;
  const v: number[] = [], i: number[] = [];
  for (let ch = 0; ch < c; ch++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    let y0 = oy * s - p, x0 = ox * s - p;
    const y1 = Math.min(y0 + k, h), x1 = Math.min(x0 + k, w);
    y0 = Math.max(y0, 0); x0 = Math.max(x0, 0);
    let best = -Infinity, at = y0 * w + x0;
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) {
      const val = x[ch * h * w + yy * w + xx];
      if (val > best || Number.isNaN(val)) { best = val; at = yy * w + xx; }
    }
    v.push(best); i.push(at);
  }
  return { v, i };
}

test('maxPool2d ties, -Infinity and NaN windows follow PyTorch on the 2x2 fast path and the general path', () => {
  // Ties (first wins), an all -Infinity window (first position), one NaN and two NaNs in different rows (last NaN wins).
  const plane = [1, 1, -Infinity, -Infinity, 0, 2, NaN, 5, 3, 3, -Infinity, -Infinity, 2, NaN, 1, NaN, 7, 7, 7, 7, 0, 0, 0, 0, 4, 4, NaN, 1, 9, 8, NaN, 9, 9];
  const h = 4, w = 8, c = 1;
  const x = Float32Array.from(plane.slice(0, h * w));
  for (const [k, s, p] of [[2, 2, 0], [2, 1, 0], [2, 2, 1], [3, 2, 1], [3, 3, 0]]) {
    const [y, idx] = maxPool2d(new Tensor(x, [1, c, h, w]), k, { stride: s, padding: p });
    const want = naiveMaxPool(x, c, h, w, k, s, p);
    assert.deepEqual(Array.from(y.data), want.v, `values k=${k} s=${s} p=${p}`);
    assert.deepEqual(Array.from(idx.data), want.i, `indices k=${k} s=${s} p=${p}`);
  }
});
