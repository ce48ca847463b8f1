import { AlchemyError } from '../../core/errors.js';
import { runTask, SLOT_WORDS, SEQ, DONE, STATUS, KIND, ARGS, STATUS_OK, STATUS_ERROR, STATUS_DEAD,
  TASK_MATMUL, TASK_IM2COL, TASK_COL2IM, type KernelExports } from './tasks.js';

/** A worker thread died or a kernel failed inside one; only the call that hit it fails. */
export class WorkerCrashError extends AlchemyError {}

interface NodeWorker { unref(): void; terminate(): Promise<number>; on(ev: string, f: (...a: unknown[]) => void): void }
interface WorkerThreads {
  Worker: new (url: URL, opts: object) => NodeWorker;
  MessageChannel: new () => { port1: { close(): void }; port2: unknown };
  receiveMessageOnPort(port: unknown): { message: unknown } | undefined;
}
interface Slot { worker: NodeWorker; ctrl: Int32Array; port: { close(): void } }

const TASK_NAMES: Record<number, string> = { [TASK_MATMUL]: 'matmul', [TASK_IM2COL]: 'im2col', [TASK_COL2IM]: 'col2im' };
/** Loads a worker spins before it sleeps on Atomics.wait (tens of microseconds). */
const WORKER_SPIN = 20000;
const CALLER_SPIN = 20000;
/** A worker silent this long is treated as dead (a real kernel share takes far less). */
const WATCHDOG_MS = 120_000;

function workerThreads(): WorkerThreads | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return typeof get === 'function' ? (get('node:worker_threads') as WorkerThreads) : null;
}

/**
 * Worker threads over the one shared wasm memory. `run` hands task i > 0 to worker i - 1 and runs
 * task 0 on the calling thread, then waits for all of them, so a kernel split n ways uses n cores.
 * Workers are unref'd (a script exits when its work is done) and started lazily.
 */
export class ThreadPool {
  private slots: (Slot | null)[] = [];
  private readonly wt = workerThreads();

  constructor(private readonly module: WebAssembly.Module, private readonly memory: WebAssembly.Memory,
    private readonly kernels: KernelExports) {}

  /** Whether this environment can run worker threads at all. */
  get available(): boolean { return this.wt !== null && typeof SharedArrayBuffer === 'function'; }

  /** Stops workers beyond `workers` (they restart on demand if the count grows again). */
  resize(workers: number): void {
    while (this.slots.length > workers) this.kill(this.slots.length - 1, true);
  }

  private spawn(i: number): Slot {
    const wt = this.wt!;
    const ctrl = new Int32Array(new SharedArrayBuffer(SLOT_WORDS * 4));
    const { port1, port2 } = new wt.MessageChannel();
    const worker = new wt.Worker(new URL('./worker.js', import.meta.url), {
      workerData: { module: this.module, memory: this.memory, ctrl: ctrl.buffer, slot: 0, port: port2, spin: WORKER_SPIN },
      transferList: [port2],
    });
    worker.unref();
    // Errors surface through the control block; keep stray 'error' events from crashing the process.
    worker.on('error', () => {});
    const slot = { worker, ctrl, port: port1 };
    this.slots[i] = slot;
    return slot;
  }

  private kill(i: number, drop: boolean): void {
    const s = this.slots[i];
    if (s) { void s.worker.terminate().catch(() => {}); s.port.close(); }
    if (drop) this.slots.splice(i, 1); else this.slots[i] = null;
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
    }
    let own: unknown = null;
    try { runTask(this.kernels, tasks[0][0], tasks[0][1]); } catch (e) { own = e; }
    // Every worker must finish before returning: they all read and write the shared arena.
    const failures: string[] = [];
    for (const { i, seq, kind } of posted) {
      const msg = this.await(this.slots[i]!, seq);
      if (msg !== null) {
        failures.push(`${TASK_NAMES[kind] ?? `task ${kind}`} on worker ${i + 1}: ${msg}`);
        this.kill(i, false);
      }
    }
    if (own) throw own;
    if (failures.length) {
      throw new WorkerCrashError(`wasm backend: a worker thread failed (${failures.join('; ')}); ` +
        'the worker was restarted and later calls run normally; retry the call, or call setNumThreads(1) to stay on one thread');
    }
  }

  /** Waits for a worker to finish sequence `seq`; returns null on success, else what went wrong. */
  private await(slot: Slot, seq: number): string | null {
    const c = slot.ctrl;
    let spins = 0;
    const start = Date.now();
    while (Atomics.load(c, DONE) !== seq) {
      if (++spins < CALLER_SPIN) continue;
      Atomics.wait(c, DONE, Atomics.load(c, DONE), 20);
      if (Date.now() - start > WATCHDOG_MS) return `no answer after ${WATCHDOG_MS / 1000} s`;
    }
    const status = Atomics.load(c, STATUS);
    if (status === STATUS_OK) return null;
    if (status === STATUS_DEAD) return 'the thread exited';
    const m = this.wt!.receiveMessageOnPort(slot.port);
    return status === STATUS_ERROR ? String(m?.message ?? 'kernel error') : `status ${status}`;
  }
}
