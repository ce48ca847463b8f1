import { Tensor } from '../../core/tensor.js';
import { defaultGenerator, type Generator, type GeneratorState } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { Module } from '../../nn/module.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { DataLoader, type DataLoaderState } from '../../data/dataloader.js';
import type { Dataset } from '../../data/dataset.js';
import { saveCheckpoint, loadCheckpoint, restoreCheckpoint } from '../../io/checkpoint-file.js';
import { SaveClock } from '../../io/save-clock.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentContext } from '../types.js';
import { breathe } from './breathe.js';

/** Where a batch sits in the run, for schedules inside a loss closure. */
export interface BatchInfo {
  epoch: number;
  /** Optimizer steps completed before this batch. */
  step: number;
  /** Share of the whole run completed before this batch, in [0, 1). */
  progress: number;
}

/** What one completed epoch did. */
export interface EpochStats { trainLoss: number; seconds: number; samples: number }

export interface TrainLoopOptions {
  /** Names the progress bar ("label epoch/epochs") and the messages. */
  label: string;
  /** Examples per epoch: the loop hands out row indices 0..size−1, reshuffled every epoch. */
  size: number;
  epochs: number;
  batchSize: number;
  /** Everything the checkpoint must hold: a module, or several (a network and its loss weighting). */
  model: Module | Module[];
  optimizer: Optimizer<{ lr: number }>;
  /** Loss of one batch, built from its rows of the caller's data (multi-output, auxiliary and concept losses all fit). */
  loss: (rows: Int32Array, at: BatchInfo) => Tensor;
  /** Called after each optimizer step (schedulers per step). */
  afterStep?: () => void;
  /** Called after each complete epoch (evaluation); the numbers it returns go into the history. */
  afterEpoch?: (epoch: number, stats: EpochStats) => Record<string, number> | void;
  /**
   * Checkpoint file, written atomically at the end of every epoch, when stopped, and between batches
   * every `saveEverySeconds`. If it exists when the loop starts, training resumes from it: weights,
   * optimizer moments, data order, position in the epoch and the random streams, so the resumed run
   * ends with the weights of an uninterrupted one.
   */
  checkpoint?: string | null;
  /**
   * Seconds of training between mid-epoch checkpoints (default 60), so a process killed outright
   * (no Ctrl-C) loses at most that much of a long epoch; 0 saves after every batch.
   */
  saveEverySeconds?: number;
  /** Data-order generator (default: a fork of ctx.generator taken when the loop starts). */
  generator?: Generator;
  /** Other generators the loss draws from (noisy gating, augmentation), saved and restored with the run. */
  generators?: Record<string, Generator>;
  /**
   * Anything the loss closure accumulates across batches (routing counts, a smoothed loss curve), as
   * plain data: saved in the checkpoint and handed back on resume, so the totals cover the whole run.
   */
  state?: { save(): Record<string, unknown>; load(saved: Record<string, unknown>): void };
  /** Metric streamed every 20 steps with the batch loss (default 'trainLoss'). */
  metricName?: string;
}

export interface TrainHistory {
  epoch: number[];
  trainLoss: number[];
  seconds: number[];
  samplesPerSecond: number[];
  /** What afterEpoch returned, by name, one value per completed epoch. */
  evals: Record<string, number[]>;
  steps: number;
  /** True when ctx.signal stopped the run before its last epoch ended. */
  stopped: boolean;
  /** Training seconds (afterEpoch excluded), the interrupted epoch included. */
  totalSeconds: number;
}

/** Saved beside the weights in `extra`. */
interface LoopState {
  loader: DataLoaderState;
  history: TrainHistory;
  generators: Record<string, GeneratorState>;
  /** The caller's own accumulated state (`options.state`). */
  user: Record<string, unknown> | null;
  /** Running sums of the epoch in progress, so its mean loss survives an interruption. */
  partial: { lossSum: number; seen: number; seconds: number };
}

/** The row indices 0..n−1 as a dataset: the loader shuffles and batches them, the loss closure reads the data. */
class RowIndices implements Dataset<Tensor[]> {
  constructor(readonly length: number) {}
  get(i: number): Tensor[] { return [new Tensor(Int32Array.of(i), [1])]; }
  getBatch(indices: Int32Array): Tensor[] { return [new Tensor(Int32Array.from(indices), [indices.length])]; }
}

/** Several modules checkpointed as one state dict (keys parts.0.*, parts.1.* ...). */
class ModuleGroup extends Module {
  constructor(readonly parts: Module[]) { super(); }
  forward(): never { throw new ValueError('ModuleGroup only groups modules for checkpoints; call its parts'); }
}

/**
 * The one minibatch training loop of the experiments: shuffled row batches, a loss closure per batch,
 * progress and streamed loss, a typed error when the loss stops being finite, and, because it awaits
 * `breathe()` before every batch, Ctrl-C (ctx.signal) stops it at the next batch with a checkpoint
 * from which the same call resumes.
 * @example
 * const hist = await trainLoop(ctx, { label: 'cnn', size: n, epochs: 2, batchSize: 64, model: net, optimizer: opt,
 *   loss: (rows) => crossEntropy(net.forward(takeRows(x, rows)), takeRows(y, rows)) });
 */
export async function trainLoop(ctx: ExperimentContext, o: TrainLoopOptions): Promise<TrainHistory> {
  for (const k of ['size', 'epochs', 'batchSize'] as const) {
    const least = k === 'epochs' ? 0 : 1;
    if (!Number.isInteger(o[k]) || o[k] < least) throw new ValueError(`trainLoop(${o.label}): ${k} must be an integer >= ${least}, got ${o[k]}`);
  }
  const clock = new SaveClock(o.saveEverySeconds ?? 60, `trainLoop(${o.label})`);
  const model = Array.isArray(o.model) ? new ModuleGroup(o.model) : o.model;
  const loader = new DataLoader(new RowIndices(o.size), { batchSize: o.batchSize, shuffle: true, generator: o.generator ?? ctx.generator.fork() });
  const extraGens = o.generators ?? {};
  const metric = o.metricName ?? 'trainLoss';
  let hist: TrainHistory = { epoch: [], trainLoss: [], seconds: [], samplesPerSecond: [], evals: {}, steps: 0, stopped: false, totalSeconds: 0 };
  let partial = { lossSum: 0, seen: 0, seconds: 0 };
  let step = 0, startEpoch = 1;
  // Stopped before it started (an earlier model of the same run was interrupted): write nothing, so a
  // resumed run does not restore this model from a state taken before its own training began.
  if (ctx.signal.aborted) return { ...hist, stopped: true };
  if (o.checkpoint && existsSync(o.checkpoint)) {
    const ck = loadCheckpoint(o.checkpoint);
    const st = ck.extra as unknown as LoopState | undefined;
    if (!st?.loader || !st.history || !st.partial || !st.generators) {
      throw new ValueError(`trainLoop(${o.label}): ${o.checkpoint} holds no training-loop state (another format or an older version); delete it to start afresh`);
    }
    const missing = Object.keys(extraGens).find((name) => !st.generators[name]);
    if (missing) throw new ValueError(`trainLoop(${o.label}): checkpoint ${o.checkpoint} has no state for generator '${missing}'; it was written by another configuration, delete it to start afresh`);
    restoreCheckpoint(ck, { model, optimizer: o.optimizer, generator: defaultGenerator });
    loader.loadStateDict(st.loader);
    for (const [name, g] of Object.entries(extraGens)) g.setState(st.generators[name]);
    if (o.state && st.user) o.state.load(st.user);
    hist = { ...st.history, stopped: false };
    partial = st.partial;
    step = ck.step;
    startEpoch = ck.epoch + 1;
    ctx.log(`${o.label}: resuming from ${o.checkpoint} at epoch ${startEpoch}, step ${step}`);
  }
  const save = (epochsDone: number, inEpoch = partial) => {
    if (!o.checkpoint) return;
    const extra: LoopState = { loader: loader.stateDict(), history: hist, partial: inEpoch, user: o.state?.save() ?? null,
      generators: Object.fromEntries(Object.entries(extraGens).map(([k, g]) => [k, g.getState()])) };
    saveCheckpoint(o.checkpoint, { model: model.stateDict(), optimizer: o.optimizer.stateDict(), rng: defaultGenerator.getState(),
      epoch: epochsDone, step, extra: extra as unknown as Record<string, unknown> });
  };
  const perEpoch = loader.length, total = Math.max(1, o.epochs * perEpoch);
  for (let epoch = startEpoch; epoch <= o.epochs; epoch++) {
    const bar = ctx.progress(`${o.label} ${epoch}/${o.epochs}`, o.size, 'samples');
    if (partial.seen) bar.tick(partial.seen);
    const t0 = performance.now();
    const batches = loader[Symbol.iterator]();
    // The abort check comes before the next batch is drawn, so the saved loader position is exactly
    // the first batch not yet trained on.
    for (;;) {
      await breathe();
      if (ctx.signal.aborted) break;
      const next = batches.next();
      if (next.done) break;
      const rows = next.value[0].data as Int32Array;
      o.optimizer.zeroGrad();
      const loss = o.loss(rows, { epoch, step, progress: step / total });
      const lv = loss.item();
      if (!Number.isFinite(lv)) {
        throw new ValueError(`${o.label}: training stopped: the loss became ${lv} at epoch ${epoch}, step ${step}; lower the learning rate or run with --detect-anomaly to find the op that produced it`);
      }
      loss.backward();
      o.optimizer.step();
      o.afterStep?.();
      partial.lossSum += lv * rows.length; partial.seen += rows.length; step++;
      if (step % 20 === 0) ctx.metric(metric, lv, step);
      bar.tick(rows.length, { loss: partial.lossSum / partial.seen });
      // Between batches, the same state a Ctrl-C here would save (the epoch's time so far included).
      if (o.checkpoint && clock.due()) {
        hist.steps = step;
        save(epoch - 1, { ...partial, seconds: partial.seconds + (performance.now() - t0) / 1000 });
        clock.saved();
      }
    }
    bar.done();
    partial.seconds += (performance.now() - t0) / 1000;
    hist.steps = step;
    if (ctx.signal.aborted) {
      hist.stopped = true;
      save(epoch - 1);
      // The interrupted epoch's time counts in what this call reports, not in the saved history it resumes from.
      return { ...hist, totalSeconds: hist.totalSeconds + partial.seconds };
    }
    const stats: EpochStats = { trainLoss: partial.lossSum / Math.max(1, partial.seen), seconds: partial.seconds, samples: partial.seen };
    hist.epoch.push(epoch); hist.trainLoss.push(stats.trainLoss);
    hist.seconds.push(stats.seconds); hist.samplesPerSecond.push(stats.samples / Math.max(1e-9, stats.seconds));
    hist.totalSeconds += stats.seconds;
    partial = { lossSum: 0, seen: 0, seconds: 0 };
    const ev = o.afterEpoch?.(epoch, stats);
    if (ev) for (const [k, v] of Object.entries(ev)) (hist.evals[k] ??= []).push(v);
    save(epoch);
    clock.saved();
  }
  return hist;
}

/**
 * The checkpoint file of one model trained inside a run (`checkpoint-<name>.safetensors` in the run
 * folder), or null when the run writes nothing. A run that trains several models gives each its own,
 * so --resume restores the finished ones and continues the interrupted one.
 * @example trainLoop(ctx, { ..., checkpoint: runCheckpoint(ctx, 'joint') });
 */
export function runCheckpoint(ctx: ExperimentContext, name: string): string | null {
  return ctx.outDir ? join(ctx.outDir, `checkpoint-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.safetensors`) : null;
}
