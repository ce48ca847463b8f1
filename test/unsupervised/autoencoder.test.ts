import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, rand, randn, manualSeed, Generator, Tensor, ValueError, ShapeError } from '../../src/core/index.js';
import { Autoencoder, DenoisingAutoencoder, ConvAutoencoder, corrupt, randomShift, affineJitter, gaussianNoise, ntXent, linearProbe } from '../../src/unsupervised/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose } from '../helpers.js';

function lowRankData(n: number, seed: number): Tensor {
  manualSeed(seed);
  return randn([n, 3]).matmul(randn([3, 20])).sigmoid();
}

test('a dense autoencoder learns to reconstruct data through its bottleneck', () => {
  const x = lowRankData(64, 1);
  const ae = new Autoencoder([20, 12, 3]);
  const opt = new optim.Adam(ae.parameters(), { lr: 1e-2 });
  const first = ae.trainingLoss(x).item();
  let last = first;
  for (let i = 0; i < 200; i++) { opt.zeroGrad(); const l = ae.trainingLoss(x); l.backward(); opt.step(); last = l.item(); }
  // BCE has a floor at the data's own entropy, so compare the excess over it.
  const entropy = -Array.from(x.data).reduce((s, p) => s + p * Math.log(p) + (1 - p) * Math.log(1 - p), 0) / 64;
  assert.ok(last - entropy < 0.25 * (first - entropy), `excess ${first - entropy} → ${last - entropy}`);
  assert.deepEqual([...ae.encode(x).shape], [64, 3]);
});

test('corruption: masking at level 1 zeroes everything, Gaussian noise stays in [0, 1]', () => {
  assert.deepEqual(corrupt(tensor([0.2, 0.9]), { kind: 'mask', level: 1 }).toArray(), [0, 0]);
  const n = corrupt(rand([100]), { kind: 'gaussian', level: 0.5, generator: new Generator(1) });
  assert.ok(n.data.every((v) => v >= 0 && v <= 1));
  assert.throws(() => new DenoisingAutoencoder([4, 2], { noise: { kind: 'mask', level: 2 } }), ValueError);
});

test('a denoising autoencoder is scored on the clean input and reconstructs it from a masked copy', () => {
  const x = lowRankData(64, 2);
  const dae = new DenoisingAutoencoder([20, 12, 3], { noise: { kind: 'mask', level: 0.3, generator: new Generator(2) } });
  const opt = new optim.Adam(dae.parameters(), { lr: 1e-2 });
  for (let i = 0; i < 200; i++) { opt.zeroGrad(); dae.trainingLoss(x).backward(); opt.step(); }
  dae.eval();
  const masked = corrupt(x, { kind: 'mask', level: 0.3, generator: new Generator(9) });
  const err = (a: Tensor) => a.sub(x).abs().mean().item();
  assert.ok(err(dae.forward(masked)) < 0.7 * err(masked), `denoised ${err(dae.forward(masked))} vs masked ${err(masked)}`);
});

test('the convolutional autoencoder maps 1×28×28 images to a 32×7×7 code and back', () => {
  manualSeed(3);
  const ae = new ConvAutoencoder([4, 8]);
  const x = rand([2, 1, 28, 28]);
  assert.deepEqual([...ae.encode(x).shape], [2, 8, 7, 7]);
  assert.deepEqual([...ae.forward(x).shape], [2, 1, 28, 28]);
  ae.trainingLoss(x).backward();
  assert.throws(() => ae.encode(rand([2, 1, 20, 20])), ShapeError);
});

test('augmentations: zero ranges are the identity, shifts move pixels, geometry is checked', () => {
  const x = rand([3, 1, 8, 8]);
  assertClose(randomShift(x, 0), x);
  assertClose(affineJitter(x, {}), x, { atol: 1e-6 });
  assertClose(gaussianNoise(x, 0), x);
  const dot = new Float32Array(64); dot[3 * 8 + 3] = 1;
  const moved = randomShift(new Tensor(dot, [1, 64]), 2, new Generator(4));
  assert.equal(Array.from(moved.data).reduce((a, b) => a + b, 0), 1, 'an interior dot survives a 2-pixel shift');
  assert.throws(() => randomShift(rand([2, 10]), 1), ShapeError);
});

test('NT-Xent on two orthogonal pairs: log(1 + 2/e) per anchor (hand-computed)', () => {
  const z = tensor([[1, 0], [0, 1]]);
  assertClose(ntXent(z, z.clone(), 1).item(), Math.log(1 + 2 / Math.E), { atol: 1e-5 });
  const swapped = ntXent(z, tensor([[0, 1], [1, 0]]), 1).item();
  assert.ok(swapped > Math.log(1 + 2 / Math.E), 'mismatched partners cost more');
  assert.throws(() => ntXent(z, tensor([[1, 0, 0], [0, 1, 0]])), ShapeError);
});

test('a linear probe separates linearly separable features', () => {
  const g = new Generator(5);
  const make = (n: number) => {
    const x = new Float32Array(n * 5), y = new Int32Array(n);
    for (let i = 0; i < n; i++) { y[i] = i % 3; for (let j = 0; j < 5; j++) x[i * 5 + j] = (j === y[i] ? 3 : 0) + g.normal(); }
    return [new Tensor(x, [n, 5]), new Tensor(y, [n])] as const;
  };
  const [xtr, ytr] = make(300), [xte, yte] = make(300);
  manualSeed(5);
  const r = linearProbe(xtr, ytr, xte, yte, { epochs: 30, lr: 1e-2, generator: g });
  assert.ok(r.testAccuracy > 0.9, `probe accuracy ${r.testAccuracy}`);
});
