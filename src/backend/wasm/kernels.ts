import type { Backend, BinaryOp, Conv2dGeometry, ReduceOp, UnaryOp, SgdArgs, AdamArgs } from '../backend.js';
import type { TypedArray } from '../../core/dtype.js';
import type { Shape } from '../../core/shape.js';
import { jsBackend } from '../js/index.js';
import { BINARY_CODE, UNARY_CODE, UNARY_GRAD_CODE } from './codes.js';
import type { Arena } from './memory.js';
import type { ThreadPool } from './pool.js';
import { TASK_MATMUL, TASK_IM2COL, TASK_COL2IM, TASK_CONV_FORWARD, TASK_CONV_GRAD_INPUT, TASK_CONV_GRAD_WEIGHT, TASK_MATMUL_BATCH, MAX_CHUNKS, runTask,
  type KernelExports } from './tasks.js';
import { splitRange } from './split.js';
import { classifyBroadcast } from './broadcast.js';

/** The loaded kernels, their memory, and the thread pool a backend instance drives. */
export interface WasmRuntime {
  k: KernelExports;
  arena: Arena;
  pool: ThreadPool;
  /** Threads kernels may use, the caller included. */
  threads: number;
}

/**
 * Size thresholds: below them copying operands into wasm memory costs more than the kernel saves
 * (measured with bench/kernels.ts on the 2-core reference machine), so the js kernel runs instead.
 * Tests set them to 0 (and flopsPerThread to 1) to push every size through wasm and the threads.
 */
export const tuning = {
  /** matmul m*k*n below which js runs. */
  matmulMinFlops: 8 * 8 * 8,
  /** Elements below which elementwise, reduction, softmax, conv-fold and optimizer kernels stay in js. */
  elementwiseMin: 2048,
  /** Multiply-adds per extra thread below which a matmul is not split. */
  matmulFlopsPerThread: 1 << 18,
  /** Elements moved per extra thread below which im2col/col2im are not split. */
  foldPerThread: 1 << 16,
};

/** Overrides of the js kernels that run in wasm; anything not handled falls through to js. */
export function wasmKernels(rt: WasmRuntime): Partial<Backend> {
  const { k, arena } = rt;
  const js = jsBackend;
  const packFloats = k.PACK_FLOATS.value as number;
  /** Threads a kernel may split over now: the setting, capped by the workers running (browsers start a fixed few). */
  const threads = () => (rt.pool.available ? Math.min(rt.threads, 1 + rt.pool.workers, MAX_CHUNKS) : 1);

  function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, kk: number, n: number,
    transA: boolean, transB: boolean, accumulate: boolean): void {
    if (m * kk * n < tuning.matmulMinFlops || m === 0 || n === 0) { js.matmul(a, b, out, m, kk, n, transA, transB, accumulate); return; }
    const flops = m * kk * n;
    const want = Math.max(1, Math.min(threads(), Math.floor(flops / tuning.matmulFlopsPerThread)));
    // Split the larger side of C, in whole micro-tiles (4 rows or 8 columns).
    const byRows = m >= n;
    const ranges = want > 1 ? splitRange(byRows ? m : n, want, byRows ? 4 : 8, byRows ? 4 : 8) : [[0, byRows ? m : n] as [number, number]];
    arena.reset();
    const pa = arena.put(a.length === m * kk ? a : a.subarray(0, m * kk));
    const pb = arena.put(b.length === kk * n ? b : b.subarray(0, kk * n));
    const pc = accumulate ? arena.put(out) : arena.alloc(m * n);
    runChunks(TASK_MATMUL, ranges.map(([s0, e]) => [pa, pb, pc, m, kk, n, +transA, +transB, +accumulate,
      byRows ? s0 : 0, byRows ? e : m, byRows ? 0 : s0, byRows ? n : e, 0]), packFloats, [[13, 0]]);
    arena.get(pc, out);
  }

  function matmulBatch(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, kk: number, n: number,
    transA: boolean, transB: boolean, accumulate: boolean): void {
    if (batch === 1) { matmul(a, b, out, m, kk, n, transA, transB, accumulate); return; }
    const flops = batch * m * kk * n;
    if (flops < tuning.matmulMinFlops || batch === 0 || m === 0 || n === 0) { js.matmulBatch(a, b, out, batch, m, kk, n, transA, transB, accumulate); return; }
    // Split over batch items; one item's product is usually small (a head of attention).
    const want = Math.min(threads(), batch, Math.max(1, Math.floor(flops / tuning.matmulFlopsPerThread)));
    arena.reset();
    const pa = arena.put(a.subarray(0, batch * m * kk)), pb = arena.put(b.subarray(0, batch * kk * n));
    const pc = accumulate ? arena.put(out.subarray(0, batch * m * n)) : arena.alloc(batch * m * n);
    runChunks(TASK_MATMUL_BATCH, splitRange(batch, chunksFor(want), 1, 1).map(([b0, b1]) =>
      [pa, pb, pc, m, kk, n, +transA, +transB, +accumulate, b0, b1, 0]), packFloats, [[11, 0]]);
    arena.get(pc, out.subarray(0, batch * m * n));
  }

  function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
    const code = BINARY_CODE[op];
    const n = out.length;
    if (code === undefined || n < tuning.elementwiseMin || !(out instanceof Float32Array) || !(a instanceof Float32Array) || !(b instanceof Float32Array)) {
      js.binary(op, a, aShape, b, bShape, out, outShape); return;
    }
    // The full-size operand goes first; `swap` tells the kernel when that was b.
    const swap = a.length !== n;
    const big = swap ? b : a, small = swap ? a : b;
    const form = small.length === n ? { mode: 0, outer: 1, inner: n } : classifyBroadcast(swap ? aShape : bShape, outShape);
    if (!form || big.length !== n) { js.binary(op, a, aShape, b, bShape, out, outShape); return; }
    arena.reset();
    const px = arena.put(big), py = arena.put(small), po = arena.alloc(n);
    k.binary(code, form.mode, px, py, po, form.outer, form.inner, +swap);
    arena.get(po, out);
  }

  function unary(op: UnaryOp, x: TypedArray, out: TypedArray, p0?: number, p1?: number): void {
    const code = UNARY_CODE[op];
    if (code === undefined || x.length < tuning.elementwiseMin || !(x instanceof Float32Array) || !(out instanceof Float32Array)) {
      js.unary(op, x, out, p0, p1); return;
    }
    arena.reset();
    const px = arena.put(x), po = arena.alloc(x.length);
    k.unary(code, px, po, x.length, p0 ?? (op === 'mulScalar' ? 1 : 0));
    arena.get(po, out);
  }

  function unaryGrad(op: UnaryOp, x: TypedArray, y: TypedArray, gy: Float32Array, out: Float32Array, p0?: number, p1?: number): void {
    const code = UNARY_GRAD_CODE[op];
    if (code === undefined || gy.length < tuning.elementwiseMin || !(x instanceof Float32Array) || !(y instanceof Float32Array)) {
      js.unaryGrad(op, x, y, gy, out, p0, p1); return;
    }
    arena.reset();
    const px = arena.put(x), py = arena.put(y), pg = arena.put(gy), po = arena.alloc(gy.length);
    k.unaryGrad(code, px, py, pg, po, gy.length, p0 ?? (op === 'mulScalar' ? 1 : 0));
    arena.get(po, out);
  }

  function reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
    if ((op !== 'sum' && op !== 'max') || x.length < tuning.elementwiseMin || !(x instanceof Float32Array) || !(out instanceof Float32Array)) {
      js.reduce(op, x, outer, size, inner, out); return;
    }
    arena.reset();
    const px = arena.put(x), po = arena.alloc(out.length);
    k.reduce(op === 'max' ? 1 : 0, px, outer, size, inner, po);
    arena.get(po, out);
  }

  function softmax(x: Float32Array, outer: number, size: number, inner: number, out: Float32Array, log: boolean): void {
    if (inner !== 1 || x.length < tuning.elementwiseMin) { js.softmax(x, outer, size, inner, out, log); return; }
    arena.reset();
    const px = arena.put(x), po = arena.alloc(x.length);
    k.softmaxRows(px, outer, size, po, +log);
    arena.get(po, out);
  }

  function softmaxGrad(y: Float32Array, gy: Float32Array, outer: number, size: number, inner: number, out: Float32Array, log: boolean): void {
    if (inner !== 1 || y.length < tuning.elementwiseMin) { js.softmaxGrad(y, gy, outer, size, inner, out, log); return; }
    arena.reset();
    const py = arena.put(y), pg = arena.put(gy), po = arena.alloc(y.length);
    k.softmaxGradRows(py, pg, outer, size, po, +log);
    arena.get(po, out);
  }

  /** Runs im2col or col2im split over the batch: images are independent in both directions. */
  function convFold(kind: number, src: Float32Array, srcLen: number, dstLen: number, g: Conv2dGeometry, dst: Float32Array): void {
    arena.reset();
    const ps = arena.put(src.length === srcLen ? src : src.subarray(0, srcLen)), pd = arena.alloc(dstLen);
    const perImageSrc = srcLen / g.n, perImageDst = dstLen / g.n;
    const work = dstLen + srcLen;
    const parts = Math.min(threads(), Math.max(1, Math.floor(work / tuning.foldPerThread)));
    const ranges = splitRange(g.n, parts, 1, 1);
    runChunks(kind, ranges.map(([s0, e]) => [ps + s0 * perImageSrc * 4, pd + s0 * perImageDst * 4, e - s0, g.c, g.h, g.w,
      g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow]), 0, []);
    arena.get(pd, dst);
  }

  function im2col(x: Float32Array, g: Conv2dGeometry, cols: Float32Array): void {
    const xLen = g.n * g.c * g.h * g.w, cLen = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
    if (cLen < tuning.elementwiseMin) { js.im2col(x, g, cols); return; }
    convFold(TASK_IM2COL, x, xLen, cLen, g, cols);
  }

  function col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array): void {
    const xLen = g.n * g.c * g.h * g.w, cLen = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
    if (cLen < tuning.elementwiseMin) { js.col2im(cols, g, out); return; }
    convFold(TASK_COL2IM, cols, cLen, xLen, g, out);
  }

  /**
   * Plans a whole-batch conv kernel split over images: the parts' [b0, b1) ranges, the geometry
   * block written into wasm memory, and the patch scratch each part needs for itself.
   */
  /** Multiply-adds of a whole-batch convolution: what decides js vs wasm and how many threads. */
  const convMacs = (g: Conv2dGeometry, o: number, groups: number) => g.n * o * (g.c * g.kh * g.kw / groups) * g.oh * g.ow;

  function convParts(g: Conv2dGeometry, o: number, groups: number): { parts: [number, number][]; geom: number; packAt: number } {
    const want = Math.min(threads(), g.n, Math.max(1, Math.floor(convMacs(g, o, groups) / tuning.matmulFlopsPerThread)));
    const geom = arena.alloc(16);
    new Int32Array(arena.memory.buffer, geom, 16).set([g.n, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow, o, groups]);
    // Each participant's scratch: one image's patches, then (64-byte aligned) its packing buffers.
    return { parts: splitRange(g.n, chunksFor(want), 1, 1), geom, packAt: Math.ceil((g.c * g.kh * g.kw * g.oh * g.ow * 4) / 64) * 64 };
  }

  /**
   * Runs chunks of one kernel kind: here when there is one (or no pool), else shared with the
   * workers. Every participant gets `scratchFloats` of scratch of its own, written into each chunk
   * at the [argument index, byte offset] places of `slots`.
   */
  function runChunks(kind: number, chunks: number[][], scratchFloats: number, slots: [number, number][]): void {
    const stride = Math.ceil((scratchFloats * 4) / 64) * 64;
    if (chunks.length === 1 || !rt.pool.available) {
      const base = arena.alloc(stride / 4);
      for (const c of chunks) {
        for (const [at, off] of slots) c[at] = base + off;
        runTask(k, kind, c);
      }
      return;
    }
    const parts = rt.pool.participants(chunks.length, threads());
    rt.pool.run(kind, chunks, { base: arena.alloc((parts * stride) / 4), stride, slots });
  }

  /** Chunks for a kernel split `want` ways: a few more than threads, so a late thread costs less. */
  const chunksFor = (want: number) => (want > 1 ? Math.min(2 * want, MAX_CHUNKS) : 1);


  function conv2d(x: Float32Array, weight: Float32Array, bias: Float32Array | null, g: Conv2dGeometry, o: number, groups: number, out: Float32Array): void {
    if (convMacs(g, o, groups) < tuning.matmulMinFlops) { js.conv2d(x, weight, bias, g, o, groups, out); return; }
    arena.reset();
    const px = arena.put(x.subarray(0, g.n * g.c * g.h * g.w)), pw = arena.put(weight), pb = bias ? arena.put(bias) : 0;
    const po = arena.alloc(g.n * o * g.oh * g.ow);
    const { parts, geom, packAt } = convParts(g, o, groups);
    runChunks(TASK_CONV_FORWARD, parts.map(([b0, b1]) => [geom, px, pw, pb, bias ? 1 : 0, po, b0, b1, 0, 0]), packAt / 4 + packFloats, [[8, 0], [9, packAt]]);
    arena.get(po, out);
  }

  function conv2dGradInput(gy: Float32Array, weight: Float32Array, g: Conv2dGeometry, o: number, groups: number, gx: Float32Array): void {
    if (convMacs(g, o, groups) < tuning.matmulMinFlops) { js.conv2dGradInput(gy, weight, g, o, groups, gx); return; }
    arena.reset();
    const pg = arena.put(gy.subarray(0, g.n * o * g.oh * g.ow)), pw = arena.put(weight);
    const px = arena.alloc(g.n * g.c * g.h * g.w);
    const { parts, geom, packAt } = convParts(g, o, groups);
    runChunks(TASK_CONV_GRAD_INPUT, parts.map(([b0, b1]) => [geom, pg, pw, px, b0, b1, 0, 0]), packAt / 4 + packFloats, [[6, 0], [7, packAt]]);
    arena.get(px, gx);
  }

  function conv2dGradWeight(x: Float32Array, gy: Float32Array, g: Conv2dGeometry, o: number, groups: number, gw: Float32Array): void {
    if (convMacs(g, o, groups) < tuning.matmulMinFlops) { js.conv2dGradWeight(x, gy, g, o, groups, gw); return; }
    arena.reset();
    const px = arena.put(x.subarray(0, g.n * g.c * g.h * g.w)), pg = arena.put(gy.subarray(0, g.n * o * g.oh * g.ow));
    const { parts, geom, packAt } = convParts(g, o, groups);
    // Each chunk sums its images into a gradient of its own; they are added here in chunk order, so
    // the result does not depend on which thread ran which chunk.
    const len = gw.length;
    const partials = parts.map(() => arena.alloc(len));
    const f = arena.f32;
    for (const p of partials) f.fill(0, p >> 2, (p >> 2) + len);
    runChunks(TASK_CONV_GRAD_WEIGHT, parts.map(([b0, b1], i) => [geom, px, pg, partials[i], b0, b1, 0, 0]), packAt / 4 + packFloats, [[6, 0], [7, packAt]]);
    arena.get(partials[0], gw);
    for (let i = 1; i < partials.length; i++) {
      const base = partials[i] >> 2, view = arena.f32;
      for (let j = 0; j < len; j++) gw[j] += view[base + j];
    }
  }

  function sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, a: SgdArgs): void {
    if (p.length < tuning.elementwiseMin) { js.sgdStep(p, g, buf, a); return; }
    arena.reset();
    const pp = arena.put(p), pg = arena.put(g);
    const useBuf = buf !== null && a.momentum !== 0;
    const pb = useBuf ? arena.put(buf) : 0;
    k.sgdStep(pp, pg, pb, p.length, a.lr, a.momentum, a.dampening, +a.nesterov, a.weightDecay, +a.firstStep, +a.maximize);
    arena.get(pp, p);
    if (useBuf) arena.get(pb, buf);
  }

  function adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | null, a: AdamArgs): void {
    if (p.length < tuning.elementwiseMin) { js.adamStep(p, g, m, v, vmax, a); return; }
    arena.reset();
    const pp = arena.put(p), pg = arena.put(g), pm = arena.put(m), pv = arena.put(v);
    const useMax = a.amsgrad && vmax !== null;
    const px = useMax ? arena.put(vmax) : 0;
    const stepSize = a.lr / (1 - Math.pow(a.beta1, a.step));
    const sqrtBc2 = Math.sqrt(1 - Math.pow(a.beta2, a.step));
    k.adamStep(pp, pg, pm, pv, px, p.length, a.lr, a.beta1, a.beta2, a.eps, a.weightDecay, +a.decoupled, +a.maximize, stepSize, sqrtBc2);
    arena.get(pp, p); arena.get(pm, m); arena.get(pv, v);
    if (useMax) arena.get(px, vmax);
  }

  return { matmul, matmulBatch, binary, unary, unaryGrad, reduce, softmax, softmaxGrad, im2col, col2im, conv2d, conv2dGradInput, conv2dGradWeight, sgdStep, adamStep };
}
