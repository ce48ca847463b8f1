import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../../src/core/random.js';
import { seqBatch, BOS } from '../../../src/experiments/architectures/seq-tasks.js';
import { loadBrownText } from '../../../src/experiments/architectures/brown.js';
import { DigitLSTM, DigitTransformer, greedyDecode } from '../../../src/experiments/architectures/seq2seq.js';

test('seqBatch: targets are the reversed or sorted source; decoder input is BOS + target shifted right', () => {
  const gen = new Generator(3);
  for (const task of ['reverse', 'sort'] as const) {
    const { src, tgtIn, tgt } = seqBatch(task, 4, 12, gen);
    for (let b = 0; b < 4; b++) {
      const s = Array.from(src.data.subarray(b * 12, (b + 1) * 12));
      const t = Array.from(tgt.data.subarray(b * 12, (b + 1) * 12));
      assert.deepEqual(t, task === 'reverse' ? [...s].reverse() : [...s].sort((x, y) => x - y));
      assert.deepEqual(Array.from(tgtIn.data.subarray(b * 12, (b + 1) * 12)), [BOS, ...t.slice(0, 11)]);
    }
  }
});

test('the Brown corpus text comes from node_modules without part-of-speech tags', () => {
  const { text, files } = loadBrownText(1);
  assert.equal(files, 1);
  assert.ok(text.startsWith('The Fulton County Grand Jury said Friday an investigation of'), text.slice(0, 80));
  assert.ok(!/\/(nn|at|np)\b/.test(text), 'no tags left');
  assert.ok(text.length > 5000);
});

test('greedy decoding returns one digit per source position for both seq2seq models', () => {
  const gen = new Generator(4);
  const { src } = seqBatch('sort', 3, 10, gen);
  for (const m of [new DigitTransformer(16, 2, 1, 32, 16), new DigitLSTM(8, 16, 1)]) {
    const pred = greedyDecode(m, src);
    assert.equal(pred.length, 30);
    assert.ok(pred.every((d) => d >= 0 && d <= 9));
  }
});
