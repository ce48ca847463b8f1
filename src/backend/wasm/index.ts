import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import type { WasmBuild } from './codes.js';
import { loadKernelsAsync, loadKernelsSync, type LoadedKernels } from './loader.js';
import { Arena } from './memory.js';
import { ThreadPool } from './pool.js';
import type { KernelExports } from './tasks.js';
import { wasmKernels, type WasmRuntime } from './kernels.js';

export { WorkerCrashError } from './pool.js';
export { tuning as wasmTuning, type WasmRuntime } from './kernels.js';
export type { WasmBuild } from './codes.js';

/** The active wasm backend and its runtime, once loaded. */
let state: { backend: Backend; rt: WasmRuntime; build: WasmBuild } | null = null;

/** Cores this process may use (Node's availableParallelism, the browser's hardwareConcurrency). */
export function defaultThreads(): number {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const os = typeof get === 'function' ? (get('node:os') as { availableParallelism?: () => number; cpus(): unknown[] }) : null;
  if (os) return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, hc ?? 1);
}

/**
 * Instantiates the kernels over a fresh shared memory. Returns null where shared wasm memory is
 * unavailable (browser pages that are not cross-origin isolated), so callers fall back to js.
 */
function create(loaded: LoadedKernels): Backend | null {
  let arena: Arena;
  try { arena = new Arena(); } catch { return null; }
  const instance = new WebAssembly.Instance(loaded.module, { env: { memory: arena.memory } });
  const k = instance.exports as unknown as KernelExports;
  const pool = new ThreadPool(loaded.module, arena.memory, k);
  const rt: WasmRuntime = { k, arena, pool, threads: defaultThreads() };
  const backend: Backend = {
    ...jsBackend,
    ...wasmKernels(rt),
    name: 'wasm',
    setNumThreads(n: number) {
      rt.threads = n;
      pool.resize(Math.max(0, n - 1));
    },
  };
  state = { backend, rt, build: loaded.build };
  return backend;
}

/**
 * The wasm backend, loaded synchronously in Node on first call; null where the kernels cannot be
 * loaded synchronously (browsers: await `loadWasmBackend()` first) or the engine lacks SIMD.
 * @example wasmBackend()?.name; // 'wasm'
 */
export function wasmBackend(): Backend | null {
  if (state) return state.backend;
  const loaded = loadKernelsSync();
  return loaded ? create(loaded) : null;
}

/** Where a browser finds the worker script (bundlers emit it under their own name). */
export interface WebThreadOptions {
  /** URL of the built `web-worker.js` (with Vite: `import u from '…/web-worker.ts?worker&url'`); default: next to this module. */
  workerUrl?: string | URL;
  /** Threads to run, the page included; default: navigator.hardwareConcurrency. */
  threads?: number;
}

/**
 * Loads the wasm backend asynchronously (browsers), fetching the kernels from `base` (a URL of the
 * package's wasm/ folder) or from next to this module. In a cross-origin-isolated page it also
 * starts Web Workers over the shared memory, so large kernels use every core; elsewhere it runs
 * on the page's thread.
 * @example const b = await loadWasmBackend(); if (b) registerBackend(b);
 */
export async function loadWasmBackend(base?: string | URL, opts: WebThreadOptions = {}): Promise<Backend | null> {
  if (state) return state.backend;
  const loaded = await loadKernelsAsync(base);
  const backend = loaded ? create(loaded) : null;
  const rt = wasmRuntime();
  if (backend && rt && !nodeThreads()) {
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    const want = Math.max(1, opts.threads ?? defaultThreads());
    const url = opts.workerUrl === undefined ? undefined : new URL(opts.workerUrl, (globalThis as { location?: { href: string } }).location?.href);
    const started = isolated && want > 1 ? await rt.pool.startWebWorkers(want - 1, url) : 0;
    rt.threads = 1 + started;
  }
  return backend;
}

/** Whether this is Node (worker_threads), where threads start on demand. */
function nodeThreads(): boolean {
  return typeof (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule === 'function';
}

/**
 * Which compiled build the wasm backend runs: 'relaxed-simd' (fused multiply-add; Node 20 needs
 * --experimental-wasm-relaxed-simd) or 'simd'; null when the backend is not loaded.
 * @example wasmBuild(); // 'relaxed-simd'
 */
export function wasmBuild(): WasmBuild | null {
  return state?.build ?? null;
}

/** Threads the wasm kernels use now (1 before the backend loads). */
export function wasmThreads(): number {
  return state?.rt.threads ?? 1;
}

/** The loaded runtime (kernels, memory arena, thread pool), for diagnostics and tests; null before loading. */
export function wasmRuntime(): WasmRuntime | null {
  return state?.rt ?? null;
}
