import { Tensor } from '../../core/tensor.js';
import { manualSeed } from '../../core/random.js';
import * as nn from '../../nn/index.js';
import * as optim from '../../optim/index.js';
import { loadMnist } from '../../data/mnist.js';
import { evaluate, fitClassifier } from '../common/classify.js';
import type { Experiment, Figure } from '../types.js';
import { mean, withoutCheckpoints } from './util.js';

/** Reads an image row by row (28 steps of 28 pixels) and classifies from the last hidden state. */
export class RowClassifier extends nn.Module {
  rnn: nn.LSTM | nn.GRU;
  fc: nn.Linear;
  constructor(readonly cell: 'lstm' | 'gru', hidden: number) {
    super();
    this.rnn = cell === 'lstm' ? new nn.LSTM(28, hidden) : new nn.GRU(28, hidden);
    this.fc = new nn.Linear(hidden, 10);
  }
  forward(x: Tensor): Tensor {
    const seq = x.reshape([-1, 28, 28]);
    const out = this.rnn instanceof nn.LSTM ? this.rnn.forward(seq)[0] : this.rnn.forward(seq)[0];
    return this.fc.forward(out.select(1, 27));
  }
}

export const mnistRnn: Experiment<{ epochs: number; hidden: number; lr: number; batchSize: number; trainLimit: number; cells: string; seed: number }> = {
  name: 'mnist-rnn',
  title: 'Recurrent memory: LSTM and GRU read digits row by row',
  chapter: 'rnn',
  description: 'MNIST as a sequence of 28 rows of 28 pixels, classified from the final hidden state of an LSTM and of a GRU (Adam); target ≥ 97% test accuracy for each.',
  defaults: { epochs: 2, hidden: 128, lr: 0.002, batchSize: 64, trainLimit: 60000, cells: 'lstm,gru', seed: 0 },
  smoke: { epochs: 1, hidden: 16, trainLimit: 256 },
  help: { epochs: 'passes over the training set', hidden: 'hidden units', lr: 'Adam learning rate (cosine-annealed)', batchSize: 'minibatch size',
    trainLimit: 'use only the first N training images', cells: "comma-separated cells to train: 'lstm', 'gru'" },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', limit: c.trainLimit });
    const test = loadMnist({ split: 'test', limit: ctx.smoke ? 500 : undefined });
    const metrics: Record<string, number> = {};
    const curves: Figure & { kind: 'line' } = { kind: 'line', title: 'Test accuracy per epoch', xLabel: 'epoch', yLabel: 'accuracy', series: [] };
    const refs = [];
    let last: RowClassifier | null = null;
    for (const cell of c.cells.split(',').map((s) => s.trim()) as ('lstm' | 'gru')[]) {
      if (cell !== 'lstm' && cell !== 'gru') throw new Error(`mnist-rnn: unknown cell '${cell}'; use lstm and/or gru`);
      manualSeed(c.seed);
      const model = new RowClassifier(cell, c.hidden);
      const opt = new optim.Adam(model.parameters(), { lr: c.lr });
      const steps = c.epochs * Math.ceil(train.labels.shape[0] / c.batchSize);
      const sched = new optim.CosineAnnealingLR(opt, { tMax: steps, etaMin: c.lr * 0.05 });
      ctx.log(`training the ${cell.toUpperCase()} (${model.numParameters()} parameters)`);
      const hist = await fitClassifier(model, opt, train.images, train.labels, withoutCheckpoints(ctx), {
        epochs: c.epochs, batchSize: c.batchSize, test: { x: test.images, y: test.labels }, afterStep: () => sched.step(),
      });
      const ev = evaluate(model, test.images, test.labels);
      metrics[`${cell}TestAccuracy`] = ev.accuracy;
      metrics[`${cell}SecondsPerEpoch`] = mean(hist.seconds);
      metrics[`${cell}Parameters`] = model.numParameters();
      curves.series.push({ name: cell.toUpperCase(), x: hist.epoch, y: hist.testAccuracy });
      refs.push({ metric: `${cell.toUpperCase()} test accuracy`, measured: ev.accuracy, published: '≥ 0.97 (row-by-row MNIST)', source: 'issue target', reached: ev.accuracy >= 0.97 });
      last = model;
    }
    return { metrics, figures: [curves], references: refs, model: last ?? undefined };
  },
};
