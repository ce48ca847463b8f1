import { AlchemyError } from '../../core/errors.js';
import { TASK_MATMUL, TASK_IM2COL, TASK_COL2IM, TASK_CONV_FORWARD, TASK_CONV_GRAD_INPUT, TASK_CONV_GRAD_WEIGHT, TASK_MATMUL_BATCH,
  J_WAKE, J_JOB, J_KIND, J_CHUNKS, J_ARGC, J_DONE, J_ERROR, J_SCRATCH_BASE, J_SCRATCH_STRIDE, J_SCRATCH_SLOTS, J_SCRATCH_AT,
  J_COUNTER64, J_TABLE, JOB_WORDS, MAX_CHUNKS, MAX_ARGS, MAX_SCRATCH_SLOTS, W_STATUS, W_BUSY, WORKER_WORDS, STATUS_DEAD,
  type KernelExports } from './tasks.js';
import { MESSAGE_WORDS, readMessage, jobViews, drainJob, type JobViews } from './worker-loop.js';

/** A worker thread died or a kernel failed inside one; only the call that hit it fails. */
export class WorkerCrashError extends AlchemyError {}

interface NodeWorker { unref(): void; terminate(): Promise<number>; on(ev: string, f: (...a: unknown[]) => void): void }
interface WorkerThreads { Worker: new (url: URL, opts: object) => NodeWorker }
interface WebWorker { postMessage(m: unknown): void; terminate(): void; onmessage: ((e: { data: unknown }) => void) | null; onerror: ((e: unknown) => void) | null }
type WebWorkerCtor = new (url: URL, opts: { type: 'module' }) => WebWorker;
interface Slot { stop(): void; state: Int32Array }

/**
 * Per-participant scratch: participant p (0 = the calling thread, i = worker i) gets the region
 * base + p·stride, and each [argument index, byte offset] pair of `slots` is written into every
 * chunk it runs, so threads never share packing or patch buffers.
 */
export interface ScratchPlan { base: number; stride: number; slots: [argIndex: number, offset: number][] }

const TASK_NAMES: Record<number, string> = {
  [TASK_MATMUL]: 'matmul', [TASK_IM2COL]: 'im2col', [TASK_COL2IM]: 'col2im', [TASK_MATMUL_BATCH]: 'batched matmul',
  [TASK_CONV_FORWARD]: 'conv2d', [TASK_CONV_GRAD_INPUT]: 'conv2d input gradient', [TASK_CONV_GRAD_WEIGHT]: 'conv2d weight gradient',
};
/** Loads a worker spins before it sleeps on Atomics.wait (tens of microseconds). */
const WORKER_SPIN = 20000;
const CALLER_SPIN = 20000;
/** A job that makes no progress this long is abandoned (a real chunk takes far less). */
const WATCHDOG_MS = 120_000;

function workerThreads(): WorkerThreads | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return typeof get === 'function' ? (get('node:worker_threads') as WorkerThreads) : null;
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not; it spins instead). */
function threadCanWait(): boolean {
  try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); return true; } catch { return false; }
}

/**
 * Worker threads over the one shared wasm memory. `run` posts a job of chunks; the calling thread
 * and every worker claim chunks from a shared counter until none is left, then the caller waits
 * only for chunks already claimed. A worker the OS has not scheduled simply claims nothing, so a
 * busy machine costs parallelism, never a stall. In Node, workers are worker_threads, unref'd (a
 * script exits when its work is done) and started on demand. In browsers they are module Web
 * Workers, which only start while the page's event loop runs, so `startWebWorkers` starts them
 * ahead (awaited).
 */
export class ThreadPool {
  private slots: (Slot | null)[] = [];
  private readonly wt = workerThreads();
  private readonly canWait = threadCanWait();
  private readonly views: JobViews | null;
  private maxWorkers = Infinity;
  private jobId = 0;
  /** Chunks run by workers so far (diagnostics: shows that kernels really split). */
  dispatched = 0;

  constructor(private readonly module: WebAssembly.Module, private readonly memory: WebAssembly.Memory,
    private readonly kernels: KernelExports) {
    this.views = typeof SharedArrayBuffer === 'function'
      ? jobViews(new SharedArrayBuffer(JOB_WORDS * 4), new SharedArrayBuffer(MESSAGE_WORDS * 4)) : null;
  }

  /** Whether this environment can run worker threads at all. */
  get available(): boolean { return this.views !== null && (this.wt !== null || this.live() > 0); }

  /** Workers a kernel may use now: up to the setting in Node (spawned on demand), the started ones in browsers. */
  get workers(): number { return this.wt ? this.maxWorkers : this.live(); }

  private live(): number { return this.slots.filter((s) => s !== null).length; }

  /** Allows at most `workers` workers and stops those beyond (Node restarts them on demand if the count grows). */
  resize(workers: number): void {
    if (!this.wt) return; // browser workers were started ahead for the page's lifetime; fewer are simply left idle
    this.maxWorkers = workers;
    while (this.slots.length > workers) this.kill(this.slots.length - 1, true);
  }

  /**
   * Makes sure enough workers run for a job of `chunks` chunks on at most `threads` threads (the
   * caller included) and returns how many participants may claim chunks (the caller plus every
   * worker), i.e. how many scratch regions to provide.
   */
  participants(chunks: number, threads = Infinity): number {
    if (this.wt) {
      const want = Math.min(chunks - 1, threads - 1, this.maxWorkers);
      for (let i = 0; i < want; i++) if (!this.slots[i]) this.spawn(i);
    }
    return 1 + this.slots.length;
  }

  private workerInit(p: number, state: Int32Array) {
    return { module: this.module, memory: this.memory, job: this.views!.job.buffer, message: this.views!.message.buffer,
      state: state.buffer, p, spin: WORKER_SPIN };
  }

  /**
   * Starts `count` module Web Workers over the shared memory and resolves once each has answered
   * (browsers only; needs cross-origin isolation for shared memory). Returns how many started.
   */
  async startWebWorkers(count: number, url: URL = new URL('./web-worker.js', import.meta.url)): Promise<number> {
    const Ctor = (globalThis as { Worker?: WebWorkerCtor }).Worker;
    if (this.wt || !Ctor || !this.views) return 0;
    const base = this.slots.length;
    const started = await Promise.all(Array.from({ length: count }, (_, i) => new Promise<Slot | null>((resolve) => {
      let w: WebWorker;
      try { w = new Ctor(url, { type: 'module' }); } catch { resolve(null); return; }
      const state = new Int32Array(new SharedArrayBuffer(WORKER_WORDS * 4));
      const timer = setTimeout(() => { w.terminate(); resolve(null); }, 20_000);
      w.onmessage = (e) => { if (e.data === 'ready') { clearTimeout(timer); resolve({ state, stop: () => w.terminate() }); } };
      w.onerror = () => { clearTimeout(timer); w.terminate(); resolve(null); };
      w.postMessage(this.workerInit(base + i + 1, state));
    })));
    // Participant numbers were fixed at start, so failed starts keep their (empty) place.
    for (const s of started) this.slots.push(s);
    return started.filter((s) => s !== null).length;
  }

  private spawn(i: number): Slot {
    const state = new Int32Array(new SharedArrayBuffer(WORKER_WORDS * 4));
    const worker = new this.wt!.Worker(new URL('./worker.js', import.meta.url), { workerData: this.workerInit(i + 1, state) });
    worker.unref();
    // Failures surface through the job block; keep stray 'error' events from crashing the process.
    worker.on('error', () => {});
    const slot = { state, stop: () => { void worker.terminate().catch(() => {}); } };
    this.slots[i] = slot;
    return slot;
  }

  private kill(i: number, drop: boolean): void {
    this.slots[i]?.stop();
    if (drop) this.slots.splice(i, 1); else this.slots[i] = null;
  }

  /**
   * Runs a job: every chunk is one argument list for a kernel of `kind`, run exactly once by
   * whichever participant claims it. `callerJoins: false` leaves the chunks to the workers (tests
   * use it to put a fault on a worker). Throws WorkerCrashError when a chunk failed on a worker or a
   * worker died holding one; the caller's own errors are rethrown as they are.
   */
  run(kind: number, chunks: number[][], scratch?: ScratchPlan, opts: { callerJoins?: boolean } = {}): void {
    const v = this.views!;
    const n = chunks.length, j = v.job;
    if (n === 0) return;
    const argc = Math.max(...chunks.map((c) => c.length));
    if (n > MAX_CHUNKS || argc > MAX_ARGS || (scratch?.slots.length ?? 0) > MAX_SCRATCH_SLOTS) {
      throw new RangeError(`ThreadPool.run: ${n} chunks of ${argc} arguments exceed the job block (${MAX_CHUNKS} x ${MAX_ARGS})`);
    }
    const callerJoins = opts.callerJoins ?? true;
    if (!callerJoins) this.participants(n + 1, n + 1);
    const id = this.jobId = (this.jobId + 1) >>> 0 || 1;
    j[J_KIND] = kind; j[J_CHUNKS] = n; j[J_ARGC] = argc;
    chunks.forEach((c, i) => j.set(c, J_TABLE + i * argc));
    j[J_SCRATCH_BASE] = scratch?.base ?? 0; j[J_SCRATCH_STRIDE] = scratch?.stride ?? 0; j[J_SCRATCH_SLOTS] = scratch?.slots.length ?? 0;
    scratch?.slots.forEach(([at, off], s) => { j[J_SCRATCH_AT + 2 * s] = at; j[J_SCRATCH_AT + 2 * s + 1] = off; });
    Atomics.store(j, J_DONE, 0);
    Atomics.store(j, J_ERROR, 0);
    Atomics.store(v.message, 0, 0);
    // The header first, then the counter, then the wake-up: a claim carrying this id always sees this header.
    Atomics.store(j, J_JOB, id);
    Atomics.store(v.counter, J_COUNTER64, BigInt(id) << 32n);
    Atomics.store(j, J_WAKE, id);
    Atomics.notify(j, J_WAKE);
    let own: unknown = null;
    const mine = callerJoins ? drainJob(this.kernels, v, 0, null, (e) => { own ??= e; }) : 0;
    this.dispatched += n - mine;
    const lost = this.waitDone(id, n);
    if (own) throw own;
    const what = TASK_NAMES[kind] ?? `task ${kind}`;
    if (lost) {
      throw new WorkerCrashError(`wasm backend: a worker thread failed during ${what} (${lost}); it was replaced and later calls run ` +
        'normally; retry the call, or call setNumThreads(1) to stay on one thread');
    }
    if (Atomics.load(j, J_ERROR)) {
      throw new WorkerCrashError(`wasm backend: ${what} failed on a worker thread (${readMessage(v.message) || 'kernel error'}); ` +
        'the worker keeps running and later calls run normally; retry the call, or call setNumThreads(1) to stay on one thread');
    }
  }

  /** Waits until all `n` chunks of job `id` are done; returns null, or why some never will be. */
  private waitDone(id: number, n: number): string | null {
    const j = this.views!.job;
    let spins = 0, seen = -1, since = Date.now();
    for (;;) {
      const done = Atomics.load(j, J_DONE);
      if (done >= n) return null;
      if (done !== seen) { seen = done; since = Date.now(); }
      if (++spins < CALLER_SPIN) continue;
      spins = 0;
      const lost = this.reapDead();
      if (lost) return this.abandon(id, lost);
      if (Date.now() - since > WATCHDOG_MS) return this.abandon(id, `no progress for ${WATCHDOG_MS / 1000} s`);
      if (this.canWait) Atomics.wait(j, J_DONE, done, 20);
    }
  }

  /** Replaces dead workers; says so when one died holding a claimed chunk. */
  private reapDead(): string | null {
    let lost: string | null = null;
    this.slots.forEach((s, i) => {
      if (!s || Atomics.load(s.state, W_STATUS) !== STATUS_DEAD) return;
      if (Atomics.load(s.state, W_BUSY)) lost = `worker ${i + 1}: the thread exited`;
      this.kill(i, false);
    });
    return lost;
  }

  /** Stops further claims on job `id` and waits for the live workers to finish what they hold. */
  private abandon(id: number, why: string): string {
    const v = this.views!;
    Atomics.store(v.counter, J_COUNTER64, (BigInt(id) << 32n) | 0x7fffffffn);
    const start = Date.now();
    for (const [i, s] of this.slots.entries()) {
      while (s && Atomics.load(s.state, W_BUSY) && Atomics.load(s.state, W_STATUS) !== STATUS_DEAD) {
        if (Date.now() - start > WATCHDOG_MS) { this.kill(i, false); break; }
      }
    }
    this.reapDead();
    return why;
  }
}
