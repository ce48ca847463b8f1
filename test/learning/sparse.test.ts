import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, Generator, Tensor, ValueError, ShapeError } from '../../src/core/index.js';
import { ista, fista, lca, lassoObjective, softThreshold, DictionaryLearner, normalizeRows, extractPatches, activeFraction } from '../../src/learning/index.js';
import { assertClose } from '../helpers.js';

function sparseProblem(seed: number) {
  manualSeed(seed);
  const dict = normalizeRows(randn([40, 20]));
  const codes = new Float32Array(8 * 40);
  const gen = new Generator(seed);
  for (let b = 0; b < 8; b++) for (let j = 0; j < 3; j++) codes[b * 40 + gen.int(0, 40)] = gen.normal() * 2;
  const x = new Tensor(codes, [8, 40]).matmul(dict);
  return { dict, x };
}

test('soft threshold shrinks towards zero by t (hand-computed)', () => {
  assertClose(softThreshold(tensor([-2, -0.5, 0.3, 1.5]), 1), [-1, 0, 0, 0.5]);
  assertClose(softThreshold(tensor([-2, 1.5]), 1, true), [0, 0.5]);
});

test('ISTA decreases the LASSO objective monotonically', () => {
  const { dict, x } = sparseProblem(1);
  const { objective, codes } = ista(x, dict, { lambda: 0.1, iterations: 100, trackObjective: true });
  for (let i = 1; i < objective.length; i++) assert.ok(objective[i] <= objective[i - 1] + 1e-4, `step ${i}: ${objective[i - 1]} → ${objective[i]}`);
  assert.ok(objective[objective.length - 1] < 0.2 * lassoObjective(x, dict, tensor(new Float32Array(320), { shape: [8, 40] }), 0.1));
  assert.ok(activeFraction(codes) < 0.5);
});

test('FISTA reaches a lower objective than ISTA in the same iterations, and LCA agrees', () => {
  const { dict, x } = sparseProblem(2);
  const o = { lambda: 0.1, iterations: 30, trackObjective: true };
  const fi = fista(x, dict, o).objective.at(-1)!, is = ista(x, dict, o).objective.at(-1)!;
  assert.ok(fi < is, `fista ${fi} vs ista ${is}`);
  const ref = fista(x, dict, { lambda: 0.1, iterations: 500 }).codes;
  const l = lca(x, dict, { lambda: 0.1, iterations: 600, dtOverTau: 0.05 });
  assertClose(lassoObjective(x, dict, l.codes, 0.1), lassoObjective(x, dict, ref, 0.1), { rtol: 0.01 });
});

test('dictionary learning fits sparse synthetic data', () => {
  manualSeed(3);
  const truth = normalizeRows(randn([10, 20]));
  const gen = new Generator(30);
  const batch = () => {
    const c = new Float32Array(64 * 10);
    for (let b = 0; b < 64; b++) for (let j = 0; j < 2; j++) c[b * 10 + gen.int(0, 10)] = 1 + gen.uniform();
    return new Tensor(c, [64, 10]).matmul(truth);
  };
  const dl = new DictionaryLearner({ numAtoms: 10, numFeatures: 20, lambda: 0.05, lr: 0.5, inferenceIterations: 30, generator: gen });
  const first = dl.step(batch()).reconstructionError;
  let last = first;
  for (let i = 0; i < 150; i++) last = dl.step(batch()).reconstructionError;
  assert.ok(last < 0.1 * first, `error ${first} → ${last}`);
  for (let k = 0; k < 10; k++) assert.ok(Math.abs(Math.hypot(...dl.dictionary.data.subarray(k * 20, k * 20 + 20)) - 1) < 1e-4, 'atoms stay unit norm');
  // The learned dictionary explains fresh data at a far lower LASSO cost than a random one.
  const x = batch();
  const fresh = new DictionaryLearner({ numAtoms: 10, numFeatures: 20, lambda: 0.05, generator: new Generator(99) });
  const cost = (d: DictionaryLearner) => lassoObjective(x, d.dictionary, d.encode(x), 0.05);
  assert.ok(cost(dl) < 0.3 * cost(fresh), `objective ${cost(dl)} vs random ${cost(fresh)}`);
});

test('a dictionary of zero atoms, bad lambda or mismatched signals are clear errors', () => {
  assert.throws(() => new DictionaryLearner({ numAtoms: 0, numFeatures: 4, lambda: 0.1 }), (e: Error) => e instanceof ValueError && /at least one atom/.test(e.message));
  assert.throws(() => ista(randn([2, 5]), randn([0, 5]), { lambda: 0.1 }), (e: Error) => e instanceof ValueError && /0 atoms/.test(e.message));
  assert.throws(() => ista(randn([2, 4]), randn([3, 5]), { lambda: 0.1 }), ShapeError);
  assert.throws(() => fista(randn([2, 5]), randn([3, 5]), { lambda: -1 }), ValueError);
});

test('extractPatches cuts square patches and skips blank ones', () => {
  const img = new Float32Array(2 * 6 * 6);
  img[1 * 36 + 2 * 6 + 3] = 1;
  const p = extractPatches(new Tensor(img, [2, 6, 6]), { patchSize: 3, count: 5, minVariance: 1e-3, generator: new Generator(1) });
  assert.deepEqual([...p.shape], [5, 9]);
  for (let i = 0; i < 5; i++) assert.equal(Array.from(p.data.subarray(i * 9, i * 9 + 9)).reduce((a, b) => a + b, 0), 1);
});
