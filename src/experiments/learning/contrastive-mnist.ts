import { Tensor } from '../../core/tensor.js';
import { manualSeed } from '../../core/random.js';
import * as nn from '../../nn/index.js';
import * as optim from '../../optim/index.js';
import { loadMnist } from '../../data/mnist.js';
import { SimCLR } from '../../unsupervised/contrastive.js';
import { linearProbe } from '../../unsupervised/probe.js';
import { augment, type AugmentOptions } from '../../unsupervised/augment.js';
import { breathe } from '../common/breathe.js';
import type { Experiment, Figure } from '../types.js';

type Config = { hidden: number; projection: number; temperature: number; epochs: number; lr: number; batchSize: number; trainLimit: number; probeTrain: number; probeEpochs: number; seed: number };

const AUG: AugmentOptions = { cropPadding: 2, maxRotation: 12, maxScale: 0.1, maxShear: 0.1, noiseStd: 0.1 };

export const contrastiveMnist: Experiment<Config> = {
  name: 'contrastive-mnist',
  title: 'Contrastive learning without labels (SimCLR on MNIST)',
  chapter: 'unsupervised',
  description: 'An MLP encoder trained with NT-Xent on pairs of augmented views (shifts, affine jitter, noise), no labels; a linear probe on its frozen features should reach ≥ 95% test accuracy (Chen et al. 2020).',
  defaults: { hidden: 512, projection: 64, temperature: 0.2, epochs: 6, lr: 0.001, batchSize: 256, trainLimit: 60000, probeTrain: 60000, probeEpochs: 10, seed: 0 },
  smoke: { hidden: 64, projection: 16, epochs: 1, trainLimit: 1024, probeTrain: 500, probeEpochs: 3 },
  help: { hidden: 'encoder width (two ReLU layers)', projection: 'projection-head output size', temperature: 'NT-Xent temperature τ', epochs: 'contrastive passes over the images',
    lr: 'Adam learning rate', batchSize: 'pairs per batch (negatives = 2·batch − 2)', trainLimit: 'unlabelled training images', probeTrain: 'labelled images for the linear probe', probeEpochs: 'probe training epochs' },
  async run(ctx) {
    const c = ctx.config;
    manualSeed(c.seed);
    const train = loadMnist({ split: 'train', flatten: true, limit: c.trainLimit });
    const test = loadMnist({ split: 'test', flatten: true, limit: ctx.smoke ? 1000 : undefined });
    const makeEncoder = () => new nn.Sequential(new nn.Linear(784, c.hidden), new nn.ReLU(), new nn.Linear(c.hidden, c.hidden), new nn.ReLU());
    const simclr = new SimCLR(makeEncoder(), c.hidden, { projectionSize: c.projection, temperature: c.temperature });
    const untrained = makeEncoder();
    const opt = new optim.Adam(simclr.parameters(), { lr: c.lr });
    const n = train.images.shape[0];
    const steps: number[] = [], losses: number[] = [];
    let step = 0;
    const t0 = performance.now();
    for (let e = 1; e <= c.epochs && !ctx.signal.aborted; e++) {
      const bar = ctx.progress(`contrastive epoch ${e}/${c.epochs}`, n, 'images');
      const perm = ctx.generator.permutation(n);
      for (let s = 0; s + 2 <= n && !ctx.signal.aborted; s += c.batchSize) {
        const idx = Array.from(perm.subarray(s, Math.min(n, s + c.batchSize)));
        opt.zeroGrad();
        const loss = simclr.loss(train.images.indexSelect(0, idx), AUG, ctx.generator);
        loss.backward();
        opt.step();
        if (step % 10 === 0) { steps.push(step); losses.push(loss.item()); ctx.metric('ntXent', loss.item(), step); }
        step++;
        bar.tick(idx.length, { loss: loss.item().toFixed(3) });
        await breathe();
      }
      bar.done();
    }
    const seconds = (performance.now() - t0) / 1000;
    const probeN = Math.min(c.probeTrain, n);
    const px = train.images.narrow(0, 0, probeN), py = train.labels.narrow(0, 0, probeN);
    const probe = (f: (x: Tensor) => Tensor) => linearProbe(f(px), py, f(test.images), test.labels, { epochs: c.probeEpochs, lr: 1e-3, generator: ctx.generator.fork() }).testAccuracy;
    const bar = ctx.progress('linear probes', 3, 'probes');
    const learned = probe((x) => simclr.features(x)); bar.tick();
    const random = probe((x) => new SimCLR(untrained, c.hidden).features(x)); bar.tick();
    const pixels = probe((x) => x); bar.tick();
    bar.done();
    const views = augment(test.images.narrow(0, 0, 8), AUG, ctx.generator);
    const figures: Figure[] = [
      { kind: 'line', title: 'NT-Xent loss', xLabel: 'step', yLabel: 'loss', series: [{ name: 'train', x: steps, y: losses }] },
      { kind: 'bar', title: 'Linear-probe test accuracy', labels: ['SimCLR features', 'random encoder', 'raw pixels'], values: [learned, random, pixels] },
      { kind: 'images', title: 'Test digits and one augmented view each', cols: 8, colormap: 'gray',
        images: [...Array.from({ length: 8 }, (_, i) => ({ data: test.images.data.subarray(i * 784, (i + 1) * 784), h: 28, w: 28 })),
          ...Array.from({ length: 8 }, (_, i) => ({ data: views.data.subarray(i * 784, (i + 1) * 784), h: 28, w: 28 }))] },
    ];
    return {
      metrics: { probeAccuracy: learned, randomEncoderProbe: random, rawPixelProbe: pixels, epochs: c.epochs, unlabelledImages: n, probeTrainImages: probeN, secondsContrastive: seconds },
      figures,
      references: [{ metric: 'linear probe test accuracy', measured: learned, published: '≥ 0.95', source: 'issue target; SimCLR protocol (Chen et al. 2020)', reached: learned >= 0.95 }],
      model: simclr,
      notes: ['The random-encoder and raw-pixel probes use the same probe settings, so the gain from contrastive training is the difference to them.'],
    };
  },
};
