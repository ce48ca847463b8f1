import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { randn, manualSeed, tensor } from '../../src/core/index.js';
import { scaledDotProductAttention } from '../../src/core/ops/attention.js';
import * as nn from '../../src/nn/index.js';
import { Module } from '../../src/nn/module.js';
import { checkOp } from '../helpers.js';
import { checkAgainstTorch, torchCase, assertTorchClose } from './torch-fixtures.js';

test('MultiheadAttention self-attention with causal and key-padding masks matches PyTorch (averaged weights too)', () => {
  const c = torchCase('mha_self');
  checkAgainstTorch('mha_self', () => new nn.MultiheadAttention(8, 2), ['x'], (m, i) => {
    const [y, w] = (m as nn.MultiheadAttention).forward(i.x, i.x, i.x, { keyPaddingMask: c.get('in.kpm'), attnMask: c.get('in.mask') });
    assertTorchClose(w!, c.get('out.w'), 'averaged attention weights');
    return { y };
  });
});

test('MultiheadAttention cross-attention (Tq ≠ Tk) with per-head weights matches PyTorch', () => {
  const c = torchCase('mha_cross');
  checkAgainstTorch('mha_cross', () => new nn.MultiheadAttention(8, 2), ['q', 'kv'], (m, i) => {
    const [y, w] = (m as nn.MultiheadAttention).forward(i.q, i.kv, i.kv, { averageAttnWeights: false });
    assertTorchClose(w!, c.get('out.w'), 'per-head attention weights');
    return { y };
  });
});

test('isCausal gives the same result as an explicit upper-triangular mask', () => {
  manualSeed(9);
  const mha = new nn.MultiheadAttention(8, 2);
  const x = randn([2, 4, 8]);
  const mask = new Tensor(Uint8Array.from({ length: 16 }, (_, k) => (k % 4 > Math.floor(k / 4) ? 1 : 0)), [4, 4]);
  const [a] = mha.forward(x, x, x, { isCausal: true, needWeights: false });
  const [b] = mha.forward(x, x, x, { attnMask: mask });
  assertTorchClose(a, b, 'causal vs explicit mask');
});

test('scaled dot-product attention passes finite-difference checks with a float mask on every backend', () => {
  manualSeed(10);
  const mask = randn([1, 3, 4]);
  checkOp('attention', (q, k, v) => scaledDotProductAttention(q, k, v, { mask })[0],
    () => [randn([2, 3, 5], { requiresGrad: true }), randn([2, 4, 5], { requiresGrad: true }), randn([2, 4, 2], { requiresGrad: true })]);
  checkOp('attention causal', (q, k, v) => scaledDotProductAttention(q, k, v, { isCausal: true })[0],
    () => [randn([1, 4, 3], { requiresGrad: true }), randn([1, 4, 3], { requiresGrad: true }), randn([1, 4, 3], { requiresGrad: true })]);
});

test('TransformerEncoderLayer post-norm (ReLU, key padding) matches PyTorch', () => {
  const c = torchCase('encoder_layer_post');
  checkAgainstTorch('encoder_layer_post', () => new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 }), ['x'],
    (m, i) => ({ y: (m as nn.TransformerEncoderLayer).forward(i.x, { srcKeyPaddingMask: c.get('in.kpm') }) }));
});

test('TransformerEncoderLayer pre-norm (GELU, causal mask) matches PyTorch', () => {
  const c = torchCase('encoder_layer_pre');
  checkAgainstTorch('encoder_layer_pre', () => new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, normFirst: true, activation: 'gelu' }), ['x'],
    (m, i) => ({ y: (m as nn.TransformerEncoderLayer).forward(i.x, { srcMask: c.get('in.mask') }) }));
});

test('TransformerEncoder (2 layers + final norm) matches PyTorch', () => {
  checkAgainstTorch('encoder', () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 }), 2, { norm: new nn.LayerNorm(8) }),
    ['x'], (m, i) => ({ y: (m as nn.TransformerEncoder).forward(i.x) }));
});

test('TransformerDecoderLayer post-norm with causal target mask and memory padding matches PyTorch', () => {
  const c = torchCase('decoder_layer_post');
  checkAgainstTorch('decoder_layer_post', () => new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 }), ['x', 'mem'],
    (m, i) => ({ y: (m as nn.TransformerDecoderLayer).forward(i.x, i.mem, { tgtMask: c.get('in.mask'), memoryKeyPaddingMask: c.get('in.mkpm') }) }));
});

test('TransformerDecoder pre-norm (2 layers) matches PyTorch', () => {
  const c = torchCase('decoder_pre');
  checkAgainstTorch('decoder_pre', () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, normFirst: true }), 2),
    ['x', 'mem'], (m, i) => ({ y: (m as nn.TransformerDecoder).forward(i.x, i.mem, { tgtMask: c.get('in.mask') }) }));
});

class Rope extends Module {
  rope = new nn.RotaryEmbedding(8);
  forward(x: Tensor): Tensor { return this.rope.forward(x, 3); }
}

test('rotary and sinusoidal encodings match their defining formulas (computed in PyTorch)', () => {
  const c = torchCase('rotary');
  checkAgainstTorch('rotary', () => new Rope(), ['x'], (m, i) => ({ y: (m as Rope).forward(i.x) }));
  const pe = new nn.SinusoidalPositionalEncoding(6, { maxLen: 7 }).forward(tensor(new Float32Array(42), { shape: [7, 6] }));
  assertTorchClose(pe, c.get('out.pe'), 'sinusoidal table');
});

test('rotary embeddings make q·k depend only on the relative position', () => {
  manualSeed(11);
  const rope = new nn.RotaryEmbedding(8);
  const q = randn([1, 8]), k = randn([1, 8]);
  const dot = (m: number, n: number) => rope.forward(q, m).mul(rope.forward(k, n)).sum().item();
  assert.ok(Math.abs(dot(2, 5) - dot(10, 13)) < 1e-4);
  assert.ok(Math.abs(dot(2, 5) - dot(2, 6)) > 1e-3);
});

test('learned positional embedding adds its first rows and errors past maxLen', () => {
  const pos = new nn.LearnedPositionalEmbedding(4, 2);
  const y = pos.forward(tensor([[[0, 0], [0, 0]]]));
  assert.deepEqual(Array.from(y.data), Array.from(pos.weight.data.subarray(0, 4)));
  assert.throws(() => pos.forward(randn([1, 5, 2])), /exceeds maxLen 4/);
});

test('MultiheadAttention with kdim and vdim (separate q/k/v projections) matches PyTorch, state-dict names included', () => {
  const c = torchCase('mha_kvdim');
  const mha = new nn.MultiheadAttention(8, 2, { kdim: 5, vdim: 3 });
  assert.deepEqual(Object.keys(mha.stateDict()).sort(),
    ['in_proj_bias', 'k_proj_weight', 'out_proj.bias', 'out_proj.weight', 'q_proj_weight', 'v_proj_weight']);
  assert.equal(mha.in_proj_weight, null);
  checkAgainstTorch('mha_kvdim', () => new nn.MultiheadAttention(8, 2, { kdim: 5, vdim: 3 }), ['q', 'k', 'v'], (m, i) => {
    const [y, w] = (m as nn.MultiheadAttention).forward(i.q, i.k, i.v, { averageAttnWeights: false });
    assertTorchClose(w!, c.get('out.w'), 'per-head attention weights');
    return { y };
  });
  assert.throws(() => mha.forward(randn([2, 3, 8]), randn([2, 4, 8]), randn([2, 4, 3])), /key with 5 features in the last dim \(its kdim\)/);
});

test('MultiheadAttention returns the weights after dropout in training, as PyTorch does, and the plain probabilities in eval', () => {
  manualSeed(4);
  const mha = new nn.MultiheadAttention(8, 2, { dropout: 0.5 });
  const x = randn([1, 6, 8]);
  const [, w] = mha.forward(x, x, x, { averageAttnWeights: false });
  mha.eval();
  const [, we] = mha.forward(x, x, x, { averageAttnWeights: false });
  for (const r of we!.sum(-1).data) assert.ok(Math.abs(r - 1) < 1e-5, 'eval weights are probabilities');
  const vals = Array.from(w!.data), probs = Array.from(we!.data);
  assert.ok(vals.some((v) => v === 0), 'some weights were dropped');
  vals.forEach((v, i) => assert.ok(v === 0 || Math.abs(v - 2 * probs[i]) < 1e-6, `weight ${i}: ${v} is 0 or 2 x ${probs[i]} (kept and scaled by 1/(1-p))`));
});
