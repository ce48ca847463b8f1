// Node worker-thread side of the pool: instantiate the kernels over the shared memory, then serve
// tasks from this worker's control slot.
import { workerData } from 'node:worker_threads';
import { SEQ, DONE, STATUS, STATUS_DEAD, type KernelExports } from './tasks.js';
import { serveTasks } from './worker-loop.js';

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer; message: SharedArrayBuffer; spin: number }
const init = workerData as Init;
const ctrl = new Int32Array(init.ctrl);
const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as KernelExports;

// An abrupt exit (process.exit in this thread) still tells a waiting caller.
process.on('exit', () => {
  Atomics.store(ctrl, STATUS, STATUS_DEAD);
  Atomics.store(ctrl, DONE, Atomics.load(ctrl, SEQ));
  Atomics.notify(ctrl, DONE);
});

serveTasks(kernels, ctrl, new Int32Array(init.message), init.spin, () => process.exit(1));
