// Compiles the AssemblyScript kernels in assembly/ into the two wasm builds shipped in wasm/:
// kernels-simd.wasm (v128 SIMD) and kernels-relaxed.wasm (adds relaxed-SIMD fused multiply-add).
// The outputs are committed, so installing the package needs no compiler; when the AssemblyScript
// dev dependency is missing this script keeps the committed files and exits cleanly.
// Usage: node scripts/build-wasm.mjs
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One shared, imported memory lets every worker thread run the same kernels on the same data.
// 32768 pages = 2 GiB, the most the loader ever grows to (src/backend/wasm/memory.ts).
const common = [
  join(root, 'assembly/index.ts'), '-O3', '--noAssert', '--runtime', 'stub',
  '--enable', 'simd', '--enable', 'threads',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '32768',
];
const builds = [
  { file: 'kernels-simd.wasm', flags: [] },
  { file: 'kernels-relaxed.wasm', flags: ['--enable', 'relaxed-simd'] },
];

let asc;
try {
  asc = (await import('assemblyscript/asc')).default ?? (await import('assemblyscript/asc'));
} catch {
  console.warn('build-wasm: assemblyscript is not installed; keeping the committed wasm/ builds');
  process.exit(0);
}
mkdirSync(join(root, 'wasm'), { recursive: true });
for (const b of builds) {
  const { error, stderr } = await asc.main([...common, ...b.flags, '-o', join(root, 'wasm', b.file)]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: compiling ${b.file} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build-wasm: wrote wasm/${b.file}`);
}
