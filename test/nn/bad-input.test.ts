import { test } from 'node:test';
import { randn, tensor, ShapeError, ValueError } from '../../src/core/index.js';
import * as nn from '../../src/nn/index.js';
import { StateDictError } from '../../src/nn/module.js';
import { expectError } from '../helpers.js';
import { torchCase } from './torch-fixtures.js';

test('wrong channel counts name the layer, the expected and the received shape', () => {
  expectError(() => new nn.Conv2d(3, 8, 3).forward(randn([2, 1, 28, 28])), ShapeError, 'Conv2d', 'expected 3 input channels', '[2, 1, 28, 28]');
  expectError(() => new nn.Conv1d(4, 8, 3).forward(randn([2, 3, 10])), ShapeError, 'Conv1d', 'expected 4 input channels', '[2, 3, 10]');
  expectError(() => new nn.BatchNorm2d(6).forward(randn([2, 5, 4, 4])), ShapeError, 'BatchNorm2d', 'expected 6 channels', '[2, 5, 4, 4]');
  expectError(() => new nn.GroupNorm(2, 6).forward(randn([2, 4, 3])), ShapeError, 'GroupNorm', '[batch, 6, ...]', '[2, 4, 3]');
  expectError(() => new nn.LayerNorm(8).forward(randn([2, 7])), ShapeError, 'LayerNorm', '[8]', '[2, 7]');
});

test('images of the wrong rank are refused with the layout the layer expects', () => {
  expectError(() => new nn.Conv2d(1, 6, 5).forward(randn([1, 28, 28])), ShapeError, 'Conv2d', '[batch, channels, height, width]', '[1, 28, 28]');
  expectError(() => new nn.MaxPool2d(2).forward(randn([6, 28])), ShapeError, 'MaxPool2d', 'rank 4', '[6, 28]');
  expectError(() => new nn.models.ViT({ imageSize: 28, patchSize: 7, numClasses: 10 }).forward(randn([2, 1, 32, 32])), ShapeError, 'ViT', '[batch, 1, 28, 28]', '[2, 1, 32, 32]');
});

test('kernel larger than the padded input names sizes and the fix', () => {
  expectError(() => new nn.Conv2d(1, 2, 5).forward(randn([1, 1, 3, 3])), ShapeError, 'Conv2d', 'kernel height 5', 'padded input height 3', 'more padding');
  expectError(() => new nn.Conv2d(1, 2, 3, { dilation: 3 }).forward(randn([1, 1, 6, 8])), ShapeError, 'dilation 3, span 7', 'padded input height 6');
  expectError(() => new nn.MaxPool2d(4).forward(randn([1, 1, 3, 3])), ShapeError, 'MaxPool2d', 'kernel height 4');
});

test('sequences of the wrong rank or feature size name the recurrent layer', () => {
  expectError(() => new nn.LSTM(28, 64).forward(randn([28])), ShapeError, 'LSTM', '[batch, time, features] (rank 3) or [time, features] (rank 2)', 'got [28]');
  expectError(() => new nn.LSTM(28, 64).forward(randn([4, 8, 27])), ShapeError, 'LSTM', 'expected 28 input features', '[4, 8, 27]');
  expectError(() => new nn.GRU(28, 64).forward(randn([2, 8, 28, 1])), ShapeError, 'GRU', '[batch, time, features] (rank 3)', '[2, 8, 28, 1]');
  expectError(() => new nn.LSTM(4, 5, { numLayers: 2 }).forward(randn([3, 6, 4]), [randn([1, 3, 5]), randn([1, 3, 5])]), ShapeError, 'LSTM', 'h0 of shape [2, 3, 5]', 'got [1, 3, 5]');
  expectError(() => new nn.MultiheadAttention(8, 2).forward(randn([2, 5, 8, 1])), ShapeError, 'MultiheadAttention', 'rank 3', '[2, 5, 8, 1]');
  expectError(() => new nn.models.GPT({ vocabSize: 5, blockSize: 4, nLayer: 1, nHead: 1, nEmbd: 4 }).forward(tensor([[1, 2, 3, 4, 0]], { dtype: 'int32' })), ShapeError, 'GPT', 'exceeds blockSize 4');
});

test('masks of the wrong shape name the mask, the expected and the received shape', () => {
  const mha = new nn.MultiheadAttention(8, 2);
  const x = randn([2, 5, 8]);
  expectError(() => mha.forward(x, x, x, { keyPaddingMask: tensor([[0, 0, 1]], { dtype: 'uint8' }) }), ShapeError, 'keyPaddingMask', '[2, 5]', 'got [1, 3]');
  expectError(() => mha.forward(x, x, x, { attnMask: tensor(new Uint8Array(20), { shape: [4, 5] }) }), ShapeError, 'attnMask', '[5, 5] or [4, 5, 5]', 'got [4, 5]');
  const enc = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
  expectError(() => enc.forward(x, { srcKeyPaddingMask: tensor(new Uint8Array(10), { shape: [5, 2] }) }), ShapeError, 'keyPaddingMask', 'got [5, 2]');
});

test('a state dict from another architecture is refused with the keys and shapes that differ', () => {
  const lenet = torchCase('trained_lenet').weights;
  expectError(() => new nn.LSTM(28, 32).loadStateDict(lenet), StateDictError, 'missing keys: weight_ih_l0', 'unexpected keys: conv1.bias, conv1.weight');
  expectError(() => new nn.LSTM(28, 16).loadStateDict(Object.fromEntries(Object.entries(torchCase('trained_lstm').weights)
    .filter(([k]) => k.startsWith('lstm.')).map(([k, v]) => [k.slice(5), v]))), StateDictError, 'weight_ih_l0: checkpoint has shape [128, 28], model has [64, 28]');
});

test('bad constructor arguments are ValueErrors naming the layer', () => {
  expectError(() => new nn.Conv2d(3, 8, 3, { groups: 2 }), ValueError, 'Conv2d', 'groups 2');
  expectError(() => new nn.MultiheadAttention(10, 3), ValueError, 'embedDim 10', 'numHeads 3');
  expectError(() => new nn.Conv2d(2, 2, 3, { padding: 'same', stride: 2 }).forward(randn([1, 2, 5, 5])), ValueError, "'same' needs stride 1");
});
