import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, arange, noGrad, gradcheck, ShapeError, GradError } from '../../src/core/index.js';
import { checkOp } from '../helpers.js';

test('backward accumulates d(sum x²)/dx = 2x', () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[2, 4], [6, 8]]);
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[4, 8], [12, 16]]);
});

test('backward on a non-scalar without a gradient names the shape', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => x.mul(2).backward(), (e: Error) => e instanceof GradError && /shape \[2\]/.test(e.message));
});

test('matmul shape mismatch names both shapes and the inner sizes', () => {
  assert.throws(() => randn([64, 784]).matmul(randn([785, 256])),
    (e: Error) => e instanceof ShapeError && e.message === 'matmul: cannot multiply [64, 784] by [785, 256]: inner sizes 784 and 785 differ');
});

test('noGrad stops recording', () => {
  const x = randn([3], { requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
});

test('manualSeed makes randn reproducible', () => {
  manualSeed(42); const a = randn([5]).toFlatArray();
  manualSeed(42); const b = randn([5]).toFlatArray();
  assert.deepEqual(a, b);
});

test('slicing with steps', () => {
  assert.deepEqual(arange(10).slice([2, 8, 2]).toArray(), [2, 4, 6]);
});

test('matmul with broadcasting batch dims: values, gradients, backends', () => {
  manualSeed(1);
  checkOp('matmul', (a, b) => a.matmul(b), () => [randn([2, 1, 3, 4], { requiresGrad: true }), randn([3, 4, 5], { requiresGrad: true })]);
});

test('gradcheck catches a wrong gradient', () => {
  const x = randn([3], { requiresGrad: true });
  assert.equal(gradcheck((t) => t.mul(t), [x]), true);
});
