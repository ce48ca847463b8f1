import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { stack } from '../../src/core/index.js';
import { Linear, Flatten } from '../../src/nn/linear.js';
import { Conv2d } from '../../src/nn/conv.js';
import { MaxPool2d } from '../../src/nn/pooling.js';
import { crossEntropy } from '../../src/nn/functional/loss.js';
import { Leaky, SpikingSequential, surrogateByName, type LeakyOptions } from '../../src/neuro/surrogate/index.js';
import { torchCase, fresh, assertTorchClose } from '../nn/torch-fixtures.js';
import { forEachBackend } from '../helpers.js';

/**
 * Surrogate-gradient networks against PyTorch with snnTorch's Leaky written out
 * (scripts/fixtures/make_torch_fixtures_snn.py): output spikes and membranes at every step, the
 * summed membrane cross-entropy of snnTorch tutorial 5, and the gradients of every weight, every
 * learnable β and the input currents.
 */
function check(name: string, make: () => SpikingSequential): void {
  const c = torchCase(`snn_${name}`);
  forEachBackend((backend) => {
    const net = make();
    net.loadStateDict(c.weights);
    const x = fresh(c.get('in.x'), true), y = c.get('in.y');
    const rec = net.run(x);
    const spk = stack(rec.spikes, 1), mem = stack(rec.mems, 1);
    assert.deepEqual(Array.from(spk.data), Array.from(c.get('out.spk').data), `${name} on ${backend}: output spikes`);
    assertTorchClose(mem, c.get('out.mem'), `${name} on ${backend}: output membranes`);
    let loss = crossEntropy(rec.mems[0], y);
    for (let t = 1; t < rec.mems.length; t++) loss = loss.add(crossEntropy(rec.mems[t], y));
    assertTorchClose(loss.reshape([1]), c.get('out.loss'), `${name} on ${backend}: loss`);
    loss.backward();
    assertTorchClose(x.grad!, c.get('grad.x'), `${name} on ${backend}: input gradient`);
    let params = 0;
    for (const [k, p] of net.namedParameters()) {
      assert.ok(p.grad, `${name} on ${backend}: ${k} got no gradient`);
      assertTorchClose(p.grad!, c.get(`grad.w.${k}`), `${name} on ${backend}: gradient of ${k}`);
      params++;
    }
    assert.equal(params, Object.keys(c.all).filter((k) => k.startsWith('grad.w.')).length, `${name}: every PyTorch parameter compared`);
  });
}

const leaky = (o: LeakyOptions) => new Leaky(o);

test('Leaky MLP (arctan, reset by subtraction) matches PyTorch: spikes, membranes, loss and gradients over 8 steps', () => {
  check('mlp_arctan', () => new SpikingSequential(new Linear(6, 5), leaky({ beta: 0.9 }), new Linear(5, 3), leaky({ beta: 0.9 })));
});

test('Leaky MLP with reset to zero and the fast-sigmoid surrogate matches PyTorch', () => {
  const o = { beta: 0.8, resetMechanism: 'zero' as const, surrogate: surrogateByName('fastSigmoid', 25) };
  check('mlp_zero_fast_sigmoid', () => new SpikingSequential(new Linear(6, 5), leaky(o), new Linear(5, 3), leaky(o)));
});

test('Leaky MLP with learnable per-neuron β and the triangle surrogate matches PyTorch, β gradients included', () => {
  const cfg = torchCase('snn_mlp_learn_beta_triangle').config as { beta1: number[]; beta2: number[] };
  const sur = surrogateByName('triangle', 1);
  check('mlp_learn_beta_triangle', () => new SpikingSequential(new Linear(6, 5), leaky({ beta: cfg.beta1, learnBeta: true, surrogate: sur }),
    new Linear(5, 3), leaky({ beta: cfg.beta2, learnBeta: true, surrogate: sur })));
});

test('Convolutional SNN (conv, max-pool, Leaky, linear, Leaky; fast sigmoid) matches PyTorch', () => {
  const o = { beta: 0.5, surrogate: surrogateByName('fastSigmoid', 25) };
  check('conv_fast_sigmoid', () => new SpikingSequential(new Conv2d(1, 3, 3), new MaxPool2d(2), leaky(o), new Flatten(), new Linear(27, 4), leaky(o)));
});

test('the fixtures exercise spiking: output layers neither silent nor saturated', () => {
  for (const name of ['mlp_arctan', 'mlp_zero_fast_sigmoid', 'mlp_learn_beta_triangle', 'conv_fast_sigmoid']) {
    const s = torchCase(`snn_${name}`).get('out.spk') as Tensor;
    const rate = Array.from(s.data).reduce((a, b) => a + b, 0) / s.data.length;
    assert.ok(rate > 0.15 && rate < 0.85, `${name}: output spike rate ${rate}`);
  }
});
