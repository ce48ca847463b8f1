// The task loop every pool worker runs, in Node worker_threads and in browser Web Workers alike:
// wait for the next sequence number in this worker's control slot, run the task, report.
import { runTask, SEQ, DONE, STATUS, KIND, ARGS, SLOT_WORDS, STATUS_OK, STATUS_ERROR, TASK_FAULT_EXIT,
  type KernelExports } from './tasks.js';

/** Int32 words of a worker's error-message buffer: a length, then UTF-16 code units. */
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

/**
 * Serves tasks until the caller posts kind 0. The control block is fresh for every worker, so the
 * first task is sequence 1, even when the caller posts it before this thread has started.
 * `exit` ends the thread abruptly (the fault-injection task tests that path).
 */
export function serveTasks(kernels: KernelExports, ctrl: Int32Array, message: Int32Array, spin: number, exit: () => void): void {
  let last = 0;
  for (;;) {
    let seq = Atomics.load(ctrl, SEQ);
    // Spin briefly so back-to-back kernels dispatch in microseconds, then sleep.
    for (let i = 0; seq === last && i < spin; i++) seq = Atomics.load(ctrl, SEQ);
    while (seq === last) { Atomics.wait(ctrl, SEQ, last); seq = Atomics.load(ctrl, SEQ); }
    last = seq;
    const kind = ctrl[KIND];
    if (kind === 0) return;
    if (kind === TASK_FAULT_EXIT) exit();
    try {
      runTask(kernels, kind, ctrl.subarray(ARGS, SLOT_WORDS));
      Atomics.store(ctrl, STATUS, STATUS_OK);
    } catch (e) {
      writeMessage(message, e instanceof Error ? e.message : String(e));
      Atomics.store(ctrl, STATUS, STATUS_ERROR);
    }
    Atomics.store(ctrl, DONE, seq);
    Atomics.notify(ctrl, DONE);
  }
}
