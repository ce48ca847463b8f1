import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { DelayTable, InFlight, SpikeHistory } from '../../src/neuro/benchmarks/input-delays.js';

test('DelayTable.uniform: 0-10 ms at dt 0.5 ms gives whole steps 0-19, evenly; no delays draws nothing', () => {
  const t = DelayTable.uniform(784, 50, 10, 0.5, new Generator(1));
  assert.equal(t.span, 20);
  const hist = new Array(20).fill(0);
  for (const s of t.steps) hist[s]++;
  const expected = t.steps.length / 20;
  for (const h of hist) assert.ok(Math.abs(h - expected) < 5 * Math.sqrt(expected), `histogram ${hist}`);
  const g = new Generator(5), none = DelayTable.uniform(784, 50, 0, 0.5, g);
  assert.equal(none.span, 1);
  assert.equal(g.uniform(), new Generator(5).uniform(), 'delays off must leave the random stream alone');
  assert.throws(() => new DelayTable(2, 2, Int32Array.of(0, 1, -1, 0)), /whole steps >= 0/);
  assert.throws(() => new DelayTable(2, 2, Int32Array.of(0, 1, 2)), /3 delays for 2×2/);
});

test('SpikeHistory.latestArrived: the newest spike whose emission step + delay has come', () => {
  const h = new SpikeHistory(2, 6);
  for (const s of [0, 3, 7]) h.push(1, s, s * 0.5);
  assert.equal(h.latestArrived(1, 5, 9), 1.5, 'step 7 arrives at 12, step 3 at 8 <= 9');
  assert.equal(h.latestArrived(1, 0, 7), 3.5, 'without delay the newest');
  assert.equal(h.latestArrived(1, 5, 4), -Infinity, 'nothing has arrived yet');
  assert.equal(h.latestArrived(0, 0, 100), -Infinity, 'a silent input');
  // Past the ring's depth (8 for span 6) the oldest entries are forgotten, the recent ones kept.
  for (let s = 10; s < 30; s++) h.push(1, s, s);
  assert.equal(h.latestArrived(1, 5, 30), 25);
});

test('InFlight: first in, first out, in emission order', () => {
  const q = new InFlight(3, 2);
  q.push(2, 10); q.push(0, 10); q.push(1, 11);
  const out: [number, number][] = [];
  while (q.size > 0) { out.push([q.oldestSource(), q.oldestStep()]); q.shift(); }
  assert.deepEqual(out, [[2, 10], [0, 10], [1, 11]]);
  assert.throws(() => { q.position = { head: -1, size: 0 }; }, /outside a ring/);
});
