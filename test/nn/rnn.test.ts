import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, zeros, manualSeed } from '../../src/core/index.js';
import { lstmCell, gruCell } from '../../src/core/ops/rnn.js';
import * as nn from '../../src/nn/index.js';
import { checkOp } from '../helpers.js';
import { checkAgainstTorch } from './torch-fixtures.js';

test('RNN (tanh, 2 layers, bidirectional, given h0) matches PyTorch', () => {
  checkAgainstTorch('rnn_tanh', () => new nn.RNN(5, 6, { numLayers: 2, bidirectional: true }), ['x', 'h0'], (m, i) => {
    const [y, hn] = (m as nn.RNN).forward(i.x, i.h0);
    return { y, hn };
  });
});

test('RNN with ReLU matches PyTorch', () => {
  checkAgainstTorch('rnn_relu', () => new nn.RNN(5, 6, { nonlinearity: 'relu' }), ['x'], (m, i) => {
    const [y, hn] = (m as nn.RNN).forward(i.x);
    return { y, hn };
  });
});

test('LSTM (2 layers, bidirectional, given h0 and c0) matches PyTorch, outputs and all gradients', () => {
  checkAgainstTorch('lstm', () => new nn.LSTM(5, 6, { numLayers: 2, bidirectional: true }), ['x', 'h0', 'c0'], (m, i) => {
    const [y, [hn, cn]] = (m as nn.LSTM).forward(i.x, [i.h0, i.c0]);
    return { y, hn, cn };
  });
});

test('LSTM on an unbatched [time, features] sequence matches PyTorch', () => {
  checkAgainstTorch('lstm_unbatched', () => new nn.LSTM(5, 6), ['x'], (m, i) => {
    const [y, [hn, cn]] = (m as nn.LSTM).forward(i.x);
    return { y, hn, cn };
  });
});

test('GRU (2 layers, bidirectional) matches PyTorch', () => {
  checkAgainstTorch('gru', () => new nn.GRU(5, 6, { numLayers: 2, bidirectional: true }), ['x', 'h0'], (m, i) => {
    const [y, hn] = (m as nn.GRU).forward(i.x, i.h0);
    return { y, hn };
  });
});

test('RNNCell, LSTMCell and GRUCell match PyTorch', () => {
  checkAgainstTorch('rnn_cell', () => new nn.RNNCell(5, 6), ['x', 'h'], (m, i) => ({ y: (m as nn.RNNCell).forward(i.x, i.h) }));
  checkAgainstTorch('lstm_cell', () => new nn.LSTMCell(5, 6), ['x', 'h', 'c'], (m, i) => {
    const [h, c] = (m as nn.LSTMCell).forward(i.x, [i.h, i.c]);
    return { h, c };
  });
  checkAgainstTorch('gru_cell', () => new nn.GRUCell(5, 6), ['x', 'h'], (m, i) => ({ y: (m as nn.GRUCell).forward(i.x, i.h) }));
});

test('fused LSTM and GRU step ops pass finite-difference checks on every backend', () => {
  manualSeed(7);
  checkOp('lstmCell h', (p, c) => lstmCell(p, c)[0], () => [randn([2, 12], { requiresGrad: true }), randn([2, 3], { requiresGrad: true })]);
  checkOp('lstmCell c', (p, c) => lstmCell(p, c)[1], () => [randn([2, 12], { requiresGrad: true }), randn([2, 3], { requiresGrad: true })]);
  checkOp('gruCell', (x, h, s) => gruCell(x, h, s), () => [randn([2, 9], { requiresGrad: true }), randn([2, 9], { requiresGrad: true }), randn([2, 3], { requiresGrad: true })]);
});

test('batchFirst false takes [time, batch, features]; dropout between layers acts only in training', () => {
  manualSeed(8);
  const a = new nn.GRU(3, 4, { numLayers: 2, dropout: 0.5 });
  const b = new nn.GRU(3, 4, { numLayers: 2, batchFirst: false });
  b.loadStateDict(a.stateDict());
  a.eval();
  const x = randn([2, 5, 3]);
  const [ya] = a.forward(x);
  const [yb] = b.forward(x.transpose(0, 1));
  assert.deepEqual([...yb.shape], [5, 2, 4]);
  assert.ok(ya.transpose(0, 1).sub(yb).abs().max().item() < 1e-6);
  a.train();
  const [yt] = a.forward(x);
  assert.ok(yt.sub(ya).abs().max().item() > 1e-3, 'training-mode dropout changes the output');
  void zeros;
});
