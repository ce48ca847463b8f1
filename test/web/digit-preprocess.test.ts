import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toMnist, inkBox, resizeArea, centreOfMass, type Gray } from '../../web/src/pages/digit-preprocess.js';

function canvas(w: number, h: number, rects: [number, number, number, number][]): Gray {
  const data = new Float32Array(w * h);
  for (const [x0, y0, rw, rh] of rects) for (let y = y0; y < y0 + rh; y++) for (let x = x0; x < x0 + rw; x++) data[y * w + x] = 1;
  return { data, width: w, height: h };
}
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

test('an empty drawing gives no input', () => {
  assert.equal(toMnist(canvas(280, 280, [])), null);
  assert.equal(inkBox(canvas(10, 10, [])), null);
});

test('area resizing keeps the mean intensity', () => {
  const img = canvas(100, 100, [[0, 0, 50, 100]]);
  const out = resizeArea(img, { x0: 0, y0: 0, x1: 99, y1: 99 }, 0.2);
  assert.equal(out.width, 20);
  assert.equal(out.height, 20);
  assert.ok(Math.abs(sum(out.data) / 400 - 0.5) < 1e-5, `mean ${sum(out.data) / 400}`);
  // Upscaling by 2 covers each output pixel fully or not at all.
  const up = resizeArea(canvas(3, 3, [[1, 1, 1, 1]]), { x0: 0, y0: 0, x1: 2, y1: 2 }, 2);
  assert.equal(sum(up.data), 4);
});

test('a tall bar fills 20 pixels of height, keeps its aspect ratio and is centred by its centre of mass', () => {
  const x = toMnist(canvas(280, 280, [[30, 40, 20, 200]]))!;
  assert.equal(x.length, 784);
  const img = { data: x, width: 28, height: 28 };
  const [cx, cy] = centreOfMass(img);
  assert.ok(Math.abs(cx - 14) <= 0.5 && Math.abs(cy - 14) <= 0.5, `centre of mass (${cx}, ${cy})`);
  const box = inkBox(img)!;
  assert.equal(box.y1 - box.y0 + 1, 20);
  assert.equal(box.x1 - box.x0 + 1, 2);
  assert.ok(Math.abs(sum(x) - 40) < 1e-3, `ink ${sum(x)} should be 2 × 20`);
});

test('where and how large the digit is drawn does not matter', () => {
  const shape = (ox: number, oy: number, k: number): [number, number, number, number][] => [[ox, oy, 20 * k, 4 * k], [ox + 16 * k, oy, 4 * k, 24 * k]];
  const a = toMnist(canvas(280, 280, shape(10, 10, 5)))!, b = toMnist(canvas(280, 280, shape(150, 120, 5)))!, c = toMnist(canvas(280, 280, shape(60, 40, 8)))!;
  assert.deepEqual(Array.from(a), Array.from(b));
  const diff = a.reduce((s, v, i) => s + Math.abs(v - c[i]), 0);
  assert.ok(diff < 1, `a larger copy differs by ${diff}`);
});
