import type { WasmBuild } from './codes.js';

/** The compiled kernels plus the build they came from. */
export interface LoadedKernels {
  module: WebAssembly.Module;
  build: WasmBuild;
}

const FILES: Record<WasmBuild, string> = { 'relaxed-simd': 'kernels-relaxed.wasm', simd: 'kernels-simd.wasm' };
const ORDER: WasmBuild[] = ['relaxed-simd', 'simd'];

/** URL of a build inside the package: dist/src/backend/wasm/ → <package>/wasm/. */
export function kernelUrl(build: WasmBuild): URL {
  return new URL(`../../../../wasm/${FILES[build]}`, import.meta.url);
}

/**
 * Picks the fastest build this engine validates: relaxed SIMD (fused multiply-add) where enabled,
 * otherwise plain SIMD. `read` returns a build's bytes, or null when it cannot be read.
 */
export function pickBuild(read: (b: WasmBuild) => Uint8Array<ArrayBuffer> | null): LoadedKernels | null {
  for (const build of ORDER) {
    const bytes = read(build);
    if (bytes && WebAssembly.validate(bytes)) return { module: new WebAssembly.Module(bytes), build };
  }
  return null;
}

interface NodeFs { readFileSync(p: URL): Uint8Array<ArrayBuffer> }
type BuiltinGetter = (id: string) => unknown;

/**
 * Loads the kernels synchronously in Node (so importing the package leaves the backend ready);
 * returns null elsewhere, where `loadKernelsAsync` fetches them instead.
 */
export function loadKernelsSync(): LoadedKernels | null {
  const get = (globalThis as { process?: { getBuiltinModule?: BuiltinGetter } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  const fs = get('node:fs') as NodeFs;
  return pickBuild((b) => {
    try { return fs.readFileSync(kernelUrl(b)); } catch { return null; }
  });
}

/** Fetches and compiles the kernels (browsers). */
export async function loadKernelsAsync(base?: string | URL): Promise<LoadedKernels | null> {
  for (const build of ORDER) {
    const url = base ? new URL(FILES[build], base) : kernelUrl(build);
    try {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      if (WebAssembly.validate(bytes)) return { module: await WebAssembly.compile(bytes), build };
    } catch { /* try the next build */ }
  }
  return null;
}
