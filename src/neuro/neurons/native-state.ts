// Neuron state arrays that live in a wasm memory of their own, so the plain LIF updates can run as
// compiled loops over them (assembly/neuro.ts) while every js reader and writer — synaptic
// delivery, monitors, users — keeps indexing ordinary typed arrays. The js engine re-checks
// typed-array bounds and bases on every access of this loop; the wasm loop does not, which makes
// it about 2.8x faster per neuron (7.5 -> 2.7 ns). Internal to the simulator: the arrays belong to
// one population's state for its lifetime, so nothing is ever reclaimed under a live view.
import { loadKernelsSync } from '../../backend/wasm/loader.js';
import type { KernelExports } from '../../backend/wasm/tasks.js';

/** Populations smaller than this stay in plain arrays (instantiating costs more than it saves). */
export const NATIVE_MIN_NEURONS = 256;
/** The kernels' own constant data sits in the first pages of any memory they are given. */
const RESERVED = 4 * 65536;

/** Addresses of a population's state in its memory, with the kernels bound to that memory. */
export interface NativeState {
  k: KernelExports;
  /** Byte addresses of v, the two synaptic variables, θ, the refractory counters and a fired-list scratch. */
  v: number; a: number; b: number; theta: number; ref: number; fired: number;
  firedView: Int32Array;
  arrays: { v: Float64Array; a: Float64Array; b: Float64Array; theta: Float64Array; ref: Int32Array };
}

let compiled: WebAssembly.Module | null | undefined;
const natives = new WeakMap<object, NativeState>();

/**
 * Allocates five state arrays for `n` neurons (four float64, one int32) in a fresh wasm memory, or
 * returns null where the kernels cannot load synchronously (browsers) or `n` is small.
 */
export function nativeArrays(n: number): NativeState | null {
  if (n < NATIVE_MIN_NEURONS || typeof SharedArrayBuffer !== 'function') return null;
  if (compiled === undefined) {
    try { compiled = loadKernelsSync()?.module ?? null; } catch { compiled = null; }
  }
  if (!compiled) return null;
  const f8 = 8 * n, i4 = 4 * n;
  const v = RESERVED, a = v + f8, b = a + f8, theta = b + f8, ref = theta + f8, fired = ref + i4;
  const pages = Math.ceil((fired + i4) / 65536) + 1;
  let memory: WebAssembly.Memory, k: KernelExports;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    k = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as KernelExports;
  } catch { return null; }
  const buf = memory.buffer;
  return {
    k, v, a, b, theta, ref, fired, firedView: new Int32Array(buf, fired, n),
    arrays: { v: new Float64Array(buf, v, n), a: new Float64Array(buf, a, n), b: new Float64Array(buf, b, n), theta: new Float64Array(buf, theta, n), ref: new Int32Array(buf, ref, n) },
  };
}

/**
 * A LIF-family state for `n` neurons at rest (`vRest`), its two synaptic variables named `a` and
 * `b` (iE/iI or gE/gI): in wasm memory when the population is large enough, else plain arrays.
 */
export function lifFamilyState<A extends string, B extends string>(n: number, vRest: number, a: A, b: B):
  { v: Float64Array; theta: Float64Array; refCount: Int32Array } & Record<A | B, Float64Array> {
  type S = { v: Float64Array; theta: Float64Array; refCount: Int32Array } & Record<A | B, Float64Array>;
  const nat = nativeArrays(n);
  if (!nat) {
    return { v: new Float64Array(n).fill(vRest), [a]: new Float64Array(n), [b]: new Float64Array(n), theta: new Float64Array(n), refCount: new Int32Array(n) } as S;
  }
  const x = nat.arrays;
  const s = { v: x.v.fill(vRest), [a]: x.a, [b]: x.b, theta: x.theta, refCount: x.ref } as S;
  natives.set(s, nat);
  return s;
}

/**
 * The native handle of `state` when its arrays are still the ones allocated for it (code that
 * swaps an array in falls back to the js loop), else null.
 */
export function nativeOf(state: { v: Float64Array; theta: Float64Array; refCount: Int32Array }, a: Float64Array, b: Float64Array): NativeState | null {
  const nat = natives.get(state);
  if (!nat) return null;
  const x = nat.arrays;
  return x.v === state.v && x.a === a && x.b === b && x.theta === state.theta && x.ref === state.refCount ? nat : null;
}

/** Whether `state` runs its plain updates in wasm (diagnostics and tests). */
export function isNative(state: object): boolean { return natives.has(state); }

/** Marks the `count` neurons the kernel listed as fired in `spikes` and copies them into `fired`. */
export function publishFired(nat: NativeState, count: number, spikes: Uint8Array, fired: Int32Array | null): void {
  const list = nat.firedView;
  for (let q = 0; q < count; q++) {
    const i = list[q];
    spikes[i] = 1;
    if (fired !== null) fired[q] = i;
  }
}
