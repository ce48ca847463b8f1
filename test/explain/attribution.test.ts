import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, rand, Generator, manualSeed, Tensor, ShapeError, IndexError } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import * as ex from '../../src/explain/index.js';
import { assertClose } from '../helpers.js';

function linearModel(): nn.Linear {
  manualSeed(0);
  return new nn.Linear(6, 3);
}
function mlp(): nn.Sequential {
  manualSeed(1);
  return new nn.Sequential(new nn.Linear(6, 16), new nn.Tanh(), new nn.Linear(16, 3));
}
const x = randn([4, 6], { generator: new Generator(2) });

test('saliency of a linear model is the weight row of the target class', () => {
  const m = linearModel();
  const s = ex.saliency(m, x, [0, 1, 2, 1]);
  [0, 1, 2, 1].forEach((c, b) => assertClose(s.data.subarray(b * 6, b * 6 + 6), m.weight.data.subarray(c * 6, c * 6 + 6), {}, `row ${b}`));
  assert.ok(Array.from(ex.saliency(m, x, 0, { absolute: true }).data).every((v) => v >= 0));
});

test('gradient × input of a linear model sums to the score minus the bias', () => {
  const m = linearModel();
  const a = ex.gradientTimesInput(m, x, 2);
  const out = m.forward(x);
  for (let b = 0; b < 4; b++) {
    let s = 0; for (let i = 0; i < 6; i++) s += a.data[b * 6 + i];
    assertClose(s, out.data[b * 3 + 2] - m.bias!.data[2], { atol: 1e-5 });
  }
});

test('targets out of range and baselines of the wrong shape are named in the error', () => {
  const m = mlp();
  assert.throws(() => ex.saliency(m, x, 3), (e: Error) => e instanceof IndexError && /target class 3/.test(e.message) && /0\.\.2/.test(e.message));
  assert.throws(() => ex.saliency(m, x, [0, 1]), ShapeError);
  assert.throws(() => ex.integratedGradients(m, x, 0, { baseline: randn([5]) }), (e: Error) => e instanceof ShapeError && /\[5\]/.test(e.message) && /\[4, 6\]/.test(e.message));
});

test('Gauss–Legendre quadrature integrates degree 2n−1 polynomials exactly; every rule sums to one', () => {
  const { alphas, weights } = ex.quadrature('gauss-legendre', 3);
  assertClose(alphas.reduce((s, a, i) => s + weights[i] * a ** 5, 0), 1 / 6, { atol: 1e-12 });
  for (const rule of ['riemann-left', 'riemann-right', 'riemann-middle', 'riemann-trapezoid', 'gauss-legendre'] as const) {
    assertClose(ex.quadrature(rule, 7).weights.reduce((a, b) => a + b, 0), 1, { atol: 1e-12 }, rule);
  }
});

test('Integrated Gradients is complete: attributions sum to F(x) − F(baseline)', () => {
  const m = mlp();
  const base = rand([6], { generator: new Generator(3) });
  for (const rule of ['gauss-legendre', 'riemann-trapezoid', 'riemann-middle'] as const) {
    const r = ex.integratedGradients(m, x, [0, 1, 2, 0], { baseline: base, steps: 50, rule });
    r.relativeDelta.forEach((d, b) => assert.ok(d < (rule === 'gauss-legendre' ? 1e-3 : 0.05), `${rule} example ${b}: relative delta ${d}`));
  }
  // For a linear model IG is exactly (x − x')·w.
  const lin = linearModel();
  const r = ex.integratedGradients(lin, x, 1, { steps: 4 });
  for (let b = 0; b < 4; b++) for (let i = 0; i < 6; i++) assertClose(r.attributions.data[b * 6 + i], x.data[b * 6 + i] * lin.weight.data[6 + i], { atol: 1e-5 });
});

test('SmoothGrad: no noise gives the plain gradient; VarGrad of a linear model is zero', () => {
  const m = mlp();
  assertClose(ex.smoothGrad(m, x, 1, { samples: 3, noiseLevel: 0 }), ex.saliency(m, x, 1), { atol: 1e-6 });
  const lin = linearModel();
  const v = ex.smoothGrad(lin, x, 1, { samples: 5, variant: 'vargrad', generator: new Generator(1) });
  assert.ok(Array.from(v.data).every((a) => Math.abs(a) < 1e-9));
  const sg = ex.smoothGrad(m, x, 1, { samples: 8, generator: new Generator(4) });
  const sq = ex.smoothGrad(m, x, 1, { samples: 8, variant: 'squared', generator: new Generator(4) });
  for (let i = 0; i < sg.data.length; i++) assert.ok(sq.data[i] >= sg.data[i] ** 2 - 1e-9, 'E[g²] ≥ E[g]²');
});

test('occlusion with a one-pixel window measures w·x for a linear model', () => {
  manualSeed(5);
  const lin = new nn.Sequential(new nn.Flatten(), new nn.Linear(16, 2));
  const img = rand([2, 1, 4, 4], { generator: new Generator(6) });
  const o = ex.occlusion(lin, img, 1, { window: 1, stride: 1 });
  const w = (lin.at(1) as nn.Linear).weight;
  for (let b = 0; b < 2; b++) for (let i = 0; i < 16; i++) assertClose(o.data[b * 16 + i], img.data[b * 16 + i] * w.data[16 + i], { atol: 1e-5 });
});

test('Grad-CAM on a conv → global-average-pool → linear net equals CAM (Selvaraju et al. 2017, sec. 3.1)', () => {
  manualSeed(7);
  const conv = new nn.Conv2d(1, 3, 3, { padding: 1 });
  const fc = new nn.Linear(3, 2);
  const net = new nn.Sequential(conv, new nn.ReLU(), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), fc);
  const relu = net.at(1);
  const img = rand([1, 1, 6, 6], { generator: new Generator(8) });
  const { coarse, maps } = ex.gradCam(net, relu, img, 1);
  const acts = relu.forward(conv.forward(img));
  // CAM: Σ_k w_k^c A_k (rectified); Grad-CAM's α_k = w_k^c / (h·w) here, so the maps agree up to 1/36.
  for (let i = 0; i < 36; i++) {
    let cam = 0;
    for (let k = 0; k < 3; k++) cam += fc.weight.data[3 + k] * acts.data[k * 36 + i];
    assertClose(coarse.data[i], Math.max(0, cam) / 36, { atol: 1e-6 });
  }
  assert.deepEqual([...maps.shape], [1, 6, 6]);
  assert.throws(() => ex.gradCam(net, new nn.ReLU(), img, 1), /not a submodule/);
});
