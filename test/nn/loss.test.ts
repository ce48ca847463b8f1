import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nn from '../../src/nn/index.js';
import { tensor, ones, zeros, Tensor, ShapeError, DTypeError, IndexError, ValueError, manualSeed } from '../../src/core/index.js';
import { assertClose, expectError, forEachBackend, fromFixture, loadFixture, checkOp, leaf, type FixtureTensor } from '../helpers.js';

interface LossCase {
  name: string; input: FixtureTensor; target: FixtureTensor; output: FixtureTensor; grad: FixtureTensor; upstream?: FixtureTensor;
  opts: { loss: string; reduction: 'mean' | 'sum' | 'none' | 'batchmean'; delta?: number; beta?: number; weight?: FixtureTensor; posWeight?: FixtureTensor;
    ignoreIndex?: number; labelSmoothing?: number; logTarget?: boolean };
}
const fx = loadFixture<{ torch: string; cases: LossCase[] }>('torch/core/losses.json');

/** Builds our loss module from the options the fixture script passed to torch.nn.functional. */
function makeLoss(o: LossCase['opts']): { forward(a: Tensor, b: Tensor): Tensor } {
  const weight = o.weight ? fromFixture(o.weight) : undefined;
  const reduction = o.reduction as 'mean';
  switch (o.loss) {
    case 'MSELoss': return new nn.MSELoss({ reduction });
    case 'L1Loss': return new nn.L1Loss({ reduction });
    case 'HuberLoss': return new nn.HuberLoss({ reduction, delta: o.delta });
    case 'SmoothL1Loss': return new nn.SmoothL1Loss({ reduction, beta: o.beta });
    case 'BCELoss': return new nn.BCELoss({ reduction, weight });
    case 'BCEWithLogitsLoss': return new nn.BCEWithLogitsLoss({ reduction, weight, posWeight: o.posWeight ? fromFixture(o.posWeight) : undefined });
    case 'CrossEntropyLoss': return new nn.CrossEntropyLoss({ reduction, weight, ignoreIndex: o.ignoreIndex, labelSmoothing: o.labelSmoothing });
    case 'NLLLoss': return new nn.NLLLoss({ reduction, weight, ignoreIndex: o.ignoreIndex });
    case 'KLDivLoss': return new nn.KLDivLoss({ reduction: o.reduction, logTarget: o.logTarget });
    default: throw new Error(`unknown loss ${o.loss} in fixture`);
  }
}

test(`losses match PyTorch ${fx.torch}: outputs and input gradients for ${fx.cases.length} cases (1e-5 relative), every backend`, () => {
  assert.ok(fx.cases.length > 80);
  const kinds = new Set(fx.cases.map((c) => c.opts.loss));
  assert.deepEqual([...kinds].sort(), ['BCELoss', 'BCEWithLogitsLoss', 'CrossEntropyLoss', 'HuberLoss', 'KLDivLoss', 'L1Loss', 'MSELoss', 'NLLLoss', 'SmoothL1Loss']);
  forEachBackend((b) => {
    for (const c of fx.cases) {
      const x = fromFixture(c.input, true);
      const out = makeLoss(c.opts).forward(x, fromFixture(c.target));
      assertClose(out, fromFixture(c.output), { rtol: 1e-5, atol: 1e-6 }, `${b} ${c.name} output`);
      if (c.upstream) out.backward(fromFixture(c.upstream)); else out.backward();
      assertClose(x.grad!, fromFixture(c.grad), { rtol: 1e-5, atol: 1e-6 }, `${b} ${c.name} grad`);
    }
  });
});

test('losses pass gradcheck (random inputs away from kinks)', () => {
  manualSeed(17);
  const t = () => tensor([[0.3, -1.2, 2.0], [0.7, 0.1, -0.4]]);
  const y01 = () => tensor([[1, 0, 1], [0, 0.5, 1]]);
  checkOp('mse', (x) => new nn.MSELoss().forward(x, t()), () => [leaf([2, 3])]);
  checkOp('huber', (x) => new nn.HuberLoss({ delta: 0.8 }).forward(x, t()), () => [leaf([2, 3])]);
  checkOp('smoothL1 none', (x) => new nn.SmoothL1Loss({ reduction: 'none', beta: 0.5 }).forward(x, t()), () => [leaf([2, 3])]);
  checkOp('bce', (x) => new nn.BCELoss().forward(x, y01()), () => [leaf([2, 3], 0.1, 0.9)]);
  checkOp('bceWithLogits posWeight', (x) => new nn.BCEWithLogitsLoss({ posWeight: tensor([1, 2, 3]) }).forward(x, y01()), () => [leaf([2, 3])]);
  checkOp('crossEntropy smoothing', (x) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(x, tensor([2, 0], { dtype: 'int32' })), () => [leaf([2, 3])]);
  checkOp('crossEntropy probs', (x) => new nn.CrossEntropyLoss().forward(x, tensor([[0.2, 0.3, 0.5], [1, 0, 0]])), () => [leaf([2, 3])]);
  checkOp('klDiv batchmean', (x) => new nn.KLDivLoss({ reduction: 'batchmean' }).forward(x.logSoftmax(), tensor([[0.2, 0.3, 0.5], [1, 0, 0]])), () => [leaf([2, 3])]);
});

test('bceWithLogits gives sigmoid(x) - t at an exactly zero logit (zero-initialised models)', () => {
  const x = zeros([2], { requiresGrad: true });
  new nn.BCEWithLogitsLoss({ reduction: 'sum' }).forward(x, tensor([1, 0])).backward();
  assertClose(x.grad!, [-0.5, 0.5]);
});

test('loss input errors name the loss, the shapes or values, and the fix', () => {
  expectError(() => new nn.MSELoss().forward(ones([2, 3]), ones([3, 2])), ShapeError, 'mseLoss: input [2, 3] and target [3, 2] must have the same shape');
  expectError(() => new nn.BCELoss().forward(tensor([0.5, 1.5]), tensor([0, 1])), ValueError, 'bceLoss: input must hold probabilities in [0, 1], found 1.5', 'bceWithLogits');
  expectError(() => new nn.CrossEntropyLoss().forward(ones([4, 3]), tensor([0, 1, 2, 3], { dtype: 'int32' })), IndexError, 'target 3 at position 3 is out of range for 3 classes');
  expectError(() => new nn.CrossEntropyLoss().forward(ones([4, 3]), tensor([0, 1], { dtype: 'int32' })), ShapeError, 'input [4, 3] needs class-index targets of shape [4], got [2]');
  expectError(() => new nn.CrossEntropyLoss().forward(ones([4, 3]), ones([4, 2])), ShapeError, 'crossEntropy (probability targets): input [4, 3] and target [4, 2]');
  expectError(() => new nn.NLLLoss().forward(ones([4, 3]), tensor([0, 1, 2, 0])), DTypeError, 'nllLoss: target must hold int32 class indices, got float32', '.int()');
  expectError(() => new nn.NLLLoss({ weight: ones([2]) }).forward(ones([4, 3]), tensor([0, 1, 2, 0], { dtype: 'int32' })), ShapeError, 'nllLoss: weight must have shape [3]');
  expectError(() => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }).forward(ones([1, 3]), tensor([0], { dtype: 'int32' })), ValueError, 'labelSmoothing must be in [0, 1], got 1.5');
  expectError(() => new nn.MSELoss({ reduction: 'avg' as 'mean' }).forward(ones([2]), ones([2])), ValueError, "mseLoss: reduction must be 'mean', 'sum' or 'none', got 'avg'");
  expectError(() => new nn.SmoothL1Loss({ reduction: 'avg' as 'mean' }).forward(ones([2]), ones([2])), ValueError, "reduction must be 'mean', 'sum' or 'none', got 'avg'");
  expectError(() => new nn.KLDivLoss().forward(ones([2, 3]), ones([3])), ShapeError, 'klDiv: input [2, 3] and target [3]');
});
