// Worker-thread side of the pool: instantiate the kernels over the shared memory, then loop
// waiting for tasks in this worker's slot of the control block.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runTask, SLOT_WORDS, SEQ, DONE, STATUS, KIND, ARGS, STATUS_OK, STATUS_ERROR, STATUS_DEAD, TASK_FAULT_EXIT,
  type KernelExports } from './tasks.js';

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer; slot: number; port: MessagePort; spin: number }
const init = workerData as Init;
const ctrl = new Int32Array(init.ctrl);
const base = init.slot * SLOT_WORDS;
const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as KernelExports;

// The control block is fresh for every worker, so the first task is sequence 1, even when the
// caller posts it before this thread has started.
let last = 0;
// An abrupt exit (process.exit in this thread) still tells a waiting caller.
process.on('exit', () => {
  Atomics.store(ctrl, base + STATUS, STATUS_DEAD);
  Atomics.store(ctrl, base + DONE, Atomics.load(ctrl, base + SEQ));
  Atomics.notify(ctrl, base + DONE);
});
void parentPort;

for (;;) {
  let seq = Atomics.load(ctrl, base + SEQ);
  // Spin briefly so back-to-back kernels dispatch in microseconds, then sleep.
  for (let i = 0; seq === last && i < init.spin; i++) seq = Atomics.load(ctrl, base + SEQ);
  while (seq === last) { Atomics.wait(ctrl, base + SEQ, last); seq = Atomics.load(ctrl, base + SEQ); }
  last = seq;
  const kind = ctrl[base + KIND];
  if (kind === 0) break;
  if (kind === TASK_FAULT_EXIT) process.exit(1);
  try {
    runTask(kernels, kind, ctrl.subarray(base + ARGS, base + SLOT_WORDS));
    Atomics.store(ctrl, base + STATUS, STATUS_OK);
  } catch (e) {
    init.port.postMessage(e instanceof Error ? e.message : String(e));
    Atomics.store(ctrl, base + STATUS, STATUS_ERROR);
  }
  Atomics.store(ctrl, base + DONE, seq);
  Atomics.notify(ctrl, base + DONE);
}
