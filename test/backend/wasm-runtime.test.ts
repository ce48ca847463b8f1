import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, setBackend, listBackends, wasmBuild, getNumThreads, setNumThreads } from '../../src/backend/registry.js';
import { wasmRuntime, WorkerCrashError } from '../../src/backend/wasm/index.js';
import { TASK_FAULT_THROW, TASK_FAULT_EXIT, TASK_MATMUL } from '../../src/backend/wasm/tasks.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { assertClose } from '../helpers.js';
import { randArray, withWasm } from './wasm-fixtures.js';

test('wasm is registered and is the default backend in Node, with one thread per core', () => {
  assert.ok(listBackends().includes('wasm'));
  if (!process.env.NEURAL_ALCHEMY_BACKEND) assert.equal(getBackend(), 'wasm');
  assert.ok(getNumThreads() >= 1);
  setBackend('js'); assert.equal(getBackend(), 'js');
  setBackend('wasm'); assert.equal(getBackend(), 'wasm');
});

test('the relaxed-SIMD build is picked when the engine validates it (the test runner enables it)', () => {
  const relaxed = process.execArgv.includes('--experimental-wasm-relaxed-simd') || Number(process.versions.node.split('.')[0]) >= 22;
  assert.equal(wasmBuild(), relaxed ? 'relaxed-simd' : 'simd');
});

test('setNumThreads reaches the wasm backend', () => {
  const prev = getNumThreads();
  setNumThreads(3);
  assert.equal(wasmRuntime()!.threads, 3);
  setNumThreads(prev);
  assert.equal(wasmRuntime()!.threads, prev);
});

function matmulStillWorks(): void {
  const a = randArray(40 * 30, 1), b = randArray(30 * 50, 2);
  const want = new Float32Array(40 * 50), got = new Float32Array(40 * 50);
  jsBackend.matmul(a, b, want, 40, 30, 50, false, false, false);
  withWasm(2, (w) => w.matmul(a, b, got, 40, 30, 50, false, false, false));
  assertClose(got, want, { atol: 1e-4, rtol: 1e-4 }, 'matmul after a worker fault');
}

/** Posts a one-chunk job that only the workers may claim, so the fault happens on a worker. */
function runWorkerFault(kind: number): void {
  wasmRuntime()!.pool.run(kind, [[]], undefined, { callerJoins: false });
}

test('a kernel fault in a worker fails only that call, with a clear error, and later calls run normally', () => {
  matmulStillWorks();
  assert.throws(() => runWorkerFault(TASK_FAULT_THROW),
    (e: unknown) => e instanceof WorkerCrashError && /injected kernel fault/.test(e.message) && /later calls run normally/.test(e.message));
  matmulStillWorks();
});

test('a worker thread that exits abruptly fails only that call and is replaced', () => {
  assert.throws(() => runWorkerFault(TASK_FAULT_EXIT), (e: unknown) => e instanceof WorkerCrashError && /exited/.test(e.message));
  matmulStillWorks();
});

test('hundreds of back-to-back split jobs on 3 threads each match js exactly once (no chunk lost or run twice)', () => {
  withWasm(3, (w) => {
    const before = wasmRuntime()!.pool.dispatched;
    for (let t = 0; t < 400; t++) {
      const m = 1 + (t * 7) % 23, k = 1 + (t * 5) % 17, n = 1 + (t * 3) % 29;
      const a = randArray(m * k, t + 1), b = randArray(k * n, t + 2), init = randArray(m * n, t + 3);
      // accumulate makes a chunk run twice visible; a lost chunk leaves init in place.
      const want = Float32Array.from(init), got = Float32Array.from(init);
      jsBackend.matmul(a, b, want, m, k, n, false, t % 2 === 1, true);
      w.matmul(a, b, got, m, k, n, false, t % 2 === 1, true);
      assertClose(got, want, { atol: 1e-4, rtol: 1e-4 }, `job ${t}: ${m}x${k}x${n}`);
    }
    // Who claims what is first come (on a busy machine the caller may run everything): only the results are checked here.
    assert.ok(wasmRuntime()!.pool.dispatched >= before);
  });
});

test('jobs left to the workers alone: every chunk runs exactly once, on a worker, across hundreds of jobs', () => {
  withWasm(3, () => {
    const rt = wasmRuntime()!, packFloats = rt.k.PACK_FLOATS.value as number;
    for (let t = 0; t < 200; t++) {
      const m = 12 + (t % 5) * 4, k = 3 + (t * 7) % 11, n = 5 + (t * 3) % 13;
      const a = randArray(m * k, t + 11), b = randArray(k * n, t + 12), init = randArray(m * n, t + 13);
      const want = Float32Array.from(init);
      jsBackend.matmul(a, b, want, m, k, n, false, false, true);
      rt.arena.reset();
      const pa = rt.arena.put(a), pb = rt.arena.put(b), pc = rt.arena.put(init);
      const rows = [[0, 4], [4, 8], [8, m]];
      const chunks = rows.map(([i0, i1]) => [pa, pb, pc, m, k, n, 0, 0, 1, i0, i1, 0, n, 0]);
      const parts = rt.pool.participants(chunks.length + 1, chunks.length + 1);
      const before = rt.pool.dispatched;
      rt.pool.run(TASK_MATMUL, chunks, { base: rt.arena.alloc(parts * packFloats), stride: packFloats * 4, slots: [[13, 0]] }, { callerJoins: false });
      assert.equal(rt.pool.dispatched - before, 3, `job ${t}: all chunks ran on workers`);
      const got = new Float32Array(m * n);
      rt.arena.get(pc, got);
      assertClose(got, want, { atol: 1e-4, rtol: 1e-4 }, `job ${t}: ${m}x${k}x${n}, each chunk exactly once`);
    }
  });
});

test('split conv weight gradients are bitwise identical run after run (chunk partials summed in a fixed order)', () => {
  withWasm(2, (w) => {
    const g = { n: 12, c: 3, h: 9, w: 9, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 9, ow: 9 };
    const x = randArray(12 * 3 * 81, 5), gy = randArray(12 * 4 * 81, 6);
    const first = new Float32Array(4 * 27);
    w.conv2dGradWeight(x, gy, g, 4, 1, first);
    for (let r = 0; r < 50; r++) {
      const again = new Float32Array(4 * 27);
      w.conv2dGradWeight(x, gy, g, 4, 1, again);
      assert.deepEqual(Array.from(again), Array.from(first), `run ${r}`);
    }
  });
});

test('a job cut into more chunks than threads never starts more workers than setNumThreads allows', () => {
  withWasm(2, (w) => {
    const g = { n: 16, c: 2, h: 8, w: 8, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 8, ow: 8 };
    w.conv2d(randArray(16 * 2 * 64, 1), randArray(3 * 18, 2), null, g, 3, 1, new Float32Array(16 * 3 * 64));
    assert.equal(wasmRuntime()!.pool.participants(1), 2, 'the caller and one worker');
  });
});
