// Node worker-thread side of the pool: instantiate the kernels over the shared memory, then claim
// chunks of the jobs the caller posts.
import { workerData } from 'node:worker_threads';
import type { KernelExports } from './tasks.js';
import { jobViews, serveJobs, markDead } from './worker-loop.js';

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; job: SharedArrayBuffer; message: SharedArrayBuffer; state: SharedArrayBuffer; p: number; spin: number }
const init = workerData as Init;
const views = jobViews(init.job, init.message);
const state = new Int32Array(init.state);
const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as KernelExports;

// An abrupt exit (process.exit in this thread) tells a waiting caller, which may hold a job this
// thread had claimed a chunk of.
process.on('exit', () => markDead(views, state));

serveJobs(kernels, views, init.p, state, init.spin, () => process.exit(1));
