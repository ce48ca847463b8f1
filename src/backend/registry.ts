import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import { ValueError } from '../core/errors.js';

const backends = new Map<string, Backend>([['js', jsBackend]]);
let current: Backend = jsBackend;
let threads = 1;
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
  for (const f of threadListeners) f(n);
}

export function getNumThreads(): number {
  return threads;
}

export function onNumThreads(f: (n: number) => void): void {
  threadListeners.push(f);
}
