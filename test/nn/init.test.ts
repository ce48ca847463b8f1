import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nn from '../../src/nn/index.js';
import { zeros, manualSeed, Generator, ValueError, Tensor } from '../../src/core/index.js';
import { assertClose, expectError, loadFixture } from '../helpers.js';

interface InitCase { init: string; shape: number[]; opts: Record<string, number | string>; maxAbs: number; mean: number; std: number; biasMaxAbs?: number }
const fx = loadFixture<{ torch: string; cases: InitCase[]; gains: Record<string, number> }>('torch/core/init.json');

function run(c: InitCase, t: Tensor): Tensor {
  const o = c.opts as Record<string, never>;
  switch (c.init) {
    case 'uniform': return nn.init.uniform(t, o.a, o.b);
    case 'normal': return nn.init.normal(t, o.mean, o.std);
    case 'xavierUniform': return nn.init.xavierUniform(t, o.gain);
    case 'xavierNormal': return nn.init.xavierNormal(t, o.gain);
    case 'kaimingUniform': return nn.init.kaimingUniform(t, o);
    case 'kaimingNormal': return nn.init.kaimingNormal(t, o);
    default: throw new Error(`unknown init ${c.init}`);
  }
}
const stats = (d: ArrayLike<number>) => {
  let s = 0, s2 = 0, mx = 0;
  for (let i = 0; i < d.length; i++) { s += d[i]; s2 += d[i] * d[i]; mx = Math.max(mx, Math.abs(d[i])); }
  const mean = s / d.length;
  return { mean, std: Math.sqrt((s2 - d.length * mean * mean) / (d.length - 1)), maxAbs: mx };
};

test(`init functions match PyTorch ${fx.torch} statistically: std within 2%, uniform bounds within 0.5%, mean near 0 (60000+ draws)`, () => {
  manualSeed(2024);
  for (const c of fx.cases) {
    const what = `${c.init} ${JSON.stringify(c.shape)} ${JSON.stringify(c.opts)}`;
    let w: Tensor;
    let bias: Tensor | null = null;
    if (c.init === 'Linear') { const l = new nn.Linear(c.shape[1], c.shape[0]); w = l.weight; bias = l.bias; } else w = run(c, zeros(c.shape));
    const s = stats(w.data);
    assert.ok(Math.abs(s.std - c.std) / c.std < 0.02, `${what}: std ${s.std} vs torch ${c.std}`);
    assert.ok(Math.abs(s.mean - c.mean) < 0.02 * c.std + 1e-3, `${what}: mean ${s.mean} vs torch ${c.mean}`);
    if (/uniform|Linear/i.test(c.init)) {
      // Uniform: the sample max is within a hair of the bound, and never beyond it.
      assert.ok(s.maxAbs <= c.maxAbs * 1.005 && s.maxAbs >= c.maxAbs * 0.995, `${what}: max |w| ${s.maxAbs} vs torch ${c.maxAbs}`);
    }
    if (bias && c.biasMaxAbs !== undefined) assert.ok(stats(bias.data).maxAbs <= 1 / Math.sqrt(c.shape[1]), `${what}: bias bound`);
  }
});

test('calculateGain matches torch.nn.init.calculate_gain', () => {
  const our: Record<string, number> = {
    linear: nn.init.calculateGain('linear'), sigmoid: nn.init.calculateGain('sigmoid'), tanh: nn.init.calculateGain('tanh'),
    relu: nn.init.calculateGain('relu'), selu: nn.init.calculateGain('selu'), conv2d: nn.init.calculateGain('conv2d'),
    'leaky_relu 0.2': nn.init.calculateGain('leaky_relu', 0.2), leaky_relu: nn.init.calculateGain('leaky_relu'),
  };
  for (const [k, v] of Object.entries(fx.gains)) assertClose(our[k], v, { rtol: 1e-12, atol: 0 }, `gain ${k}`);
  expectError(() => nn.init.calculateGain('swish' as 'relu'), ValueError, "calculateGain: unknown nonlinearity 'swish'");
});

test('fans: dims 1 and 0 times the receptive field', () => {
  assert.deepEqual(nn.init.fans(zeros([8, 3, 5, 5])), [75, 200]);
  assert.deepEqual(nn.init.fans(zeros([4, 6])), [6, 4]);
  expectError(() => nn.init.fans(zeros([5])), ValueError, 'init: fan in and fan out need a tensor with at least 2 dims, got shape [5]');
});

test('orthogonal gives orthonormal rows (wide) or columns (tall), scaled by gain', () => {
  for (const [shape, gain] of [[[3, 7], 1], [[7, 3], 2], [[4, 2, 3], 1]] as [number[], number][]) {
    const t = nn.init.orthogonal(zeros(shape), gain);
    const rows = shape[0], cols = t.numel() / rows;
    const m = t.reshape(rows, cols);
    const g = rows <= cols ? m.matmul(m.T) : m.T.matmul(m);
    const n = Math.min(rows, cols);
    const eye = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? gain * gain : 0));
    assertClose(g, eye, { atol: 1e-5, rtol: 1e-5 }, `orthogonal ${JSON.stringify(shape)}`);
  }
  expectError(() => nn.init.orthogonal(zeros([3])), ValueError, 'orthogonal: needs at least 2 dims');
});

test('constant / zeros / ones fill in place; explicit generators make init reproducible', () => {
  const t = zeros([2, 2]);
  assert.equal(nn.init.ones(t), t);
  assert.deepEqual(t.toArray(), [[1, 1], [1, 1]]);
  assert.deepEqual(nn.init.constant(t, 0.5).toFlatArray(), [0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual(nn.init.zeros(t).toFlatArray(), [0, 0, 0, 0]);
  const a = nn.init.kaimingNormal(zeros([5, 5]), { generator: new Generator(1) });
  const b = nn.init.kaimingNormal(zeros([5, 5]), { generator: new Generator(1) });
  assert.deepEqual(a.toFlatArray(), b.toFlatArray());
  manualSeed(4); const l1 = new nn.Linear(3, 2);
  manualSeed(4); const l2 = new nn.Linear(3, 2);
  assert.deepEqual(l1.weight.toFlatArray(), l2.weight.toFlatArray());
});
