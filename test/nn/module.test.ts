import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nn from '../../src/nn/index.js';
import { tensor, zeros, ones, randn, manualSeed, Tensor, ShapeError, ValueError, IndexError } from '../../src/core/index.js';
import { assertClose, expectError, forEachBackend, fromFixture, loadFixture, checkOp, leaf, type FixtureTensor } from '../helpers.js';

class Block extends nn.Module {
  proj = new nn.Linear(3, 3);
  act = new nn.ReLU();
  layers = new nn.ModuleList([new nn.Linear(3, 4), new nn.Linear(4, 3, { bias: false })]);
  forward(x: Tensor): Tensor {
    let h = this.act.forward(this.proj.forward(x));
    for (const l of this.layers) h = (l as nn.Linear).forward(h);
    return h;
  }
}
/** The same architecture as the Net class in scripts/fixtures/make_torch_fixtures_core.py. */
class Net extends nn.Module {
  encoder = new nn.Sequential(new nn.Linear(4, 3), new nn.Tanh());
  block = new Block();
  head = new nn.Linear(3, 2);
  forward(x: Tensor): Tensor { return this.head.forward(this.block.forward(this.encoder.forward(x))); }
}

interface SdFixture { torch: string; entries: { key: string; shape: number[]; dtype: string; bytes: string }[]; input: FixtureTensor; output: FixtureTensor; parameters: string[] }
const sd = loadFixture<SdFixture>('torch/core/state_dict.json');

function decodeLE(b64: string): Float32Array {
  const buf = Buffer.from(b64, 'base64');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return Float32Array.from({ length: buf.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
function encodeLE(t: Tensor): string {
  const buf = Buffer.alloc(t.numel() * 4);
  t.data.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

test(`state dict in PyTorch ${sd.torch} naming: same keys in the same order, shapes and dtypes; loads torch weights and reproduces torch's output`, () => {
  const net = new Net();
  const ours = net.stateDict();
  assert.deepEqual(Object.keys(ours), sd.entries.map((e) => e.key));
  assert.deepEqual(net.namedParameters().map(([n]) => n), sd.parameters);
  for (const e of sd.entries) {
    assert.deepEqual([...ours[e.key].shape], e.shape, `${e.key} shape`);
    assert.equal(ours[e.key].dtype, e.dtype, `${e.key} dtype`);
  }
  const dict = Object.fromEntries(sd.entries.map((e) => [e.key, new Tensor(decodeLE(e.bytes), e.shape)]));
  net.loadStateDict(dict);
  forEachBackend((b) => assertClose(net.forward(fromFixture(sd.input)), fromFixture(sd.output), { rtol: 1e-5, atol: 1e-6 }, `${b} forward after loading torch weights`));
  // Saved by us: the bytes are exactly PyTorch's little-endian float32 layout, key by key.
  const back = net.stateDict();
  for (const e of sd.entries) assert.equal(encodeLE(back[e.key]), e.bytes, `${e.key} bytes`);
});

test('fields register in definition order: parameters, children, modules', () => {
  const net = new Net();
  assert.deepEqual(net.namedChildren().map(([n]) => n), ['encoder', 'block', 'head']);
  assert.deepEqual(net.namedModules().map(([n, m]) => `${n}:${m.constructor.name}`), [
    ':Net', 'encoder:Sequential', 'encoder.0:Linear', 'encoder.1:Tanh', 'block:Block', 'block.proj:Linear', 'block.act:ReLU',
    'block.layers:ModuleList', 'block.layers.0:Linear', 'block.layers.1:Linear', 'head:Linear',
  ]);
  assert.equal(net.parameters().length, 9);
  assert.equal(net.numParameters(), 4 * 3 + 3 + 3 * 3 + 3 + 3 * 4 + 4 + 4 * 3 + 3 * 2 + 2);
  assert.deepEqual(net.children().map((m) => m.constructor.name), ['Sequential', 'Block', 'Linear']);
});

test('plain arrays of modules or parameters register as name.i; shared parameters appear once', () => {
  class Arr extends nn.Module {
    heads = [new nn.Linear(2, 2), new nn.Linear(2, 1)];
    scales = [new nn.Parameter(ones([1])), new nn.Parameter(ones([2]))];
    forward(x: Tensor): Tensor { return x; }
  }
  assert.deepEqual(new Arr().namedParameters().map(([n]) => n), ['scales.0', 'scales.1', 'heads.0.weight', 'heads.0.bias', 'heads.1.weight', 'heads.1.bias']);
  class Tied extends nn.Module {
    a = new nn.Linear(2, 2);
    b = new nn.Linear(2, 2);
    constructor() { super(); this.b.weight = this.a.weight; }
    forward(x: Tensor): Tensor { return this.b.forward(this.a.forward(x)); }
  }
  const t = new Tied();
  assert.deepEqual(t.namedParameters().map(([n]) => n), ['a.weight', 'a.bias', 'b.bias']);
  assert.deepEqual(Object.keys(t.stateDict()), ['a.weight', 'a.bias', 'b.weight', 'b.bias'], 'PyTorch keeps tied weights under both names');
});

test('apply visits children before parents; train/eval reach every module; freeze/unfreeze toggle requiresGrad', () => {
  const net = new Net();
  const seen: string[] = [];
  net.apply((m) => seen.push(m.constructor.name));
  assert.deepEqual(seen, ['Linear', 'Tanh', 'Sequential', 'Linear', 'ReLU', 'Linear', 'Linear', 'ModuleList', 'Block', 'Linear', 'Net']);
  net.eval();
  assert.ok(net.modules().every((m) => !m.training));
  net.train();
  assert.ok(net.modules().every((m) => m.training));
  net.block.freeze();
  assert.deepEqual(net.namedParameters().filter(([, p]) => !p.requiresGrad).map(([n]) => n), ['block.proj.weight', 'block.proj.bias', 'block.layers.0.weight', 'block.layers.0.bias', 'block.layers.1.weight']);
  assert.equal(net.numParameters(), 4 * 3 + 3 + 3 * 2 + 2);
  net.forward(randn([2, 4])).sum().backward();
  assert.equal(net.block.proj.weight.grad, null, 'frozen parameters get no gradient');
  assert.ok(net.head.weight.grad);
  net.block.unfreeze();
  assert.ok(net.parameters().every((p) => p.requiresGrad));
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad === null));
});

test('loadStateDict (strict) lists every missing and unexpected key and shape mismatch, and loads nothing', () => {
  const net = new Net();
  const before = net.parameters().map((p) => Float32Array.from(p.data));
  const good = Object.fromEntries(Object.entries(new Net().stateDict()).map(([k, v]) => [k, v.detach().clone()]));
  const bad: Record<string, Tensor> = { ...good, 'head.extra': zeros([1]), 'block.proj.bias': zeros([4]) };
  delete bad['encoder.0.weight'];
  delete bad['head.bias'];
  const err = expectError(() => net.loadStateDict(bad), nn.StateDictError, 'loadStateDict (Net)', 'missing keys: encoder.0.weight, head.bias',
    'unexpected keys: head.extra', 'size mismatches: block.proj.bias: checkpoint has shape [4], model has [3]', 'same architecture', '{ strict: false }');
  assert.ok(err.message.length < 600);
  net.parameters().forEach((p, i) => assert.deepEqual(p.data, before[i], 'nothing partially loaded'));
});

test('loadStateDict non-strict loads matching keys, reports the rest, but still refuses shape mismatches', () => {
  const net = new Net();
  const src = new Net();
  const dict: Record<string, Tensor> = { 'head.weight': src.head.weight.detach().clone(), 'other.weight': zeros([1]) };
  const r = net.loadStateDict(dict, { strict: false });
  assert.deepEqual(r.unexpectedKeys, ['other.weight']);
  assert.equal(r.missingKeys.length, 8);
  assert.deepEqual(net.head.weight.data, src.head.weight.data);
  const err = expectError(() => net.loadStateDict({ 'head.weight': zeros([3, 3]) }, { strict: false }), nn.StateDictError, 'head.weight: checkpoint has shape [3, 3], model has [2, 3]');
  assert.ok(!err.message.includes('strict: false'));
});

test('loadStateDict copies values (the model does not alias the dict) and keeps its own Parameters', () => {
  const net = new nn.Linear(2, 1);
  const w = net.weight;
  const dict = { weight: tensor([[5, 6]]), bias: tensor([7]) };
  net.loadStateDict(dict);
  assert.equal(net.weight, w);
  dict.weight.data[0] = 0;
  assert.deepEqual(net.weight.toArray(), [[5, 6]]);
});

test('buffers: persistent ones are in the state dict, non-persistent ones are not', () => {
  class WithBuf extends nn.Module {
    lin = new nn.Linear(2, 2);
    constructor() { super(); this.registerBuffer('runningMean', zeros([2])); this.registerBuffer('cache', ones([2]), false); }
    forward(x: Tensor): Tensor { return x; }
  }
  const m = new WithBuf();
  assert.deepEqual(Object.keys(m.stateDict()), ['lin.weight', 'lin.bias', 'runningMean']);
  assert.deepEqual(m.namedBuffers().map(([n]) => n), ['runningMean', 'cache']);
  assert.equal(m.parameters().length, 2);
  m.loadStateDict({ ...m.stateDict(), runningMean: tensor([1, 2]) });
  assert.deepEqual((m as unknown as { runningMean: Tensor }).runningMean.toArray(), [1, 2]);
});

interface LinCase { weight: FixtureTensor; bias: FixtureTensor; x: FixtureTensor; gy: FixtureTensor; y: FixtureTensor; gx: FixtureTensor; gw: FixtureTensor; gb: FixtureTensor }
const lin = loadFixture<{ torch: string; cases: LinCase[] }>('torch/core/linear.json');

test(`Linear matches PyTorch ${lin.torch}: output and gradients of input, weight and bias (2-D and 3-D input)`, () => {
  forEachBackend((b) => {
    for (const c of lin.cases) {
      const m = new nn.Linear(4, 3);
      m.loadStateDict({ weight: fromFixture(c.weight), bias: fromFixture(c.bias) });
      const x = fromFixture(c.x, true);
      const y = m.forward(x);
      assertClose(y, fromFixture(c.y), { rtol: 1e-5, atol: 1e-6 }, `${b} Linear output`);
      y.backward(fromFixture(c.gy));
      assertClose(x.grad!, fromFixture(c.gx), { rtol: 1e-5, atol: 1e-6 }, `${b} grad x`);
      assertClose(m.weight.grad!, fromFixture(c.gw), { rtol: 1e-5, atol: 1e-6 }, `${b} grad weight`);
      assertClose(m.bias!.grad!, fromFixture(c.gb), { rtol: 1e-5, atol: 1e-6 }, `${b} grad bias`);
    }
  });
});

test('Linear / Sequential / Flatten / Identity / activations as modules: forward, gradients, backends', () => {
  manualSeed(12);
  const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(6, 4), new nn.GELU(), new nn.Identity(), new nn.Linear(4, 2), new nn.LogSoftmax(1));
  checkOp('sequential mlp', (x) => net.forward(x), () => [leaf([3, 2, 3])], { shape: [3, 2] });
  const acts: [nn.Module & { forward(x: Tensor): Tensor }, (x: Tensor) => Tensor][] = [
    [new nn.ReLU(), (x) => x.relu()], [new nn.LeakyReLU(0.2), (x) => x.leakyRelu(0.2)], [new nn.ELU(0.5), (x) => x.elu(0.5)],
    [new nn.GELU('tanh'), (x) => x.gelu('tanh')], [new nn.SiLU(), (x) => x.silu()], [new nn.Sigmoid(), (x) => x.sigmoid()],
    [new nn.Tanh(), (x) => x.tanh()], [new nn.Softplus(2), (x) => x.softplus(2)], [new nn.Softmax(0), (x) => x.softmax(0)],
  ];
  const x = tensor([[-1.5, 0.3], [2, -0.1]]);
  for (const [m, f] of acts) assertClose(m.forward(x), f(x), { rtol: 0, atol: 0 }, m.constructor.name);
  assert.equal(String(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU())), 'Sequential\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)'.replace('Sequential\n', 'Sequential(\n'));
});

test('Dropout: inverted scaling while training, identity in eval, p in [0, 1]', () => {
  manualSeed(3);
  const d = new nn.Dropout(0.25);
  const y = d.forward(ones([20000]));
  const kept = y.data.filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
  assert.ok(Math.abs(1 - kept.length / 20000 - 0.25) < 0.01, `dropped fraction ${1 - kept.length / 20000}`);
  d.eval();
  const x = randn([5]);
  assert.equal(d.forward(x), x);
  assert.deepEqual(new nn.Dropout(1).forward(ones([3])).toArray(), [0, 0, 0]);
  expectError(() => new nn.Dropout(1.5), ValueError, 'Dropout: p must be in [0, 1], got 1.5');
});

test('module construction and indexing errors name the layer and the values', () => {
  expectError(() => new nn.Linear(0, 3), ValueError, 'Linear: inFeatures and outFeatures must be positive integers, got 0 and 3');
  expectError(() => new nn.Linear(4, 3).forward(ones([2, 5])), ShapeError, 'linear: input [2, 5] has 5 features in its last dim but the weight [3, 4] expects 4');
  expectError(() => new nn.Sequential(new nn.ReLU()).at(3), IndexError, 'Sequential.at: index 3 out of range for 1 layers');
  expectError(() => new nn.ModuleList([new nn.ReLU()]).at(-2), IndexError, 'ModuleList.at: index -2 out of range for 1 modules');
  expectError(() => nn.expectShape('Conv2d', ones([3, 4]), [4], { index: 1, size: 3, what: 'channels' }), ShapeError, 'Conv2d: expected input of rank 4, got shape [3, 4]');
  expectError(() => nn.expectShape('Conv2d', ones([1, 2, 4, 4]), [4], { index: 1, size: 3, what: 'channels' }), ShapeError, 'Conv2d: expected 3 channels (dim 1), got shape [1, 2, 4, 4]');
});
