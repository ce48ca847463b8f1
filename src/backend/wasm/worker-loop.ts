// The chunk-claiming loop every participant runs: the calling thread inside ThreadPool.run, and
// each pool worker (Node worker_threads, browser Web Workers) between jobs.
import { runTask, J_WAKE, J_JOB, J_KIND, J_CHUNKS, J_ARGC, J_DONE, J_ERROR, J_SCRATCH_BASE, J_SCRATCH_STRIDE,
  J_SCRATCH_SLOTS, J_SCRATCH_AT, J_COUNTER64, J_TABLE, W_BUSY, W_STATUS, STATUS_DEAD, TASK_FAULT_EXIT, type KernelExports } from './tasks.js';

/** Int32 words of the pool's error-message buffer: a length, then UTF-16 code units. */
export const MESSAGE_WORDS = 256;

/** Writes `text` (truncated) into a message buffer for the caller to read synchronously. */
export function writeMessage(buf: Int32Array, text: string): void {
  const n = Math.min(text.length, buf.length - 1);
  for (let i = 0; i < n; i++) buf[i + 1] = text.charCodeAt(i);
  Atomics.store(buf, 0, n);
}

/** Reads what `writeMessage` wrote. */
export function readMessage(buf: Int32Array): string {
  const n = Atomics.load(buf, 0);
  let s = '';
  for (let i = 1; i <= n; i++) s += String.fromCharCode(buf[i]);
  return s;
}

/** The shared views one participant works on. */
export interface JobViews { job: Int32Array; counter: BigInt64Array; message: Int32Array }

export const jobViews = (job: SharedArrayBuffer, message: SharedArrayBuffer): JobViews =>
  ({ job: new Int32Array(job), counter: new BigInt64Array(job), message: new Int32Array(message) });

/**
 * Claims and runs chunks of the current job until none is left; participant `p` substitutes its
 * own scratch region into each chunk's arguments. A failing chunk records the first error and still
 * counts as done, so the caller never hangs. `onError` receives this thread's own failures (the
 * caller rethrows its own errors as they are). Returns how many chunks this participant ran.
 */
export function drainJob(k: KernelExports, v: JobViews, p: number, state: Int32Array | null, onError?: (e: unknown) => void, exit?: () => void): number {
  const { job, counter } = v;
  const args = new Array<number>(32);
  let ran = 0;
  for (;;) {
    if (state) Atomics.store(state, W_BUSY, 1);
    const claim = Atomics.add(counter, J_COUNTER64, 1n);
    const jid = Number(BigInt.asUintN(32, claim >> 32n)), idx = Number(claim & 0xffffffffn);
    // A claim on an older job's counter, or past the last chunk, means no work is left.
    if (jid !== (Atomics.load(job, J_JOB) >>> 0) || idx >= job[J_CHUNKS]) {
      if (state) Atomics.store(state, W_BUSY, 0);
      return ran;
    }
    const argc = job[J_ARGC], row = J_TABLE + idx * argc;
    for (let i = 0; i < argc; i++) args[i] = job[row + i];
    const region = job[J_SCRATCH_BASE] + p * job[J_SCRATCH_STRIDE];
    for (let s = 0; s < job[J_SCRATCH_SLOTS]; s++) args[job[J_SCRATCH_AT + 2 * s]] = region + job[J_SCRATCH_AT + 2 * s + 1];
    // Test-only fault: the thread dies holding a claimed chunk.
    if (job[J_KIND] === TASK_FAULT_EXIT && exit) exit();
    try {
      runTask(k, job[J_KIND], args);
    } catch (e) {
      if (Atomics.compareExchange(job, J_ERROR, 0, 1) === 0) writeMessage(v.message, e instanceof Error ? e.message : String(e));
      onError?.(e);
    }
    ran++;
    if (Atomics.add(job, J_DONE, 1) + 1 === job[J_CHUNKS]) Atomics.notify(job, J_DONE);
  }
}

/**
 * A worker's life: sleep until the caller posts a job (after a short spin, so back-to-back kernels
 * start in microseconds), claim chunks, repeat. Never returns; the pool terminates workers.
 */
export function serveJobs(k: KernelExports, v: JobViews, p: number, state: Int32Array, spin: number, exit: () => void): void {
  // Look once at start-up: the job that caused this worker to be spawned may already be posted.
  let last = -1;
  for (;;) {
    let wake = Atomics.load(v.job, J_WAKE);
    for (let i = 0; wake === last && i < spin; i++) wake = Atomics.load(v.job, J_WAKE);
    while (wake === last) { Atomics.wait(v.job, J_WAKE, last); wake = Atomics.load(v.job, J_WAKE); }
    last = wake;
    drainJob(k, v, p, state, undefined, exit);
  }
}

/** Marks a worker dead and wakes a caller waiting on the job, which may hold a chunk this worker claimed. */
export function markDead(v: JobViews, state: Int32Array): void {
  Atomics.store(state, W_STATUS, STATUS_DEAD);
  Atomics.notify(v.job, J_DONE);
}
