import { manualSeed } from '../../core/random.js';
import * as nn from '../../nn/index.js';
import * as optim from '../../optim/index.js';
import { loadMnist } from '../../data/mnist.js';
import { evaluate, confusion, fitClassifier, fitFigures } from '../common/classify.js';
import type { Experiment } from '../types.js';
import { mean } from './util.js';

/** LeNet-5 on MNIST (LeCun et al. 1998): convolution and pooling, the visual-cortex-inspired architecture. */
export const mnistCnn: Experiment<{ epochs: number; lr: number; batchSize: number; trainLimit: number; seed: number }> = {
  name: 'mnist-cnn',
  title: 'LeNet-5: a convolutional network reads handwritten digits',
  chapter: 'cnn',
  description: 'A LeNet-5-like CNN (conv5x5x6-pool-conv5x5x16-pool-120-84-10) trained with Adam on the 60k MNIST digits; target ≥ 98.8% test accuracy within 3 epochs.',
  defaults: { epochs: 3, lr: 0.002, batchSize: 64, trainLimit: 60000, seed: 0 },
  smoke: { epochs: 1, trainLimit: 512 },
  help: { epochs: 'passes over the training set', lr: 'Adam learning rate (decayed by cosine annealing to 5% over the run)', batchSize: 'minibatch size', trainLimit: 'use only the first N training images' },
  async run(ctx) {
    const c = ctx.config;
    manualSeed(c.seed);
    const train = loadMnist({ split: 'train', limit: c.trainLimit });
    const test = loadMnist({ split: 'test', limit: ctx.smoke ? 500 : undefined });
    const model = new nn.models.LeNet5();
    const opt = new optim.Adam(model.parameters(), { lr: c.lr });
    const steps = c.epochs * Math.ceil(train.labels.shape[0] / c.batchSize);
    const sched = new optim.CosineAnnealingLR(opt, { tMax: steps, etaMin: c.lr * 0.05 });
    const hist = await fitClassifier(model, opt, train.images, train.labels, ctx, {
      epochs: c.epochs, batchSize: c.batchSize, test: { x: test.images, y: test.labels }, afterStep: () => sched.step(),
    });
    const ev = evaluate(model, test.images, test.labels);
    const w = model.conv1.weight;
    const filters = Array.from({ length: 6 }, (_, k) => ({ data: w.data.subarray(k * 25, (k + 1) * 25), h: 5, w: 5, label: `filter ${k}` }));
    return {
      metrics: { testAccuracy: ev.accuracy, testLoss: ev.loss, epochs: hist.epoch.length, trainSamples: train.labels.shape[0],
        secondsPerEpoch: mean(hist.seconds), samplesPerSecond: mean(hist.samplesPerSecond), parameters: model.numParameters() },
      figures: [...fitFigures(hist, 'LeNet-5'),
        { kind: 'images', title: 'First-layer 5×5 filters', images: filters, cols: 6, colormap: 'diverging' },
        { kind: 'heatmap', title: 'Confusion matrix (test)', data: confusion(test.labels, ev.predictions, 10), xLabel: 'predicted', yLabel: 'true',
          xLabels: [...'0123456789'], yLabels: [...'0123456789'], annotate: true }],
      references: [{ metric: 'test accuracy', measured: ev.accuracy, published: '≥ 0.988 in ≤ 3 epochs (LeNet-5: 0.9905, LeCun et al. 1998)', source: 'issue target; REFERENCES.md', reached: ev.accuracy >= 0.988 }],
      model,
    };
  },
};
