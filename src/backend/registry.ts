import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import { ValueError } from '../core/errors.js';
import { wasmBackend, defaultThreads } from './wasm/index.js';

export { wasmBuild } from './wasm/index.js';

const backends = new Map<string, Backend>([['js', jsBackend]]);
// The wasm backend (SIMD kernels on all cores) loads synchronously in Node and is the default
// there; NEURAL_ALCHEMY_BACKEND=js (or any registered name) picks another at startup.
const wasm = wasmBackend();
if (wasm) backends.set(wasm.name, wasm);
const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NEURAL_ALCHEMY_BACKEND;
let current: Backend = (requested && backends.get(requested)) || wasm || jsBackend;
let threads = wasm ? defaultThreads() : 1;
/** Hooks a backend can register to learn the thread count. */
const threadListeners: ((n: number) => void)[] = [];

/** Makes a backend selectable by name. Faster backends register themselves on import. */
export function registerBackend(b: Backend): void {
  backends.set(b.name, b);
}

/** The backend kernels run on now. */
export function backend(): Backend {
  return current;
}

/** Name of the active backend, e.g. `'wasm'` or `'js'`. */
export function getBackend(): string {
  return current.name;
}

/** Names of every registered backend. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/**
 * Switches the backend all following ops use.
 * @example setBackend('js'); // the reference kernels
 */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) throw new ValueError(`setBackend: unknown backend '${name}'; available: ${listBackends().join(', ')}`);
  current = b;
}

/** Sets how many threads kernels may use (backends without threads ignore it). */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`setNumThreads: expected a positive integer, got ${n}`);
  threads = n;
  for (const b of backends.values()) b.setNumThreads?.(n);
  for (const f of threadListeners) f(n);
}

export function getNumThreads(): number {
  return threads;
}

export function onNumThreads(f: (n: number) => void): void {
  threadListeners.push(f);
}
