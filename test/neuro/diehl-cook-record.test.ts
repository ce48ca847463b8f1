import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { DiehlCook, type DiehlCookRecord } from '../../src/neuro/benchmarks/diehl-cook.js';

test('DiehlCook.present records the spikes behind its counts, and recording changes nothing', () => {
  const img = new Float64Array(784);
  for (let r = 6; r < 22; r++) for (let c = 12; c < 16; c++) img[r * 28 + c] = 255;
  const rec: DiehlCookRecord = { inputSteps: [], inputIndices: [], excSteps: [], excIndices: [] };
  const a = new DiehlCook({ nExc: 10, tPresent: 100 }, new Generator(3)).present(img, false, rec);
  const b = new DiehlCook({ nExc: 10, tPresent: 100 }, new Generator(3)).present(img, false);
  assert.deepEqual(Array.from(a), Array.from(b));
  const fromRecord = new Array<number>(10).fill(0);
  for (const i of rec.excIndices) fromRecord[i]++;
  assert.deepEqual(fromRecord, Array.from(a));
  assert.equal(rec.excSteps.length, rec.excIndices.length);
  assert.ok(rec.inputIndices.length > 50, `input spikes: ${rec.inputIndices.length}`);
  assert.ok(rec.inputIndices.every((j) => img[j] > 0), 'only lit pixels spike');
  assert.ok(rec.inputSteps.every((k) => k >= 0 && k < 200) && rec.excSteps.every((k) => k >= 0 && k < 200), 'steps lie within the 100 ms presentation (dt 0.5 ms)');
});
