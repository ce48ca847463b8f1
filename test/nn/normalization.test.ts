import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, manualSeed, tensor, ShapeError } from '../../src/core/index.js';
import { normalizeRows, layerNorm } from '../../src/core/ops/normalization.js';
import * as nn from '../../src/nn/index.js';
import { checkOp, expectError } from '../helpers.js';
import { checkAgainstTorch, torchCase, assertTorchClose } from './torch-fixtures.js';

test('BatchNorm2d: training output, running statistics (momentum 0.2) and eval output match PyTorch', () => {
  const c = torchCase('batchnorm2d');
  checkAgainstTorch('batchnorm2d', () => new nn.BatchNorm2d(3, { momentum: 0.2 }), ['x'], (m, i) => {
    const bn = m as nn.BatchNorm2d;
    const y = bn.forward(i.x);
    assertTorchClose(bn.running_mean!, c.get('out.running_mean'), 'running_mean');
    assertTorchClose(bn.running_var!, c.get('out.running_var'), 'running_var (unbiased)');
    assert.equal(bn.num_batches_tracked!.item(), 1);
    bn.eval();
    return { y, y_eval: bn.forward(i.x) };
  });
});

test('BatchNorm1d over [N, C, L] matches PyTorch', () => {
  checkAgainstTorch('batchnorm1d', () => new nn.BatchNorm1d(5), ['x'], (m, i) => ({ y: (m as nn.BatchNorm1d).forward(i.x) }));
});

test('BatchNorm state dict has PyTorch keys, and momentum null is a cumulative average', () => {
  const bn = new nn.BatchNorm1d(2, { momentum: null });
  assert.deepEqual(Object.keys(bn.stateDict()), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  bn.forward(tensor([[1, 0], [3, 0]]));
  bn.forward(tensor([[5, 0], [7, 0]]));
  assert.deepEqual(Array.from(bn.running_mean!.data), [4, 0]);
});

test('LayerNorm over two trailing dims matches PyTorch', () => {
  checkAgainstTorch('layernorm', () => new nn.LayerNorm([3, 8]), ['x'], (m, i) => ({ y: (m as nn.LayerNorm).forward(i.x) }));
});

test('GroupNorm matches PyTorch', () => {
  checkAgainstTorch('groupnorm', () => new nn.GroupNorm(2, 6), ['x'], (m, i) => ({ y: (m as nn.GroupNorm).forward(i.x) }));
});

test('the fused normalisation op passes finite-difference checks on every backend', () => {
  manualSeed(6);
  checkOp('normalizeRows', (x) => normalizeRows(x, 5, 1e-5), () => [randn([3, 5], { requiresGrad: true })]);
});

test('Embedding lookup matches PyTorch and the padding row gets no gradient', () => {
  const c = torchCase('embedding');
  const emb = new nn.Embedding(10, 4, { paddingIdx: 0 });
  emb.loadStateDict(c.weights);
  const y = emb.forward(c.get('in.idx'));
  assertTorchClose(y, c.get('out.y'), 'embedding');
  y.mul(c.get('in.r.y')).sum().backward();
  assertTorchClose(emb.weight.grad!, c.get('grad.w.weight'), 'embedding weight grad');
  assert.ok(emb.weight.grad!.data.subarray(0, 4).every((v) => v === 0));
  assert.ok(new nn.Embedding(5, 3, { paddingIdx: -1 }).weight.data.subarray(12).every((v) => v === 0), 'padding row initialised to zero');
});

test('layerNorm with weight and/or bias (one fused affine op) passes finite-difference checks on every backend', () => {
  manualSeed(21);
  const make = (w: boolean, b: boolean) => () => [randn([3, 2, 4], { requiresGrad: true }), ...(w ? [randn([2, 4], { requiresGrad: true })] : []), ...(b ? [randn([2, 4], { requiresGrad: true })] : [])];
  checkOp('layerNorm affine', (x, w, b) => layerNorm(x, [2, 4], w, b), make(true, true));
  checkOp('layerNorm weight only', (x, w) => layerNorm(x, [2, 4], w, null), make(true, false));
  checkOp('layerNorm bias only', (x, b) => layerNorm(x, [2, 4], null, b), make(false, true));
  expectError(() => layerNorm(randn([3, 4]), [4], randn([5])), ShapeError, 'weight must have shape [4]', '[5]');
});
