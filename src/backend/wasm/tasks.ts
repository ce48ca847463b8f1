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
  lifCurrentStep(v: number, iE: number, iI: number, theta: number, ref: number, fired: number, n: number,
    pM: number, pE: number, pI: number, kE: number, kI: number, vRest: number, vReset: number, vThresh: number, refSteps: number): number;
  lifCondEulerStep(v: number, gE: number, gI: number, theta: number, ref: number, fired: number, n: number,
    pE: number, pI: number, k: number, gL: number, vRest: number, vReset: number, vThresh: number, eE: number, eI: number, refSteps: number): number;
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

// The job block: one shared Int32Array the caller fills and every worker reads. A job is a list
// of chunks (argument rows of one kernel kind); the caller and the workers claim chunks through
// one 64-bit counter holding (job id << 32 | next chunk), so a thread that wakes late, or never,
// only takes work nobody has started, and the caller never waits on a thread that is not running.
/** Job header words. */
export const J_WAKE = 0, J_JOB = 1, J_KIND = 2, J_CHUNKS = 3, J_ARGC = 4, J_DONE = 5, J_ERROR = 6,
  J_SCRATCH_BASE = 7, J_SCRATCH_STRIDE = 8, J_SCRATCH_SLOTS = 9, J_SCRATCH_AT = 10;
/** Scratch substitutions per job: argument index and byte offset pairs (J_SCRATCH_AT .. +5). */
export const MAX_SCRATCH_SLOTS = 3;
/** The 64-bit claim counter lives at this BigInt64 index (byte 64). */
export const J_COUNTER64 = 8;
/** Chunk argument rows start here. */
export const J_TABLE = 32;
export const MAX_CHUNKS = 256, MAX_ARGS = 28;
export const JOB_WORDS = J_TABLE + MAX_CHUNKS * MAX_ARGS;
/** Per-worker state words: whether the thread lives, and whether it holds a claimed chunk. */
export const W_STATUS = 0, W_BUSY = 1, WORKER_WORDS = 16;
export const STATUS_OK = 0, STATUS_DEAD = 2;

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
