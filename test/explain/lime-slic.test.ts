import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, Generator, randn, cat } from '../../src/core/index.js';
import * as ex from '../../src/explain/index.js';
import { assertClose } from '../helpers.js';

test('SLIC covers the image with connected segments that respect a sharp edge', () => {
  const H = 20, W = 20, img = new Float32Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) img[y * W + x] = x < 9 ? 0.1 : 0.9;
  const { labels, count } = ex.slic(img, 1, H, W, { numSegments: 16 });
  assert.ok(count >= 8 && count <= 24, `count ${count}`);
  assert.ok(Array.from(labels).every((l) => l >= 0 && l < count));
  for (let s = 0; s < count; s++) {
    const sides = new Set<number>();
    labels.forEach((l, i) => { if (l === s) sides.add(i % W < 9 ? 0 : 1); });
    assert.equal(sides.size, 1, `segment ${s} straddles the edge`);
    // Connected: flood from one pixel reaches every pixel of the segment.
    const pix = [...labels.keys()].filter((i) => labels[i] === s), seen = new Set([pix[0]]), stack = [pix[0]];
    while (stack.length) {
      const i = stack.pop()!, y = Math.floor(i / W), x = i % W;
      for (const j of [x > 0 ? i - 1 : -1, x < W - 1 ? i + 1 : -1, y > 0 ? i - W : -1, y < H - 1 ? i + W : -1]) if (j >= 0 && labels[j] === s && !seen.has(j)) { seen.add(j); stack.push(j); }
    }
    assert.equal(seen.size, pix.length, `segment ${s} is not connected`);
  }
});

test('LIME tabular finds the one feature the model uses, and the same seed repeats the explanation', () => {
  const g = new Generator(1);
  const train = randn([400, 4], { generator: g });
  // Probability of class 1 rises with feature 2 only.
  const probs = (x: Tensor) => { const p = x.narrow(1, 2, 1).mul(3).sigmoid(); return cat([p.rsub(1), p], 1); };
  const x0 = [0.1, -0.3, 1.5, 0.2];
  const a = ex.limeTabular(probs, x0, train, 1, { seed: 3, samples: 1500, outputsProbabilities: true });
  const top = a.weights.map(Math.abs).indexOf(Math.max(...a.weights.map(Math.abs)));
  assert.equal(top, 2);
  assert.ok(a.weights[2] > 0);
  const b = ex.limeTabular(probs, x0, train, 1, { seed: 3, samples: 1500, outputsProbabilities: true });
  assert.deepEqual(a.weights, b.weights);
  const c = ex.limeTabular(probs, x0, train, 1, { seed: 4, samples: 1500, outputsProbabilities: true });
  assert.notDeepEqual(a.weights, c.weights);
  assert.throws(() => ex.limeTabular(probs, [1, 2], train, 1), /2 features/);
});

test('LIME image credits the superpixels the model looks at', () => {
  const H = 12, W = 12;
  const img = new Tensor(new Float32Array(H * W).fill(1), [1, H, W]);
  const segments = Int32Array.from({ length: H * W }, (_, i) => (Math.floor(i / W) < 6 ? 0 : 2) + (i % W < 6 ? 0 : 1));
  // Class 1 probability grows with the brightness of the top-left quadrant only.
  const model = (x: Tensor) => {
    const B = x.shape[0], out = new Float32Array(B * 2);
    for (let b = 0; b < B; b++) {
      let s = 0; for (let y = 0; y < 6; y++) for (let xx = 0; xx < 6; xx++) s += x.data[b * H * W + y * W + xx] / 36;
      out[b * 2] = 1 - s; out[b * 2 + 1] = s;
    }
    return new Tensor(out, [B, 2]);
  };
  const r = ex.limeImage(model, img, 1, { segments, samples: 200, seed: 0, hideValue: 0, outputsProbabilities: true });
  assert.ok(r.weights[0] > 0.5, `weight ${r.weights[0]}`);
  for (const k of [1, 2, 3]) assert.ok(Math.abs(r.weights[k]) < 0.05);
  assertClose(r.map.data[0], r.weights[0], { atol: 1e-6 });
});
