import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { manualSeed, tensor, Generator } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import { Module } from '../../src/nn/module.js';
import { checkAgainstTorch, torchCase, assertTorchClose, fresh } from './torch-fixtures.js';
import { forEachBackend } from '../helpers.js';

test('GPT (token + position embedding, pre-norm blocks, tied head) matches the same model in PyTorch', () => {
  const c = torchCase('gpt');
  checkAgainstTorch('gpt', () => new nn.models.GPT({ vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 }), [],
    (m) => ({ y: (m as nn.models.GPT).forward(c.get('in.idx')) }));
});

test('ViT (patch embedding, class token) matches the same model in PyTorch', () => {
  checkAgainstTorch('vit', () => new nn.models.ViT({ imageSize: 8, patchSize: 4, numClasses: 3, dim: 16, depth: 2, heads: 2, mlpDim: 32 }), ['x'],
    (m, i) => ({ y: (m as nn.models.ViT).forward(i.x) }));
});

test('a LeNet-5 trained in PyTorch loads here and gives the same logits and predictions', () => {
  const c = torchCase('trained_lenet');
  forEachBackend((b) => {
    const net = new nn.models.LeNet5();
    net.loadStateDict(c.weights);
    net.eval();
    const logits = net.forward(fresh(c.get('in.x')));
    assertTorchClose(logits, c.get('out.logits'), `LeNet logits on ${b}`);
    assert.deepEqual(Array.from(logits.argmax(1).data), Array.from(c.get('out.pred').data));
  });
});

class RowLSTM extends Module {
  lstm = new nn.LSTM(28, 32);
  fc = new nn.Linear(32, 10);
  forward(x: Tensor): Tensor {
    const [y] = this.lstm.forward(x.reshape([-1, 28, 28]));
    return this.fc.forward(y.select(1, 27));
  }
}

test('an LSTM classifier trained in PyTorch loads here and gives the same logits and predictions', () => {
  const c = torchCase('trained_lstm');
  forEachBackend((b) => {
    const net = new RowLSTM();
    net.loadStateDict(c.weights);
    const logits = net.forward(fresh(c.get('in.x')));
    assertTorchClose(logits, c.get('out.logits'), `LSTM logits on ${b}`);
    assert.deepEqual(Array.from(logits.argmax(1).data), Array.from(c.get('out.pred').data));
  });
});

test('GPT.generate: greedy decoding is deterministic, top-k 1 equals greedy, output keeps the prompt', () => {
  manualSeed(12);
  const gpt = new nn.models.GPT({ vocabSize: 7, blockSize: 4, nLayer: 1, nHead: 1, nEmbd: 8 });
  const prompt = tensor([[1, 2], [3, 4]], { dtype: 'int32' });
  const a = gpt.generate(prompt, 6, { temperature: 0 });
  const b = gpt.generate(prompt, 6, { topK: 1, generator: new Generator(1) });
  assert.deepEqual([...a.shape], [2, 8]);
  assert.deepEqual(a.toArray(), b.toArray());
  assert.deepEqual((a.toArray() as number[][]).map((r) => r.slice(0, 2)), [[1, 2], [3, 4]]);
  const s1 = gpt.generate(prompt, 6, { temperature: 1.5, generator: new Generator(5) });
  const s2 = gpt.generate(prompt, 6, { temperature: 1.5, generator: new Generator(5) });
  assert.deepEqual(s1.toArray(), s2.toArray(), 'same generator seed, same sample');
  assert.ok(gpt.training, 'generate restores training mode');
});

test('LeNet5 state dict keys are PyTorch-shaped', () => {
  assert.deepEqual(Object.entries(new nn.models.LeNet5().stateDict()).map(([k, t]) => `${k}:${t.shape.join('x')}`), [
    'conv1.weight:6x1x5x5', 'conv1.bias:6', 'conv2.weight:16x6x5x5', 'conv2.bias:16',
    'fc1.weight:120x400', 'fc1.bias:120', 'fc2.weight:84x120', 'fc2.bias:84', 'fc3.weight:10x84', 'fc3.bias:10',
  ]);
});
