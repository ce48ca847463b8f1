import { test } from 'node:test';
import { jsBackend } from '../../src/backend/js/index.js';
import { assertClose } from '../helpers.js';
import { randArray, withWasm } from './wasm-fixtures.js';

// Shapes chosen to hit every edge of the packed kernel: empty and unit dims, sizes that are not
// multiples of the 4x8 tile, and sizes past one depth block (256), one row block (64) and one
// column block (256).
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [0, 3, 4], [3, 0, 4], [3, 4, 0], [1, 7, 1], [4, 8, 8], [5, 9, 13], [7, 3, 17],
  [33, 65, 31], [64, 257, 9], [67, 300, 270], [130, 31, 260], [3, 513, 2],
];

function check(threads: number): void {
  withWasm(threads, (b) => {
    for (const [m, k, n] of SHAPES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            const a = randArray(m * k, m * 131 + k), bm = randArray(k * n, n * 17 + k + 3);
            const init = randArray(m * n, 99);
            const want = Float32Array.from(init), got = Float32Array.from(init);
            jsBackend.matmul(a, bm, want, m, k, n, transA, transB, accumulate);
            b.matmul(a, bm, got, m, k, n, transA, transB, accumulate);
            assertClose(got, want, { atol: 1e-4, rtol: 1e-4 },
              `matmul ${m}x${k}x${n} transA=${transA} transB=${transB} accumulate=${accumulate} threads=${threads}`);
          }
        }
      }
    }
  });
}

test('wasm matmul matches js on awkward shapes, transposes and accumulate (1 thread)', () => check(1));
test('wasm matmul matches js when split over worker threads (3 threads)', () => check(3));

test('wasm matmul reads operands given as subarrays of larger buffers', () => {
  withWasm(2, (b) => {
    const big = randArray(1000, 5);
    const a = big.subarray(100, 100 + 12 * 20), bm = big.subarray(500, 500 + 20 * 9);
    const want = new Float32Array(12 * 9), got = new Float32Array(12 * 9);
    jsBackend.matmul(a, bm, want, 12, 20, 9, false, false, false);
    b.matmul(a, bm, got, 12, 20, 9, false, false, false);
    assertClose(got, want, { atol: 1e-5, rtol: 1e-5 }, 'matmul on subarrays');
  });
});

test('wasm batched matmul matches js per item, with transposes and accumulate, on 1 and 3 threads', () => {
  for (const threads of [1, 3]) {
    withWasm(threads, (b) => {
      for (const [batch, m, k, n] of [[1, 5, 9, 13], [2, 3, 4, 5], [7, 9, 16, 9], [5, 33, 8, 31], [3, 0, 4, 2]]) {
        for (const [transA, transB, accumulate] of [[false, false, false], [false, true, false], [true, false, true], [true, true, true]]) {
          const a = randArray(batch * m * k, m + 7 * batch), bm = randArray(batch * k * n, n + 3);
          const init = randArray(batch * m * n, 42);
          const want = Float32Array.from(init), got = Float32Array.from(init);
          jsBackend.matmulBatch(a, bm, want, batch, m, k, n, transA, transB, accumulate);
          b.matmulBatch(a, bm, got, batch, m, k, n, transA, transB, accumulate);
          assertClose(got, want, { atol: 1e-4, rtol: 1e-4 }, `batch ${batch} ${m}x${k}x${n} tA=${transA} tB=${transB} acc=${accumulate} threads=${threads}`);
        }
      }
    });
  }
});
