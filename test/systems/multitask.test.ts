import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, Generator, manualSeed, ValueError } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import * as sys from '../../src/systems/index.js';
import { assertClose } from '../helpers.js';

test('a multi-task network shares one trunk between its heads', () => {
  manualSeed(1);
  const trunk = new nn.Sequential(new nn.Linear(5, 8), new nn.ReLU());
  const net = new sys.MultiTaskNetwork(trunk, { a: new nn.Linear(8, 3), b: new nn.Linear(8, 2) });
  const out = net.forward(randn([4, 5], { generator: new Generator(1) }));
  assert.deepEqual([...out.a.shape], [4, 3]);
  assert.deepEqual([...out.b.shape], [4, 2]);
  out.b.sum().backward();
  assert.ok(trunk.parameters().every((p) => p.grad !== null), 'head b trains the shared trunk');
  assert.ok((net.heads.get('a') as nn.Linear).weight.grad === null, 'head a is untouched by task b');
});

test('uncertainty weighting computes Σ exp(−s)·L + s and its gradient 1 − exp(−s)·L', () => {
  const w = new sys.UncertaintyWeighting(['a', 'b']);
  w.logVar.copy_(tensor([0, Math.log(2)]));
  const la = tensor(3), lb = tensor(4);
  const total = w.forward({ a: la, b: lb });
  assertClose(total.item(), 3 + 4 / 2 + Math.log(2), { atol: 1e-5 });
  total.backward();
  assertClose(w.logVar.grad!, [1 - 3, 1 - 4 / 2], { atol: 1e-5 });
  assertClose(w.weights().b, 0.5, { atol: 1e-6 });
  assert.throws(() => w.forward({ a: la }), (e: Error) => e instanceof ValueError && /'b'/.test(e.message));
});

test('modular network: routes sum to one, hard routing uses exactly the argmax module', () => {
  manualSeed(2);
  const net = new sys.ModularNetwork(6, 3, { modules: 3, width: 5, layers: 1 });
  const x = randn([4, 6], { generator: new Generator(3) });
  net.forward(x);
  assertClose(net.lastRouting[0].sum(1), [1, 1, 1, 1], { atol: 1e-6 });
  net.routing = 'hard';
  const y = net.forward(x);
  const choice = net.lastRouting[0].argmax(1);
  const layer = net.layers.at(0);
  for (let b = 0; b < 4; b++) {
    const xb = x.narrow(0, b, 1);
    const want = net.readout.forward(layer.at(choice.data[b]).forward(xb));
    assertClose(y.narrow(0, b, 1), want, { atol: 1e-5 }, `row ${b}`);
  }
  y.sum().backward();
  assert.ok(net.routers.at(0).weight.grad!.abs().sum().item() > 0, 'straight-through gradient reaches the router');
  const usage = net.moduleUsage()[0];
  assertClose(usage.reduce((a, u) => a + u, 0), 1, { atol: 1e-9 });
});
