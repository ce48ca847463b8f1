import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, rand, manualSeed, Generator, zeros, ShapeError, ValueError } from '../../src/core/index.js';
import { VAE, gaussianKl } from '../../src/unsupervised/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose } from '../helpers.js';

test('Gaussian KL to the prior: −½ Σ(1 + log σ² − μ² − σ²) (hand-computed)', () => {
  // μ = 1, σ² = 1 → ½; μ = 0, log σ² = 1 → −½(1 + 1 − e) = (e − 2)/2.
  assertClose(gaussianKl(tensor([[1, 0]]), tensor([[0, 1]])), [0.5 + (Math.E - 2) / 2], { atol: 1e-6 });
  assertClose(gaussianKl(zeros([3, 4]), zeros([3, 4])), [0, 0, 0]);
});

test('the negative ELBO equals reconstruction + KL, and gradients reach the encoder through the sample', () => {
  manualSeed(1);
  const vae = new VAE(16, 8, 2);
  const x = rand([5, 16]);
  const { loss, reconstruction, kl } = vae.elbo(x, new Generator(2));
  assertClose(loss.item(), reconstruction.item() + kl.item(), { atol: 1e-4 });
  assert.ok(kl.item() >= 0);
  loss.backward();
  for (const p of [vae.fcMu.weight, vae.fcLogvar.weight, vae.fc1.weight]) assert.ok(p.grad && p.grad.abs().sum().item() > 0);
});

test('training lowers the ELBO loss on a small binary data set', () => {
  manualSeed(3);
  const g = new Generator(3);
  const protos = [rand([1, 16]).gt(0.5).float(), rand([1, 16]).gt(0.5).float()];
  const x = protos[0].expand([32, 16]).clone().add(0);
  for (let i = 16; i < 32; i++) x.data.set(protos[1].data, i * 16);
  const vae = new VAE(16, 16, 2);
  const opt = new optim.Adam(vae.parameters(), { lr: 1e-2 });
  const first = vae.elbo(x, g).loss.item();
  let last = first;
  for (let i = 0; i < 150; i++) { opt.zeroGrad(); const l = vae.elbo(x, g).loss; l.backward(); opt.step(); last = l.item(); }
  assert.ok(last < 0.3 * first, `${first} → ${last}`);
});

test('sampling, interpolation and shape errors', () => {
  manualSeed(4);
  const vae = new VAE(16, 8, 3);
  assert.deepEqual([...vae.sample(7, new Generator(1)).shape], [7, 16]);
  const a = rand([16]), b = rand([16]);
  const path = vae.interpolate(a, b, 5);
  assert.deepEqual([...path.shape], [5, 16]);
  vae.eval();
  assertClose(path.narrow(0, 0, 1), vae.forward(a.reshape([1, 16])), { atol: 1e-6 }, 'the path starts at a');
  assertClose(path.narrow(0, 4, 1), vae.forward(b.reshape([1, 16])), { atol: 1e-6 }, 'and ends at b');
  assert.throws(() => vae.elbo(rand([2, 15])), ShapeError);
  assert.throws(() => vae.decode(rand([2, 4])), ShapeError);
  assert.throws(() => new VAE(16, 0, 2), ValueError);
});
