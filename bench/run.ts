// `npm run bench`: every case of issue 3 in one run on one machine — our wasm and js backends,
// TensorFlow.js 4.22 cpu and wasm, and PyTorch through bench/torch_bench.py when importable.
// Prints tables with ratios; `--write` also writes BENCHMARKS.md. `--quick` runs a small subset.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, availableParallelism } from 'node:os';
import { wasmBuild } from '../src/backend/registry.js';
import { mnistDir } from '../src/data/mnist.js';
import { mnistSubset, BatchCursor } from './mnist.js';
import * as ours from './ours.js';
import * as tfb from './tfjs.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const BEGIN = '<!-- bench:begin -->', END = '<!-- bench:end -->';
const T = availableParallelism();
const sizes = quick ? [128, 256] : [128, 256, 512, 1024];

type Cell = number | string | null;
/** Figures the issue-3 targets are judged on. */
const key: Record<string, Cell> = {};
const tables: { title: string; unit: string; cols: string[]; rows: [string, Cell[]][] }[] = [];
const fmt = (v: Cell | undefined, digits = 1): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : v.toFixed(digits));
const ratio = (a: Cell | undefined, b: Cell | undefined): Cell => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);
const log = (s: string) => process.stderr.write(s + '\n');

function renderTable(t: (typeof tables)[number]): string[] {
  const md = [`### ${t.title} (${t.unit})`, '', `| case | ${t.cols.join(' | ')} |`, `|---|${t.cols.map(() => '---:').join('|')}|`];
  for (const [name, cells] of t.rows) md.push(`| ${name} | ${cells.map((c, i) => fmt(c, t.cols[i].includes('/') || (typeof c === 'number' && c < 10) ? 2 : 1)).join(' | ')} |`);
  md.push('');
  return md;
}

/** Adds a finished table and prints it at once, so a long run that is cut short still shows its figures. */
function addTable(t: (typeof tables)[number]): void {
  tables.push(t);
  log(renderTable(t).join('\n'));
}

function torch(threads: number): Record<string, any> {
  // Debian's torch does not tell OpenBLAS its thread count, so OpenBLAS would use every core in
  // the "1 thread" run and oversubscribe the others; pin both pools to the count being measured.
  const n = String(threads);
  const r = spawnSync('/usr/bin/python3', [new URL('../../bench/torch_bench.py', import.meta.url).pathname, n, mnistDir()],
    { encoding: 'utf8', timeout: 900_000, env: { ...process.env, OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n } });
  if (r.error || r.status !== 0) return { available: false, note: `python3 failed: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function tfCase<T>(backend: 'cpu' | 'wasm', f: () => T): Promise<T | string> {
  try { await tfb.useTf(backend); return f(); } catch (e) { return `fails: ${(e as Error).message.split('\n')[0].slice(0, 90)}`; }
}

async function main(): Promise<void> {
  const build = wasmBuild();
  log(`neural-alchemy bench: wasm build ${build}, ${T} threads, ${cpus()[0]?.model ?? 'unknown CPU'}`);
  const { images, labels } = mnistSubset(8192);
  const cursor = (b: number) => new BatchCursor(images, labels, b);

  log('PyTorch...');
  const pt1 = torch(1), ptN = T > 1 ? torch(T) : pt1;
  const ptNote = pt1.available ? `PyTorch ${pt1.version} with ${pt1.blas} BLAS` : `PyTorch unavailable (${pt1.note})`;
  if (pt1.available && pt1.blas === 'reference') log('warning: torch runs on the reference BLAS (libblas3); apt-get install libopenblas0-pthread for a fair anchor');
  /** PyTorch's better figure of 1 and T threads: its T-thread run can lose to oversubscription (OpenMP + BLAS threads). */
  const ptBest = (a: Cell | undefined, b: Cell | undefined, lower = false): Cell =>
    typeof a === 'number' && typeof b === 'number' ? (lower ? Math.min(a, b) : Math.max(a, b)) : (a ?? b ?? null);

  // 1. matmul GFLOPS
  const mm: [string, Cell[]][] = [];
  for (const n of sizes) {
    log(`matmul ${n}...`);
    const w1 = ours.matmulGflops('wasm', 1, n), wN = ours.matmulGflops('wasm', T, n);
    const js = n <= 512 ? ours.matmulGflops('js', 1, n) : 'skipped';
    const tc = n <= 512 ? await tfCase('cpu', () => tfb.tfMatmulGflops(n)) : 'skipped';
    const tw = await tfCase('wasm', () => tfb.tfMatmulGflops(n));
    const p1 = pt1.available ? pt1.matmul[n] : null, pN = ptN.available ? ptN.matmul[n] : null;
    if (n === 1024) { key.mm1 = w1; key.mmN = wN; }
    mm.push([`n = ${n}`, [w1, wN, js, tc, tw, p1, pN, ratio(w1, tw), ratio(wN, pN)]]);
  }
  addTable({ title: 'float32 matmul (n x n x n)', unit: 'GFLOPS', rows: mm,
    cols: ['wasm 1t', `wasm ${T}t`, 'js', 'tfjs-cpu', 'tfjs-wasm', 'torch 1t', `torch ${T}t`, 'wasm 1t / tfjs-wasm', `wasm ${T}t / torch ${T}t`] });

  // 2. MLP training
  const mlp: [string, Cell[]][] = [];
  for (const b of quick ? [64] : [64, 256]) {
    log(`MLP batch ${b}...`);
    const w1 = ours.mlpSamplesPerSec('wasm', 1, b, cursor(b)), wN = ours.mlpSamplesPerSec('wasm', T, b, cursor(b));
    const js = ours.mlpSamplesPerSec('js', 1, b, cursor(b));
    const tc = await tfCase('cpu', () => tfb.tfMlpSamplesPerSec(b, cursor(b)));
    const tw = await tfCase('wasm', () => tfb.tfMlpSamplesPerSec(b, cursor(b)));
    const p1 = pt1.available ? pt1.mlp[b] : null, pN = ptN.available ? ptN.mlp[b] : null;
    const best = Math.max(w1, wN);
    if (b === 64) { key.mlp = best; key.mlpTfw = tw; key.mlpTorch = ptBest(p1, pN); }
    mlp.push([`batch ${b}`, [w1, wN, js, tc, tw, p1, pN, ratio(best, tw), ratio(best, ptBest(p1, pN))]]);
  }
  addTable({ title: 'MNIST MLP 784-256-10 SGD training step', unit: 'samples/s', rows: mlp,
    cols: ['wasm 1t', `wasm ${T}t`, 'js', 'tfjs-cpu', 'tfjs-wasm', 'torch 1t', `torch ${T}t`, 'best wasm / tfjs-wasm', 'best wasm / best torch'] });

  // The scratch-arena design's cost: operands copied into wasm memory and results copied out.
  log('arena copies...');
  const cc = ours.arenaCopyCost(cursor(64));
  addTable({ title: 'Operand copies through the wasm scratch arena, MLP batch 64, 1 thread', unit: 'per training step',
    cols: ['floats copied', 'ns per float', 'step ms', 'share of step'],
    rows: [['MLP 784-256-10', [Math.round(cc.floatsPerStep), cc.nsPerFloat, cc.stepMs, `${(100 * cc.share).toFixed(1)}%`]]] });

  // 3. LeNet training
  if (!quick) {
    log('LeNet...');
    const w1 = ours.lenetSamplesPerSec('wasm', 1, 64, cursor(64)), wN = ours.lenetSamplesPerSec('wasm', T, 64, cursor(64));
    const js = ours.lenetSamplesPerSec('js', 1, 64, cursor(64));
    const tc = await tfCase('cpu', () => tfb.tfLenetSamplesPerSec(64, cursor(64)));
    const tw = await tfCase('wasm', () => tfb.tfLenetSamplesPerSec(64, cursor(64)));
    const p1 = pt1.available ? pt1.lenet : null, pN = ptN.available ? ptN.lenet : null;
    key.lenet = Math.max(w1, wN); key.lenetTorch = ptBest(p1, pN); key.lenetTfw = tw;
    addTable({ title: 'LeNet-5-like CNN SGD training step, batch 64', unit: 'samples/s',
      cols: ['wasm 1t', `wasm ${T}t`, 'js', 'tfjs-cpu', 'tfjs-wasm', 'torch 1t', `torch ${T}t`, 'best wasm / best torch'],
      rows: [['batch 64', [w1, wN, js, tc, tw, p1, pN, ratio(Math.max(w1, wN), key.lenetTorch)]]] });
  }

  // 4. conv2d forward + backward
  const conv: [string, Cell[]][] = [];
  const shapes: [string, number, number, number][] = quick ? [['28x28x1->32', 1, 28, 32]] : [['28x28x1->32', 1, 28, 32], ['14x14x32->64', 32, 14, 64]];
  for (const [name, c, hw, o] of shapes) {
    log(`conv ${name}...`);
    const w1 = ours.convMs('wasm', 1, 64, c, hw, o), wN = ours.convMs('wasm', T, 64, c, hw, o);
    const js = c === 1 ? ours.convMs('js', 1, 64, c, hw, o) : 'skipped';
    const tc = await tfCase('cpu', () => tfb.tfConvMs(64, c, hw, o));
    const tw = await tfCase('wasm', () => tfb.tfConvMs(64, c, hw, o));
    const p1 = pt1.available ? pt1.conv[name] : null, pN = ptN.available ? ptN.conv[name] : null;
    conv.push([`${name}, batch 64`, [w1, wN, js, tc, tw, p1, pN, ratio(ptBest(p1, pN, true), Math.min(w1, wN))]]);
  }
  addTable({ title: 'conv2d 5x5 same, forward + backward (input and weight grads)', unit: 'ms (lower is better)', rows: conv,
    cols: ['wasm 1t', `wasm ${T}t`, 'js', 'tfjs-cpu', 'tfjs-wasm', 'torch 1t', `torch ${T}t`, 'best wasm speed / best torch'] });

  const header = [`Machine: ${cpus()[0]?.model ?? 'unknown'}, ${T} threads available, Node ${process.versions.node}, wasm build \`${build}\`, ${ptNote}.`,
    'TensorFlow.js 4.22 runs single-threaded in Node (its cpu backend is plain JavaScript; its wasm backend loads the non-threaded SIMD build from node_modules).',
    'Each figure is the best of several timed rounds after warm-up; ratios above 1 favour neural-alchemy; ratios against PyTorch use its better thread count.'];
  const md = tables.flatMap(renderTable);
  const relaxed = build === 'relaxed-simd';
  const [m1, mN] = relaxed ? [40, 80] : [33, 65];
  /** "reached"/"not reached" for a figure against its target, "not measured" when absent. */
  const judge = (v: Cell | undefined, min: number) => (typeof v !== 'number' ? 'not measured' : v >= min ? 'reached' : 'not reached');
  const mlpTf = ratio(key.mlp, key.mlpTfw), mlpPt = ratio(key.mlp, key.mlpTorch), lenetPt = ratio(key.lenet, key.lenetTorch);
  const targets = [
    `- matmul 1024, 1 thread >= ${m1} GFLOPS (${build} build): ${judge(key.mm1, m1)} (${fmt(key.mm1)})`,
    `- matmul 1024, ${T} threads >= ${mN} GFLOPS: ${judge(key.mmN, mN)} (${fmt(key.mmN)})`,
    `- MLP batch 64 >= 4x TensorFlow.js wasm: ${judge(mlpTf, 4)} (${fmt(mlpTf, 2)}x)`,
    `- MLP batch 64 >= 0.5x PyTorch (best of our and its thread counts): ${judge(mlpPt, 0.5)} (${fmt(mlpPt, 2)}x)`,
    `- LeNet batch 64 >= 0.4x PyTorch (best of our and its thread counts): ${judge(lenetPt, 0.4)} (${fmt(lenetPt, 2)}x); TensorFlow.js wasm: ${fmt(key.lenetTfw)}`,
  ];
  const text = header.join('\n') + '\n\n' + md.join('\n') + '\n### Issue 3 targets\n\n' + targets.join('\n') + '\n';
  console.log(text);
  if (args.has('--write')) {
    // Only the section between the markers is ours; other sections of BENCHMARKS.md stay as they are.
    const file = new URL('../../BENCHMARKS.md', import.meta.url);
    const note = process.env.BENCH_NOTE ? `${process.env.BENCH_NOTE}\n\n` : '';
    const section = `${BEGIN}\n## Training and kernels: neural-alchemy vs TensorFlow.js and PyTorch\n\n` +
      `Produced by \`npm run bench -- --write\` (${new Date().toISOString().slice(0, 10)}).\n\n${note}${text}${END}`;
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const a = old.indexOf(BEGIN), b = old.indexOf(END);
    const doc = a >= 0 && b > a ? old.slice(0, a) + section + old.slice(b + END.length) : `${old.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, doc);
    log('wrote BENCHMARKS.md');
  }
}

await main();
