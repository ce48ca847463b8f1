import { wasmBackend, wasmRuntime, wasmTuning } from '../../src/backend/wasm/index.js';
import type { Backend } from '../../src/backend/backend.js';

/** Deterministic values in [-scale, scale) (a 32-bit LCG), so failures reproduce. */
export function randArray(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 * 2 - 1) * scale;
  }
  return out;
}

/** The loaded wasm backend (the tests fail loudly if it could not load). */
export function wasm(): Backend {
  const b = wasmBackend();
  if (!b) throw new Error('the wasm backend did not load: run `npm run build` so wasm/ holds the kernels');
  return b;
}

/**
 * Runs `fn` with every size routed through wasm, on `threads` threads, with splitting forced down
 * to the smallest pieces so even tiny shapes exercise the worker threads; restores the settings.
 */
export function withWasm(threads: number, fn: (b: Backend) => void): void {
  const b = wasm();
  const saved = { ...wasmTuning };
  const prevThreads = wasmRuntime()!.threads;
  Object.assign(wasmTuning, { matmulMinFlops: 0, elementwiseMin: 0, matmulFlopsPerThread: 1, foldPerThread: 1 });
  b.setNumThreads!(threads);
  try { fn(b); } finally {
    Object.assign(wasmTuning, saved);
    b.setNumThreads!(prevThreads);
  }
}
