import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import type { Module } from '../../nn/module.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import type { ExperimentContext, Figure } from '../types.js';
import { join } from 'node:path';
import { trainLoop } from './train-loop.js';
import { takeRows } from './rows.js';

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
  /** Loss of a batch from its logits and labels (default cross-entropy). */
  lossFn?: (logits: Tensor, y: Tensor) => Tensor;
  test?: { x: Tensor; y: Tensor };
  /** Called after each optimizer step (schedulers per step). */
  afterStep?: () => void;
}

export interface FitHistory { epoch: number[]; trainLoss: number[]; testAccuracy: number[]; samplesPerSecond: number[]; seconds: number[] }

/**
 * Minibatch training of a classifier with progress, streamed metrics and per-epoch test accuracy,
 * through the shared `trainLoop`: stops at the next batch when ctx.signal is aborted (Ctrl-C), and a
 * run folder with a checkpoint resumes where it stopped.
 * @example const hist = await fitClassifier(model, opt, x, y, ctx, { epochs: 2, batchSize: 64, test: { x: xt, y: yt } });
 */
export async function fitClassifier(model: Classifier, opt: Optimizer<{ lr: number }>, x: Tensor, y: Tensor, ctx: ExperimentContext, o: FitOptions): Promise<FitHistory> {
  const lossFn = o.lossFn ?? ((l: Tensor, t: Tensor) => crossEntropy(l, t));
  const h = await trainLoop(ctx, {
    label: 'epoch', size: x.shape[0], epochs: o.epochs, batchSize: o.batchSize, model, optimizer: opt, afterStep: o.afterStep,
    checkpoint: ctx.outDir ? join(ctx.outDir, 'checkpoint.safetensors') : null,
    loss: (rows) => { model.train(); return lossFn(model.forward(takeRows(x, rows)), takeRows(y, rows)); },
    afterEpoch: (epoch, st) => {
      if (!o.test) return;
      const ev = evaluate(model, o.test.x, o.test.y);
      ctx.metric('testAccuracy', ev.accuracy, epoch);
      ctx.log(`epoch ${epoch}: train loss ${st.trainLoss.toFixed(4)}, test accuracy ${(100 * ev.accuracy).toFixed(2)}%, ${st.seconds.toFixed(1)} s (${Math.round(st.samples / st.seconds)} samples/s)`);
      return { testAccuracy: ev.accuracy };
    },
  });
  return { epoch: h.epoch, trainLoss: h.trainLoss, testAccuracy: h.evals.testAccuracy ?? [], samplesPerSecond: h.samplesPerSecond, seconds: h.seconds };
}

/** Loss and accuracy curves of a fit, as report figures. */
export function fitFigures(h: FitHistory, title: string): Figure[] {
  const figs: Figure[] = [{ kind: 'line', title: `${title}: training loss`, xLabel: 'epoch', yLabel: 'cross-entropy', series: [{ name: 'train', x: h.epoch, y: h.trainLoss }] }];
  if (h.testAccuracy.length) figs.push({ kind: 'line', title: `${title}: test accuracy`, xLabel: 'epoch', yLabel: 'accuracy', series: [{ name: 'test', x: h.epoch, y: h.testAccuracy }] });
  return figs;
}
