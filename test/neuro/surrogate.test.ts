import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ones } from '../../src/core/creation.js';
import { Generator, manualSeed } from '../../src/core/random.js';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import { Linear } from '../../src/nn/linear.js';
import { Conv2d } from '../../src/nn/conv.js';
import { Adam } from '../../src/optim/adam.js';
import { crossEntropy } from '../../src/nn/functional/loss.js';
import {
  spike, fastSigmoid, arctan, triangle, Leaky, SpikingSequential, spikeCount, bernoulliSpikes,
  fanOut, synapticEvents, denseMacs, type Surrogate,
} from '../../src/neuro/surrogate/index.js';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('spike forward is the Heaviside step H(v − threshold) as float32 0/1, H(0) = 0', () => {
  const v = tensor([-3, 0.2, 0.999, 1, 1.000001, 1.5, 40]);
  const s = spike(v, 1, arctan());
  assert.equal(s.dtype, 'float32');
  assert.deepEqual(s.toFlatArray(), [0, 0, 0, 0, 1, 1, 1]);
  const g = new Generator(5);
  const r = tensor(Array.from({ length: 200 }, () => g.normal()));
  const out = spike(r, 0.3, triangle()).data;
  for (let i = 0; i < 200; i++) assert.equal(out[i], r.data[i] > 0.3 ? 1 : 0);
});

test('spike backward is the analytic surrogate at each point, times the incoming gradient', () => {
  const thr = 0.5;
  const xs = [-2, -0.3, -0.05, 0, 0.05, 0.3, 2];
  // Closed forms written out independently of the library.
  const cases: [Surrogate, (x: number) => number][] = [
    [fastSigmoid(25), (x) => 1 / (1 + 25 * Math.abs(x)) ** 2],
    [fastSigmoid(2), (x) => 1 / (1 + 2 * Math.abs(x)) ** 2],
    [arctan(2), (x) => 1 / (1 + (Math.PI * x) ** 2)],
    [arctan(4), (x) => 2 / (1 + (2 * Math.PI * x) ** 2)],
    [triangle(1), (x) => Math.max(0, 1 - Math.abs(x))],
    [triangle(0.5, 0.3), (x) => 0.3 * Math.max(0, 1 - 2 * Math.abs(x))],
  ];
  for (const [sur, f] of cases) {
    const v = tensor(xs.map((x) => x + thr), { requiresGrad: true });
    spike(v, thr, sur).mul(tensor(xs.map((_, i) => i + 1))).sum().backward();
    xs.forEach((x, i) => close(v.grad!.data[i], (i + 1) * f(x), 1e-5));
  }
  // Spot values: peak 1 at the threshold for fast sigmoid and arctan(2); triangle zero outside its width.
  assert.equal(fastSigmoid(25).derivative(0), 1);
  close(fastSigmoid(25).derivative(0.1), 1 / 12.25);
  close(arctan(2).derivative(0), 1);
  close(arctan(2).derivative(1), 1 / (1 + Math.PI ** 2));
  assert.equal(triangle(1).derivative(1.2), 0);
});

test('Leaky follows mem[t] = β·mem[t−1] + x[t] − spk[t−1]·thr (subtract) and β·(1 − spk[t−1])·mem + x (zero)', () => {
  const inputs = [0.6, 0.7, 0.2, 1.3, 0, 0.9];
  for (const reset of ['subtract', 'zero', 'none'] as const) {
    const lif = new Leaky({ beta: 0.8, threshold: 1, resetMechanism: reset });
    let mem = 0, prev = 0;
    for (const x of inputs) {
      if (reset === 'subtract') mem = 0.8 * mem + x - prev;
      else if (reset === 'zero') mem = 0.8 * (1 - prev) * mem + x;
      else mem = 0.8 * mem + x;
      const s = lif.forward(tensor([[x]])).item();
      close(lif.mem!.item(), mem, 1e-6);
      assert.equal(s, mem > 1 ? 1 : 0, `${reset}: mem ${mem}`);
      prev = s;
    }
  }
  const per = new Leaky({ beta: [0.5, 1] });
  per.forward(tensor([[1, 1]]).mul(0.9)); per.forward(tensor([[0, 0]]));
  assert.deepEqual(per.mem!.toFlatArray().map((v) => +v.toFixed(5)), [0.45, 0.9]);
});

test('gradients flow through time to the weights and to a learnable β (clamped to [0, 1])', () => {
  const lif = new Leaky({ beta: 0.9, learnBeta: true, surrogate: fastSigmoid(5) });
  assert.equal(lif.parameters().length, 1);
  const x = tensor([[0.5, 0.8, 0.3]], { requiresGrad: true });
  let total = lif.forward(x);
  for (let t = 0; t < 4; t++) total = total.add(lif.forward(x));
  total.sum().backward();
  assert.ok(Math.abs(lif.beta.grad!.item()) > 0, 'β gets a gradient');
  assert.ok(x.grad!.data.every((g) => g > 0), 'more input, more spikes');
  lif.beta.data[0] = 1.7; // an optimizer step overshot: the forward pass uses clamp(β, 0, 1) = 1
  lif.resetState();
  lif.forward(tensor([[0.5]])); lif.forward(tensor([[0.25]]));
  close(lif.mem!.item(), 0.75);
  const fixed = new Leaky({ beta: 0.9 });
  assert.equal(fixed.parameters().length, 0);
  assert.deepEqual(Object.keys(fixed.stateDict()), ['beta']);
});

test('a tiny SNN learns to classify two input rates from its output spike counts', () => {
  manualSeed(3);
  const gen = new Generator(11);
  const net = new SpikingSequential(new Linear(12, 16), new Leaky({ beta: 0.9, surrogate: fastSigmoid(10) }), new Linear(16, 2), new Leaky({ beta: 0.9, surrogate: fastSigmoid(10) }));
  const opt = new Adam(net.parameters(), { lr: 0.02 });
  const batch = (n: number) => {
    const y = Array.from({ length: n }, (_, i) => i % 2);
    const x = tensor(y.map((c) => Array.from({ length: 12 }, () => (c ? 0.6 : 0.15))));
    return { x, y: tensor(y, { dtype: 'int32' }) };
  };
  const losses: number[] = [];
  let acc = 0;
  for (let it = 0; it < 40; it++) {
    const { x, y } = batch(16);
    const counts = spikeCount(net.run(x, { encoding: 'rate', steps: 10, generator: gen }));
    const loss = crossEntropy(counts, y);
    opt.zeroGrad(); loss.backward(); opt.step();
    losses.push(loss.item());
    if (it >= 35) { const p = counts.argmax(1).data; for (let i = 0; i < 16; i++) acc += (p[i] === y.data[i] ? 1 : 0) / 16 / 5; }
  }
  const first = (losses[0] + losses[1] + losses[2]) / 3, last = (losses[37] + losses[38] + losses[39]) / 3;
  assert.ok(last < 0.5 * first, `loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
  assert.ok(acc >= 0.9, `accuracy over the last 5 batches ${acc}`);
});

test('same seed, same spikes; another seed, other spikes', () => {
  const make = () => { manualSeed(1); return new SpikingSequential(new Linear(20, 10), new Leaky({ beta: 0.9 }), new Linear(10, 4), new Leaky({ beta: 0.9 })); };
  const x = ones([3, 20]).mul(0.4);
  const a = make().forward(x, { encoding: 'rate', steps: 15, generator: new Generator(2) });
  const b = make().forward(x, { encoding: 'rate', steps: 15, generator: new Generator(2) });
  const c = make().forward(x, { encoding: 'rate', steps: 15, generator: new Generator(3) });
  assert.deepEqual(a.shape, [3, 15, 4]);
  assert.deepEqual(a.data, b.data);
  assert.deepEqual(bernoulliSpikes(x, new Generator(9)).data, bernoulliSpikes(x, new Generator(9)).data);
  assert.notDeepEqual(bernoulliSpikes(x, new Generator(9)).data, bernoulliSpikes(x, new Generator(10)).data);
  assert.notDeepEqual(a.data, c.data);
  // Direct [batch, time, features] input runs the same stack step by step.
  const net = make();
  const seq = tensor(Array.from({ length: 2 }, () => Array.from({ length: 5 }, (_, t) => Array.from({ length: 20 }, () => (t % 2 ? 1 : 0)))));
  const rec = net.run(seq);
  assert.equal(rec.spikes.length, 5);
  assert.equal(rec.mems.length, 5);
  assert.deepEqual(rec.spikes[0].shape, [2, 4]);
});

test('synaptic events count nonzero inputs × fan-out; dense MACs are the all-ones count', () => {
  const fc = new Linear(4, 3);
  assert.equal(synapticEvents(fc, tensor([[1, 0, 0, 1], [0, 0, 0, 1]])), 9);
  assert.equal(denseMacs(fc, [4]), 12);
  const conv = new Conv2d(2, 5, 3);
  assert.equal(denseMacs(conv, [2, 6, 6]), 5 * 4 * 4 * 2 * 3 * 3);
  assert.equal(synapticEvents(conv, ones([1, 2, 6, 6])), denseMacs(conv, [2, 6, 6]));
  const fan = fanOut(conv, [2, 6, 6])!;
  assert.equal(fan[0], 5); // a corner pixel sits in one 3×3 window
  assert.equal(fan[2 * 6 + 2], 5 * 9); // an interior pixel in nine
  const strided = new Conv2d(1, 1, 2, { stride: 2 });
  assert.deepEqual([...fanOut(strided, [1, 4, 4])!], new Array(16).fill(1));
  const padded = new Conv2d(1, 1, 3, { padding: 1 });
  assert.equal(denseMacs(padded, [1, 5, 5]), 25 * 9 - 4 * 5 * 3 + 4); // 3×3 windows minus padding taps
  const net = new SpikingSequential(new Linear(4, 3), new Leaky({ beta: 0.5 }));
  const rec = net.run(tensor([[[1, 1, 0, 0], [0, 0, 0, 1]]]), { countSynapticOps: true });
  assert.equal(rec.synapticEvents, (2 + 1) * 3);
});

test('bad input: clear errors naming the parameter and the allowed range', () => {
  assert.throws(() => fastSigmoid(-1), (e: Error) => e instanceof ValueError && /slope/.test(e.message));
  assert.throws(() => arctan(0), (e: Error) => e instanceof ValueError && /alpha/.test(e.message));
  assert.throws(() => triangle(-0.5), (e: Error) => e instanceof ValueError && /width/.test(e.message));
  assert.throws(() => new Leaky({ beta: 1.2 }), (e: Error) => e instanceof ValueError && /beta must be in \[0, 1\], got 1.2/.test(e.message));
  assert.throws(() => new Leaky({ beta: [0.5, -0.1] }), /beta\[1\] must be in \[0, 1\]/);
  assert.throws(() => new Leaky({ beta: 0.5, threshold: 0 }), ValueError);
  const net = new SpikingSequential(new Linear(4, 3), new Leaky({ beta: 0.5 }));
  assert.throws(() => net.run(ones([2, 4])), (e: Error) => e instanceof ShapeError && /\[batch, time, \.\.\.\]/.test(e.message));
  assert.throws(() => net.run(ones([4]), { encoding: 'rate', steps: 3 }), ShapeError);
  assert.throws(() => net.run(ones([2, 4]), { encoding: 'rate' }), /steps/);
  assert.throws(() => net.run(ones([2, 4]), { encoding: 'rate', steps: 0 }), ValueError);
  assert.throws(() => bernoulliSpikes(tensor([0.2, 1.5]), new Generator(0)), /\[0, 1\], got 1.5/);
  const lif = new Leaky({ beta: 0.5 });
  lif.forward(ones([2, 3]));
  assert.throws(() => lif.forward(ones([4, 3])), /resetState/);
});
