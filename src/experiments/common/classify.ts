import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import type { Module } from '../../nn/module.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { DataLoader } from '../../data/dataloader.js';
import { TensorDataset } from '../../data/dataset.js';
import { ValueError } from '../../core/errors.js';
import type { ExperimentContext, Figure } from '../types.js';
import { existsSync } from 'node:fs';
import { breathe } from './breathe.js';
import { join } from 'node:path';
import { defaultGenerator } from '../../core/random.js';
import { saveCheckpoint, loadCheckpoint, restoreCheckpoint } from '../../io/checkpoint-file.js';
import type { DataLoaderState } from '../../data/dataloader.js';

type Classifier = Module & { forward(x: Tensor): Tensor };

/** Accuracy and mean cross-entropy of a classifier over a labelled set, in eval mode and without graphs. */
export function evaluate(model: Classifier, x: Tensor, y: Tensor, batchSize = 1000): { accuracy: number; loss: number; predictions: Int32Array } {
  const was = model.training;
  model.eval();
  const n = x.shape[0];
  const preds = new Int32Array(n);
  let correct = 0, lossSum = 0;
  noGrad(() => {
    for (let s = 0; s < n; s += batchSize) {
      const e = Math.min(n, s + batchSize);
      const xb = x.narrow(0, s, e - s), yb = y.narrow(0, s, e - s);
      const logits = model.forward(xb);
      lossSum += crossEntropy(logits, yb, { reduction: 'sum' }).item();
      const p = logits.argmax(1);
      for (let i = 0; i < e - s; i++) { preds[s + i] = p.data[i]; if (p.data[i] === yb.data[i]) correct++; }
    }
  });
  model.train(was);
  return { accuracy: correct / n, loss: lossSum / n, predictions: preds };
}

/** Confusion matrix counts [true][predicted]. */
export function confusion(y: Tensor, preds: Int32Array, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < preds.length; i++) m[y.data[i]][preds[i]]++;
  return m;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Stop when the training loss is not finite (with a message naming the step). */
  lossFn?: (logits: Tensor, y: Tensor) => Tensor;
  test?: { x: Tensor; y: Tensor };
  /** Called after each optimizer step (schedulers per step). */
  afterStep?: () => void;
}

export interface FitHistory { epoch: number[]; trainLoss: number[]; testAccuracy: number[]; samplesPerSecond: number[]; seconds: number[] }

/**
 * Minibatch training of a classifier with progress, streamed metrics and per-epoch test accuracy.
 * Stops at the next batch when ctx.signal is aborted (Ctrl-C) and returns what was done.
 */
export async function fitClassifier(model: Classifier, opt: Optimizer<{ lr: number }>, x: Tensor, y: Tensor, ctx: ExperimentContext, o: FitOptions): Promise<FitHistory> {
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: o.batchSize, shuffle: true, generator: ctx.generator.fork() });
  const lossFn = o.lossFn ?? ((l: Tensor, t: Tensor) => crossEntropy(l, t));
  let hist: FitHistory = { epoch: [], trainLoss: [], testAccuracy: [], samplesPerSecond: [], seconds: [] };
  let step = 0, startEpoch = 1;
  // A run folder with a checkpoint means --resume: continue from the saved epoch, batch and RNG state.
  const ckptPath = ctx.outDir ? join(ctx.outDir, 'checkpoint.safetensors') : null;
  if (ckptPath && existsSync(ckptPath)) {
    const ck = loadCheckpoint(ckptPath);
    restoreCheckpoint(ck, { model, optimizer: opt, generator: defaultGenerator });
    const extra = ck.extra as { loader: DataLoaderState; history: FitHistory; epochDone: boolean };
    loader.loadStateDict(extra.loader);
    hist = extra.history;
    step = ck.step;
    startEpoch = extra.epochDone ? ck.epoch + 1 : ck.epoch;
    ctx.log(`resuming from ${ckptPath}: epoch ${startEpoch}, step ${step}`);
  }
  const save = (epoch: number, epochDone: boolean) => {
    if (!ckptPath) return;
    saveCheckpoint(ckptPath, { model: model.stateDict(), optimizer: opt.stateDict(), rng: defaultGenerator.getState(), epoch, step,
      extra: { loader: loader.stateDict(), history: hist, epochDone } as unknown as Record<string, unknown> });
  };
  for (let epoch = startEpoch; epoch <= o.epochs && !ctx.signal.aborted; epoch++) {
    model.train();
    const bar = ctx.progress(`epoch ${epoch}/${o.epochs}`, x.shape[0], 'samples');
    const t0 = performance.now();
    let lossSum = 0, seen = 0, batches = 0;
    for (const [xb, yb] of loader) {
      await breathe();
      if (ctx.signal.aborted) break;
      opt.zeroGrad();
      const loss = lossFn(model.forward(xb), yb);
      const lv = loss.item();
      if (!Number.isFinite(lv)) {
        throw new ValueError(`training stopped: the loss became ${lv} at epoch ${epoch}, step ${step}; lower the learning rate or run with --detect-anomaly to find the op that produced it`);
      }
      loss.backward();
      opt.step();
      o.afterStep?.();
      lossSum += lv * xb.shape[0]; seen += xb.shape[0]; batches++; step++;
      if (batches % 20 === 0) ctx.metric('trainLoss', lv, step);
      bar.tick(xb.shape[0], { loss: lossSum / seen });
    }
    bar.done();
    if (ctx.signal.aborted) { save(epoch, false); break; }
    const secs = (performance.now() - t0) / 1000;
    hist.epoch.push(epoch); hist.trainLoss.push(lossSum / Math.max(1, seen));
    hist.seconds.push(secs); hist.samplesPerSecond.push(seen / secs);
    if (o.test) {
      const ev = evaluate(model, o.test.x, o.test.y);
      hist.testAccuracy.push(ev.accuracy);
      ctx.metric('testAccuracy', ev.accuracy, epoch);
      save(epoch, true);
      ctx.log(`epoch ${epoch}: train loss ${(lossSum / Math.max(1, seen)).toFixed(4)}, test accuracy ${(100 * ev.accuracy).toFixed(2)}%, ${secs.toFixed(1)} s (${Math.round(seen / secs)} samples/s)`);
    } else save(epoch, true);
  }
  return hist;
}

/** Loss and accuracy curves of a fit, as report figures. */
export function fitFigures(h: FitHistory, title: string): Figure[] {
  const figs: Figure[] = [{ kind: 'line', title: `${title}: training loss`, xLabel: 'epoch', yLabel: 'cross-entropy', series: [{ name: 'train', x: h.epoch, y: h.trainLoss }] }];
  if (h.testAccuracy.length) figs.push({ kind: 'line', title: `${title}: test accuracy`, xLabel: 'epoch', yLabel: 'accuracy', series: [{ name: 'test', x: h.epoch, y: h.testAccuracy }] });
  return figs;
}
