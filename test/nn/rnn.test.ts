import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, zeros, manualSeed, Tensor } from '../../src/core/index.js';
import { lstmCell, gruCell, recurrentSequence, type RecurrentMode } from '../../src/core/ops/rnn.js';
import * as nn from '../../src/nn/index.js';
import { checkOp } from '../helpers.js';
import { wasmTuning } from '../../src/backend/wasm/index.js';
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

test('the fused sequence op passes finite-difference checks in every mode and direction, with and without b_hh', () => {
  manualSeed(11);
  const gates: Record<RecurrentMode, number> = { tanh: 1, relu: 1, lstm: 4, gru: 3 };
  for (const mode of ['tanh', 'relu', 'lstm', 'gru'] as RecurrentMode[]) for (const reverse of [false, true]) for (const bias of [true, false]) {
    const G = gates[mode], H = 3, B = 2, T = 4;
    const inputs = () => [randn([T, B, G * H], { requiresGrad: true }), randn([B, H], { requiresGrad: true }), randn([G * H, H], { requiresGrad: true }),
      ...(bias ? [randn([G * H], { requiresGrad: true })] : []), ...(mode === 'lstm' ? [randn([B, H], { requiresGrad: true })] : [])];
    checkOp(`${mode}Sequence${reverse ? ' reversed' : ''}${bias ? '' : ' without bias'}`, (xg, h0, w, ...rest) => {
      const b = bias ? rest[0] : null, c0 = mode === 'lstm' ? rest[rest.length - 1] : null;
      return recurrentSequence(mode, xg, h0, c0, w, b, reverse);
    }, inputs);
  }
});

test('the fused sequence op gives the js values and gradients when every gate kernel runs in wasm', () => {
  manualSeed(13);
  const saved = { ...wasmTuning };
  Object.assign(wasmTuning, { matmulMinFlops: 0, elementwiseMin: 0 });
  try {
    for (const [mode, G] of [['lstm', 4], ['gru', 3], ['tanh', 1]] as [RecurrentMode, number][]) {
      const H = 5, B = 3, T = 6;
      checkOp(`${mode}Sequence through wasm`, (xg, h0, w, b, c0) => recurrentSequence(mode, xg, h0, mode === 'lstm' ? c0 : null, w, b, false),
        () => [randn([T, B, G * H], { requiresGrad: true }), randn([B, H], { requiresGrad: true }), randn([G * H, H], { requiresGrad: true }),
          randn([G * H], { requiresGrad: true }), randn([B, H], { requiresGrad: true })], { gradcheck: false });
    }
  } finally { Object.assign(wasmTuning, saved); }
});

test('the fused LSTM and GRU layers equal their cells stepped by hand, values and gradients', () => {
  manualSeed(12);
  for (const kind of ['lstm', 'gru'] as const) {
    const layer = kind === 'lstm' ? new nn.LSTM(3, 4) : new nn.GRU(3, 4);
    const cell = kind === 'lstm' ? new nn.LSTMCell(3, 4) : new nn.GRUCell(3, 4);
    for (const n of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) (cell as unknown as Record<string, nn.Parameter>)[n].copy_((layer as unknown as Record<string, nn.Parameter>)[`${n}_l0`]);
    const x = randn([2, 5, 3]);
    const xa = x.detach(); xa.requiresGrad = true;
    const xb = x.detach(); xb.requiresGrad = true;
    const y = kind === 'lstm' ? (layer as nn.LSTM).forward(xa)[0] : (layer as nn.GRU).forward(xa)[0];
    let h: Tensor | null = null, c: Tensor | null = null;
    const hs: Tensor[] = [];
    for (let t = 0; t < 5; t++) {
      const xt = xb.select(1, t);
      if (kind === 'lstm') { [h, c] = (cell as nn.LSTMCell).forward(xt, h && c ? [h, c] : null); } else h = (cell as nn.GRUCell).forward(xt, h);
      hs.push(h!.unsqueeze(1));
    }
    const w = randn([2, 5, 4]);
    y.mul(w).sum().backward();
    let ref = hs[0].mul(w.narrow(1, 0, 1)).sum();
    for (let t = 1; t < 5; t++) ref = ref.add(hs[t].mul(w.narrow(1, t, 1)).sum());
    ref.backward();
    for (let t = 0; t < 5; t++) assert.ok(y.select(1, t).sub(hs[t].squeeze(1)).abs().max().item() < 1e-5, `${kind}: step ${t} output`);
    assert.ok(xa.grad!.sub(xb.grad!).abs().max().item() < 1e-5, `${kind}: input gradient`);
    const lw = (layer as unknown as Record<string, nn.Parameter>).weight_hh_l0.grad!, cw = cell.weight_hh.grad!;
    assert.ok(lw.sub(cw).abs().max().item() < 1e-5, `${kind}: W_hh gradient`);
  }
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
