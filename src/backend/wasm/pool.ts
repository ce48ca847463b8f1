import { AlchemyError } from '../../core/errors.js';
import { runTask, SLOT_WORDS, SEQ, DONE, STATUS, KIND, ARGS, STATUS_OK, STATUS_ERROR, STATUS_DEAD,
  TASK_MATMUL, TASK_IM2COL, TASK_COL2IM, TASK_CONV_FORWARD, TASK_CONV_GRAD_INPUT, TASK_CONV_GRAD_WEIGHT, TASK_MATMUL_BATCH,
  type KernelExports } from './tasks.js';
import { MESSAGE_WORDS, readMessage } from './worker-loop.js';

/** A worker thread died or a kernel failed inside one; only the call that hit it fails. */
export class WorkerCrashError extends AlchemyError {}

interface NodeWorker { unref(): void; terminate(): Promise<number>; on(ev: string, f: (...a: unknown[]) => void): void }
interface WorkerThreads { Worker: new (url: URL, opts: object) => NodeWorker }
interface WebWorker { postMessage(m: unknown): void; terminate(): void; onmessage: ((e: { data: unknown }) => void) | null; onerror: ((e: unknown) => void) | null }
type WebWorkerCtor = new (url: URL, opts: { type: 'module' }) => WebWorker;
interface Slot { stop(): void; ctrl: Int32Array; message: Int32Array }

const TASK_NAMES: Record<number, string> = {
  [TASK_MATMUL]: 'matmul', [TASK_IM2COL]: 'im2col', [TASK_COL2IM]: 'col2im',
  [TASK_CONV_FORWARD]: 'conv2d', [TASK_CONV_GRAD_INPUT]: 'conv2d input gradient', [TASK_CONV_GRAD_WEIGHT]: 'conv2d weight gradient', [TASK_MATMUL_BATCH]: 'batched matmul',
};
/** Loads a worker spins before it sleeps on Atomics.wait (tens of microseconds). */
const WORKER_SPIN = 20000;
const CALLER_SPIN = 20000;
/** A worker silent this long is treated as dead (a real kernel share takes far less). */
const WATCHDOG_MS = 120_000;

function workerThreads(): WorkerThreads | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return typeof get === 'function' ? (get('node:worker_threads') as WorkerThreads) : null;
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not; it spins instead). */
function threadCanWait(): boolean {
  try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); return true; } catch { return false; }
}

const newSlotBuffers = () => ({
  ctrl: new Int32Array(new SharedArrayBuffer(SLOT_WORDS * 4)),
  message: new Int32Array(new SharedArrayBuffer(MESSAGE_WORDS * 4)),
});

/**
 * Worker threads over the one shared wasm memory. `run` hands task i > 0 to worker i - 1 and runs
 * task 0 on the calling thread, then waits for all of them, so a kernel split n ways uses n cores.
 * In Node, workers are worker_threads, unref'd (a script exits when its work is done) and started
 * on demand. In browsers they are module Web Workers, which only start while the page's event loop
 * runs, so `startWebWorkers` starts them ahead (awaited) and `workers` counts those ready.
 */
export class ThreadPool {
  private slots: (Slot | null)[] = [];
  private readonly wt = workerThreads();
  private readonly canWait = threadCanWait();
  private webReady = 0;
  /** Task shares handed to workers so far (diagnostics: shows that kernels really split). */
  dispatched = 0;

  constructor(private readonly module: WebAssembly.Module, private readonly memory: WebAssembly.Memory,
    private readonly kernels: KernelExports) {}

  /** Whether this environment can run worker threads at all. */
  get available(): boolean { return typeof SharedArrayBuffer === 'function' && (this.wt !== null || this.webReady > 0); }

  /** Workers a kernel may use now: unbounded in Node (spawned on demand), the started ones in browsers. */
  get workers(): number { return this.wt ? Infinity : this.slots.filter((s) => s !== null).length; }

  /** Stops workers beyond `workers` (Node restarts them on demand if the count grows again). */
  resize(workers: number): void {
    if (!this.wt) return; // browser workers were started ahead for the page's lifetime; fewer are simply left idle
    while (this.slots.length > workers) this.kill(this.slots.length - 1, true);
  }

  /**
   * Starts `count` module Web Workers over the shared memory and resolves once each has answered
   * (browsers only; needs cross-origin isolation for shared memory). Returns how many started.
   */
  async startWebWorkers(count: number, url: URL = new URL('./web-worker.js', import.meta.url)): Promise<number> {
    const Ctor = (globalThis as { Worker?: WebWorkerCtor }).Worker;
    if (this.wt || !Ctor || typeof SharedArrayBuffer !== 'function') return 0;
    const started = await Promise.all(Array.from({ length: count }, () => new Promise<Slot | null>((resolve) => {
      let w: WebWorker;
      try { w = new Ctor(url, { type: 'module' }); } catch { resolve(null); return; }
      const bufs = newSlotBuffers();
      const timer = setTimeout(() => { w.terminate(); resolve(null); }, 20_000);
      w.onmessage = (e) => { if (e.data === 'ready') { clearTimeout(timer); resolve({ ...bufs, stop: () => w.terminate() }); } };
      w.onerror = () => { clearTimeout(timer); w.terminate(); resolve(null); };
      w.postMessage({ module: this.module, memory: this.memory, ctrl: bufs.ctrl.buffer, message: bufs.message.buffer, spin: WORKER_SPIN });
    })));
    for (const s of started) if (s) this.slots.push(s);
    this.webReady = this.slots.length;
    return this.webReady;
  }

  private spawn(i: number): Slot {
    if (!this.wt) throw new WorkerCrashError(`wasm backend: browser worker ${i + 1} is not running; call setNumThreads(${this.webReady + 1}) or fewer`);
    const bufs = newSlotBuffers();
    const worker = new this.wt.Worker(new URL('./worker.js', import.meta.url), {
      workerData: { module: this.module, memory: this.memory, ctrl: bufs.ctrl.buffer, message: bufs.message.buffer, spin: WORKER_SPIN },
    });
    worker.unref();
    // Errors surface through the control block; keep stray 'error' events from crashing the process.
    worker.on('error', () => {});
    const slot = { ...bufs, stop: () => { void worker.terminate().catch(() => {}); } };
    this.slots[i] = slot;
    return slot;
  }

  private kill(i: number, drop: boolean): void {
    this.slots[i]?.stop();
    if (drop) this.slots.splice(i, 1); else this.slots[i] = null;
    if (!this.wt) this.webReady = this.slots.filter((s) => s !== null).length;
  }

  /** Runs `tasks` (argument lists of one kind) across the caller and the workers; throws if any failed. */
  run(kind: number, tasks: number[][]): void {
    this.runEach(tasks.map((args) => [kind, args] as [number, number[]]));
  }

  /** Runs task 0 on the calling thread and task i on worker i; each task names its own kind. */
  runEach(tasks: [kind: number, args: number[]][]): void {
    const posted: { i: number; seq: number; kind: number }[] = [];
    for (let t = 1; t < tasks.length; t++) {
      const i = t - 1;
      const slot = this.slots[i] ?? this.spawn(i);
      const c = slot.ctrl;
      c[KIND] = tasks[t][0];
      c.set(tasks[t][1], ARGS);
      const seq = (c[SEQ] + 1) | 0;
      Atomics.store(c, SEQ, seq);
      Atomics.notify(c, SEQ);
      posted.push({ i, seq, kind: tasks[t][0] });
      this.dispatched++;
    }
    let own: unknown = null;
    try { runTask(this.kernels, tasks[0][0], tasks[0][1]); } catch (e) { own = e; }
    // Every worker must finish before returning: they all read and write the shared arena.
    const failures: string[] = [];
    for (const { i, seq, kind } of posted) {
      const msg = this.await(this.slots[i]!, seq);
      if (msg !== null) {
        failures.push(`${TASK_NAMES[kind] ?? `task ${kind}`} on worker ${i + 1}: ${msg}`);
        this.kill(i, !this.wt);
      }
    }
    if (own) throw own;
    if (failures.length) {
      throw new WorkerCrashError(`wasm backend: a worker thread failed (${failures.join('; ')}); ` +
        (this.wt ? 'the worker was restarted and later calls run normally; retry the call, or call setNumThreads(1) to stay on one thread'
          : 'the worker was dropped and later calls use the others; retry the call, or call setNumThreads(1) to stay on one thread'));
    }
  }

  /** Waits for a worker to finish sequence `seq`; returns null on success, else what went wrong. */
  private await(slot: Slot, seq: number): string | null {
    const c = slot.ctrl;
    let spins = 0;
    const start = Date.now();
    while (Atomics.load(c, DONE) !== seq) {
      if (++spins < CALLER_SPIN) continue;
      spins = 0;
      if (this.canWait) Atomics.wait(c, DONE, Atomics.load(c, DONE), 20);
      if (Date.now() - start > WATCHDOG_MS) return `no answer after ${WATCHDOG_MS / 1000} s`;
    }
    const status = Atomics.load(c, STATUS);
    if (status === STATUS_OK) return null;
    if (status === STATUS_DEAD) return 'the thread exited';
    return status === STATUS_ERROR ? readMessage(slot.message) || 'kernel error' : `status ${status}`;
  }
}
