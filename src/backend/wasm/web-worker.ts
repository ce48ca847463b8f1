// Browser Web Worker side of the pool: the page posts the compiled module, the shared memory and
// this worker's control slot; the worker answers 'ready' and then serves tasks like a Node worker.
import { SEQ, DONE, STATUS, STATUS_DEAD, type KernelExports } from './tasks.js';
import { serveTasks } from './worker-loop.js';

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer; message: SharedArrayBuffer; spin: number }
interface WorkerScope { onmessage: ((e: { data: Init }) => void) | null; postMessage(m: unknown): void; close(): void }
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  scope.onmessage = null;
  const init = e.data;
  const ctrl = new Int32Array(init.ctrl);
  const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as KernelExports;
  scope.postMessage('ready');
  serveTasks(kernels, ctrl, new Int32Array(init.message), init.spin, () => {
    // Mark the slot dead as a Node worker's exit handler does, then stop this worker.
    Atomics.store(ctrl, STATUS, STATUS_DEAD);
    Atomics.store(ctrl, DONE, Atomics.load(ctrl, SEQ));
    Atomics.notify(ctrl, DONE);
    scope.close();
    throw new Error('worker exited');
  });
};
