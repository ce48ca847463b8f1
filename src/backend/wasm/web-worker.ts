// Browser Web Worker side of the pool: the page posts the compiled module, the shared memory and
// the job block; the worker answers 'ready' and then claims chunks like a Node worker.
import type { KernelExports } from './tasks.js';
import { jobViews, serveJobs, markDead } from './worker-loop.js';

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; job: SharedArrayBuffer; message: SharedArrayBuffer; state: SharedArrayBuffer; p: number; spin: number }
interface WorkerScope { onmessage: ((e: { data: Init }) => void) | null; postMessage(m: unknown): void; close(): void }
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  scope.onmessage = null;
  const init = e.data;
  const views = jobViews(init.job, init.message);
  const state = new Int32Array(init.state);
  const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as KernelExports;
  scope.postMessage('ready');
  serveJobs(kernels, views, init.p, state, init.spin, () => {
    // Mark this worker dead as a Node worker's exit handler does, then stop.
    markDead(views, state);
    scope.close();
    throw new Error('worker exited');
  });
};
