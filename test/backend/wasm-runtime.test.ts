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

/** Posts a fault to worker 1 while the calling thread runs an empty matmul share (rows 0 to 0). */
function runWorkerFault(kind: number): void {
  const rt = wasmRuntime()!;
  rt.pool.runEach([[TASK_MATMUL, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], [kind, []]]);
}

test('a kernel fault in a worker fails only that call, with a clear error, and the worker restarts', () => {
  matmulStillWorks();
  assert.throws(() => runWorkerFault(TASK_FAULT_THROW),
    (e: unknown) => e instanceof WorkerCrashError && /injected kernel fault/.test(e.message) && /restarted/.test(e.message));
  matmulStillWorks();
});

test('a worker thread that exits abruptly fails only that call and is replaced', () => {
  assert.throws(() => runWorkerFault(TASK_FAULT_EXIT), (e: unknown) => e instanceof WorkerCrashError && /exited/.test(e.message));
  matmulStillWorks();
});
