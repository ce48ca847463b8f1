/**
 * One small, fully seeded training run used by the reliability tests, in-process and in child
 * processes: a 2-hidden-layer MLP with dropout on two spirals, Adam with a step schedule, a
 * shuffled DataLoader. Every source of randomness (init, dropout, shuffling) is captured by the
 * checkpoint, so a run resumed from any checkpoint must end bit-identical to an unbroken one.
 */
import { existsSync } from 'node:fs';
import { manualSeed, defaultGenerator } from '../../src/core/random.js';
import type { Tensor } from '../../src/core/tensor.js';
import { setBackend } from '../../src/backend/registry.js';
import { Sequential } from '../../src/nn/containers.js';
import { Linear } from '../../src/nn/linear.js';
import { ReLU, Tanh } from '../../src/nn/activation.js';
import { Dropout } from '../../src/nn/dropout.js';
import { CrossEntropyLoss } from '../../src/nn/loss.js';
import { Adam } from '../../src/optim/adam.js';
import { SGD } from '../../src/optim/sgd.js';
import { StepLR } from '../../src/optim/scheduler.js';
import { assertFiniteLoss } from '../../src/optim/guards.js';
import { DataLoader, type DataLoaderState } from '../../src/data/dataloader.js';
import { TensorDataset } from '../../src/data/dataset.js';
import { spirals } from '../../src/data/toy.js';
import { saveCheckpoint, loadCheckpoint, restoreCheckpoint } from '../../src/io/index.js';

export interface TrainOptions {
  seed: number;
  /** Stop after this many optimizer steps in total (counting steps before a resume). */
  totalSteps: number;
  /** Checkpoint path: resumed from when it exists, written every `saveEvery` steps. */
  ckpt?: string;
  saveEvery?: number;
  /** Stop (as if interrupted) after this many steps of this call. */
  stopAfter?: number;
  hidden?: number;
  lr?: number;
  /** Adam (default) or SGD with momentum 0.9. */
  optimizer?: 'adam' | 'sgd';
  backend?: string;
  /** Called once the model is built (and restored), right before the first step. */
  onStart?: (step: number) => void;
}

export interface TrainResult { model: Sequential; step: number; losses: number[] }

/** The MLP the runs train: 2 → h → h → 2 with tanh, dropout and ReLU. */
export function makeModel(h: number): Sequential {
  return new Sequential(new Linear(2, h), new Tanh(), new Dropout(0.1), new Linear(h, h), new ReLU(), new Linear(h, 2));
}

export function train(o: TrainOptions): TrainResult {
  if (o.backend) setBackend(o.backend);
  manualSeed(o.seed);
  const model = makeModel(o.hidden ?? 32);
  const opt = o.optimizer === 'sgd' ? new SGD(model.parameters(), { lr: o.lr ?? 0.05, momentum: 0.9 }) : new Adam(model.parameters(), { lr: o.lr ?? 0.01 });
  const sched = new StepLR(opt, { stepSize: 50, gamma: 0.5 });
  const set = spirals(60, 0.1, o.seed);
  const loader = new DataLoader(new TensorDataset(set.x, set.y), { batchSize: 16, shuffle: true, seed: o.seed + 1 });
  const lossFn = new CrossEntropyLoss();
  let step = 0;
  if (o.ckpt && existsSync(o.ckpt)) {
    const c = loadCheckpoint(o.ckpt);
    restoreCheckpoint(c, { model, optimizer: opt, scheduler: sched, generator: defaultGenerator });
    loader.loadStateDict((c.extra as { loader: DataLoaderState }).loader);
    step = c.step;
  }
  o.onStart?.(step);
  const losses: number[] = [];
  let done = 0;
  outer: while (step < o.totalSteps) {
    for (const [x, y] of loader) {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      losses.push(assertFiniteLoss(loss, { step, lastCheckpoint: o.ckpt }));
      loss.backward();
      opt.step();
      step++; done++;
      if (step % 25 === 0) sched.step();
      if (o.ckpt && step % (o.saveEvery ?? 1) === 0) {
        saveCheckpoint(o.ckpt, {
          model: model.stateDict(), optimizer: opt.stateDict(), scheduler: sched.stateDict(),
          rng: defaultGenerator.getState(), epoch: 0, step, extra: { loader: loader.stateDict() },
        });
      }
      if (step >= o.totalSteps || (o.stopAfter !== undefined && done >= o.stopAfter)) break outer;
    }
  }
  return { model, step, losses };
}

/** Flat copy of every weight, for bit-exact comparison. */
export function weightsOf(model: { stateDict(): Record<string, Tensor> }): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, Array.from(t.data)]));
}
