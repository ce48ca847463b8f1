import type { Tensor } from '../core/tensor.js';
import type { Generator } from '../core/random.js';
import type { Module } from '../nn/module.js';
import type { Optimizer, OptimizerState } from '../optim/optimizer.js';
import { atomicWriteFileSync } from './atomic.js';
import { readWholeFile } from './read-file.js';
import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from './checkpoint.js';

/**
 * Writes a checkpoint to one file atomically (temp file, fsync, rename, fsync folder): if the
 * process dies mid-save, the previous checkpoint at `path` is still there and intact.
 *
 * @example
 * io.saveCheckpoint('run/ckpt.safetensors', { model: model.stateDict(), optimizer: opt.stateDict(),
 *   rng: defaultGenerator.getState(), epoch, step });
 */
export function saveCheckpoint(path: string, ckpt: Checkpoint): void {
  atomicWriteFileSync(path, serializeCheckpoint(ckpt));
}

/**
 * Reads and validates a checkpoint. Returns plain data; apply it with `restoreCheckpoint` (or
 * `model.loadStateDict(ckpt.model)`, whose strict key/shape check rejects another architecture).
 *
 * @example
 * const ckpt = io.loadCheckpoint('run/ckpt.safetensors');
 */
export function loadCheckpoint(path: string): Checkpoint {
  return parseCheckpoint(readWholeFile(path, 'checkpoint'), { source: path });
}

/** Anything with PyTorch-style stateDict()/loadStateDict() (schedulers, data loaders). */
export interface Stateful { stateDict(): object; loadStateDict(s: never): void }

export interface RestoreTargets {
  model: Module;
  optimizer?: Optimizer<{ lr: number }>;
  scheduler?: Stateful;
  generator?: Generator;
}

/**
 * Applies a checkpoint to a model, optimizer, scheduler and generator, all or nothing: if any
 * part is rejected (another architecture, another optimizer layout), everything already applied
 * is rolled back before the error propagates, so no object is left half-restored.
 *
 * @example
 * restoreCheckpoint(io.loadCheckpoint('ckpt.safetensors'), { model, optimizer: opt, generator: defaultGenerator });
 */
export function restoreCheckpoint(ckpt: Checkpoint, t: RestoreTargets): void {
  const before = {
    model: Object.fromEntries(Object.entries(t.model.stateDict()).map(([k, v]) => [k, v.clone()])) as Record<string, Tensor>,
    optimizer: t.optimizer?.stateDict() as OptimizerState | undefined,
    scheduler: t.scheduler?.stateDict(),
    rng: t.generator?.getState(),
  };
  try {
    t.model.loadStateDict(ckpt.model);
    if (t.optimizer && ckpt.optimizer) t.optimizer.loadStateDict(ckpt.optimizer);
    if (t.scheduler && ckpt.scheduler) t.scheduler.loadStateDict(ckpt.scheduler as never);
    if (t.generator && ckpt.rng) t.generator.setState(ckpt.rng);
  } catch (e) {
    t.model.loadStateDict(before.model);
    if (t.optimizer && before.optimizer) t.optimizer.loadStateDict(before.optimizer);
    if (t.scheduler && before.scheduler !== undefined) t.scheduler.loadStateDict(before.scheduler as never);
    if (t.generator && before.rng) t.generator.setState(before.rng);
    throw e;
  }
}
