// The kernels a worker thread can run, and how their arguments travel through the control block.
// Both the calling thread and the workers go through `runTask`, so a split kernel runs the same
// code whichever thread gets a share.

/** Exports of the compiled kernel module (assembly/index.ts). */
export interface KernelExports {
  PACK_FLOATS: WebAssembly.Global;
  matmulTile(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number,
    accumulate: number, i0: number, i1: number, j0: number, j1: number, pack: number): void;
  matmulBatch(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number,
    accumulate: number, b0: number, b1: number, pack: number): void;
  binary(op: number, mode: number, a: number, b: number, out: number, outer: number, inner: number, swap: number): void;
  unary(op: number, x: number, out: number, n: number, p0: number): void;
  unaryGrad(op: number, x: number, y: number, gy: number, out: number, n: number, p0: number): void;
  reduce(op: number, x: number, outer: number, size: number, inner: number, out: number): void;
  softmaxRows(x: number, rows: number, size: number, out: number, log: number): void;
  softmaxGradRows(y: number, gy: number, rows: number, size: number, out: number, log: number): void;
  im2col(x: number, cols: number, n: number, c: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number): void;
  col2im(cols: number, out: number, n: number, c: number, h: number, w: number, kh: number, kw: number,
    sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number): void;
  conv2dForward(geom: number, x: number, wt: number, bias: number, hasBias: number, out: number,
    b0: number, b1: number, cols: number, pack: number): void;
  conv2dGradInput(geom: number, gy: number, wt: number, gx: number, b0: number, b1: number, cols: number, pack: number): void;
  conv2dGradWeight(geom: number, x: number, gy: number, gw: number, b0: number, b1: number, cols: number, pack: number): void;
  sgdStep(p: number, g: number, buf: number, n: number, lr: number, momentum: number, dampening: number,
    nesterov: number, weightDecay: number, firstStep: number, maximize: number): void;
  adamStep(p: number, g: number, m: number, v: number, vmax: number, n: number, lr: number, beta1: number, beta2: number,
    eps: number, weightDecay: number, decoupled: number, maximize: number, stepSize: number, sqrtBc2: number): void;
}

export const TASK_MATMUL = 1;
export const TASK_IM2COL = 2;
export const TASK_COL2IM = 3;
export const TASK_CONV_FORWARD = 4;
export const TASK_CONV_GRAD_INPUT = 5;
export const TASK_CONV_GRAD_WEIGHT = 6;
export const TASK_MATMUL_BATCH = 7;
/** Test-only: the worker throws, as a kernel fault would. */
export const TASK_FAULT_THROW = 90;
/** Test-only: the worker thread exits abruptly. */
export const TASK_FAULT_EXIT = 91;

/** Words per worker slot in the control block (128 bytes: no two slots share a cache line). */
export const SLOT_WORDS = 32;
/** Slot layout: sequence number posted by the caller, sequence number finished, status, task kind, args. */
export const SEQ = 0, DONE = 1, STATUS = 2, KIND = 3, ARGS = 4;
export const STATUS_OK = 0, STATUS_ERROR = 1, STATUS_DEAD = 2;

/** Runs one task with integer arguments `args` on kernel exports `k`. */
export function runTask(k: KernelExports, kind: number, args: ArrayLike<number>): void {
  const a = args;
  switch (kind) {
    case TASK_MATMUL:
      k.matmulTile(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
      return;
    case TASK_MATMUL_BATCH:
      k.matmulBatch(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
      return;
    case TASK_IM2COL:
      k.im2col(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
      return;
    case TASK_COL2IM:
      k.col2im(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
      return;
    case TASK_CONV_FORWARD:
      k.conv2dForward(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
      return;
    case TASK_CONV_GRAD_INPUT:
      k.conv2dGradInput(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
      return;
    case TASK_CONV_GRAD_WEIGHT:
      k.conv2dGradWeight(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
      return;
    case TASK_FAULT_THROW:
      throw new Error('injected kernel fault');
    default:
      throw new Error(`unknown task kind ${kind}`);
  }
}
