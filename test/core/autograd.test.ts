import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, ones, zeros, noGrad, enableGrad, isGradEnabled, detectAnomaly, AnomalyError, GradError, ShapeError, DTypeError, Tensor, fromOp, gradcheck,
} from '../../src/core/index.js';
import { assertClose, expectError, checkOp } from '../helpers.js';

test('gradients accumulate across backward calls until cleared', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  x.mul(3).sum().backward();
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3 + 2, 3 + 4, 3 + 6]);
  x.grad = null;
  x.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [1, 1, 1]);
});

test('a tensor used on several paths receives the sum of their gradients (diamond graph)', () => {
  const x = tensor([2, -1], { requiresGrad: true });
  const a = x.mul(x), b = x.mul(3);
  a.add(b).add(a.mul(b)).sum().backward(); // d/dx [x² + 3x + 3x³] = 2x + 3 + 9x²
  assert.deepEqual(x.grad!.toArray(), [4 + 3 + 36, -2 + 3 + 9]);
});

test('leaf gradients are private copies: changing one in place never changes another', () => {
  const a = tensor([1, 2], { requiresGrad: true }), b = tensor([3, 4], { requiresGrad: true });
  a.add(b).sum().backward();
  assert.notEqual(a.grad!.data, b.grad!.data);
  a.grad!.data[0] = 100;
  assert.deepEqual(b.grad!.toArray(), [1, 1]);
  const c = tensor([[1, 2]], { requiresGrad: true });
  const g = tensor([[5, 6]]);
  c.reshape(2).reshape(1, 2).backward(g);
  assert.notEqual(c.grad!.data, g.data, 'the gradient passed to backward must not become a leaf grad by reference');
  c.grad!.data[0] = 0;
  assert.deepEqual(g.toArray(), [[5, 6]]);
});

test('backward on a non-scalar needs a gradient of the same shape', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  expectError(() => x.mul(2).backward(), GradError, 'backward: gradient can be implied only for a scalar output', 'shape [2]', '.sum()');
  expectError(() => x.mul(2).backward(ones([3])), ShapeError, 'backward: gradient has shape [3] but the tensor has shape [2]');
  x.mul(2).backward(tensor([1, 10]));
  assert.deepEqual(x.grad!.toArray(), [2, 20]);
});

test('backward on a tensor outside any graph says how to get one', () => {
  expectError(() => ones([1]).backward(), GradError, 'does not require grad', 'requiresGrad', 'noGrad');
});

test('backward twice through the same graph fails unless retainGraph was set', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward();
  expectError(() => y.backward(), GradError, "the graph through 'sum' was already freed", 'retainGraph: true');
  const z = x.exp().sum();
  x.grad = null;
  z.backward({ retainGraph: true });
  z.backward();
  assertClose(x.grad!, [2 * Math.E, 2 * Math.E ** 2]);
});

test('noGrad stops recording; enableGrad turns it back on inside; both restore the previous mode, also on throw', () => {
  const x = tensor([1], { requiresGrad: true });
  const y = noGrad(() => {
    assert.equal(isGradEnabled(), false);
    const inner = enableGrad(() => x.mul(2));
    assert.equal(inner.requiresGrad, true);
    return x.mul(2);
  });
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(isGradEnabled(), true);
  assert.throws(() => noGrad(() => { throw new Error('boom'); }));
  assert.equal(isGradEnabled(), true);
});

test('retainGrad keeps the gradient of an intermediate tensor; others stay null', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3).retainGrad();
  const k = h.mul(2);
  k.sum().backward();
  assert.deepEqual(h.grad!.toArray(), [2, 2]);
  assert.equal(k.grad, null);
  assert.equal(h.isLeaf, false);
  assert.equal(x.isLeaf, true);
  assert.equal(h.gradFn!.op, 'mul');
});

test('detach shares storage but cuts the graph', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const d = x.mul(2).detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.gradFn, null);
  const y = x.mul(d).sum(); // d is a constant here
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [2, 4]);
  const e = x.detach();
  e.data[0] = 7;
  assert.equal(x.data[0], 7);
});

test('requiresGrad rules: only float32, never switched off on a non-leaf', () => {
  expectError(() => tensor([1], { dtype: 'int32', requiresGrad: true }), DTypeError, 'only float32 tensors can require gradients', 'int32', '.float()');
  const y = tensor([1], { requiresGrad: true }).mul(2);
  expectError(() => { y.requiresGrad = false; }, GradError, 'non-leaf', '.detach()');
  const m = tensor([1, 0], { requiresGrad: true }).gt(0);
  assert.equal(m.requiresGrad, false, 'comparisons are not differentiable');
});

test('a deep chain of 20000 ops backpropagates without overflowing the stack', () => {
  const x = tensor([1], { requiresGrad: true });
  let y: Tensor = x;
  for (let i = 0; i < 20000; i++) y = y.mul(1);
  y.sum().backward();
  assert.equal(x.grad!.item(), 1);
});

test('anomaly mode names the op that produced NaN in the forward pass', () => {
  detectAnomaly(true);
  try {
    const x = tensor([1, -1], { requiresGrad: true });
    expectError(() => x.log(), AnomalyError, "anomaly: log produced NaN in its output", 'flat index 1', "check the inputs of 'log'");
    expectError(() => x.div(zeros([2])), AnomalyError, 'div produced Infinity');
  } finally { detectAnomaly(false); }
  assert.ok(Number.isNaN(tensor([-1]).log().item()), 'without anomaly mode NaN passes silently');
});

test('anomaly mode names the op whose backward produced a non-finite gradient', () => {
  detectAnomaly(true);
  try {
    const x = tensor([0, 4], { requiresGrad: true });
    const y = x.sqrt().sum(); // forward is finite; d sqrt/dx at 0 is Infinity
    const err = expectError(() => y.backward(), AnomalyError, 'sqrt produced Infinity in its gradient');
    assert.ok(err instanceof GradError);
  } finally { detectAnomaly(false); }
});

test('gradients keep the leaf shape through broadcasting (sum back over broadcast dims)', () => {
  const b = tensor([1, 2, 3], { requiresGrad: true });
  const s = tensor(2, { requiresGrad: true });
  ones([4, 3]).mul(b).mul(s).sum().backward();
  assert.deepEqual(b.grad!.toArray(), [8, 8, 8]);
  assert.deepEqual(s.grad!.shape, []);
  assert.equal(s.grad!.item(), 24);
});

test('gradcheck and checkOp reject an op whose backward is wrong, naming the input and element', () => {
  // y = x² with a backward that forgets the factor 2.
  const badSquare = (x: Tensor) => fromOp('badSquare', x.data.map((v) => v * v) as Float32Array, x.shape, [x], (g) => [g.mul(x)]);
  const x = tensor([0.5, -1.5, 2], { requiresGrad: true });
  expectError(() => gradcheck(badSquare, [x]), GradError, 'gradcheck: input 0, element 0: autograd gives', 'finite differences give');
  assert.equal(gradcheck(badSquare, [x], { raiseException: false }), false);
  assert.equal(gradcheck((t) => t.mul(t), [x]), true);
  assert.throws(() => checkOp('badSquare', badSquare, () => [tensor([1, 2], { requiresGrad: true })]), GradError);
});

test('gradients summed in place over many uses stay exact and never leak into retained or aliased gradients', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(2).retainGrad();
  // y feeds four consumers (the sum of contributions is built in place after the first one),
  // and one of them passes its gradient storage straight through a reshape.
  const z = y.reshape([3, 1]).retainGrad();
  const loss = y.sum().add(y.mul(y).sum()).add(y.mul(3).sum()).add(z.mul(tensor([[1], [1], [1]])).sum());
  loss.backward();
  // d/dy = 1 + 2y + 3 + 1 with y = [2, 4, 6]
  assert.deepEqual(Array.from(y.grad!.data), [9, 13, 17]);
  assert.deepEqual(Array.from(z.grad!.data), [1, 1, 1]);
  assert.deepEqual(Array.from(x.grad!.data), [18, 26, 34]);
});
