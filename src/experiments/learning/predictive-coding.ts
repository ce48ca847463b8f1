import { manualSeed } from '../../core/random.js';
import * as optim from '../../optim/index.js';
import { loadMnist } from '../../data/mnist.js';
import { Backprop, PredictiveCoding } from '../../learning/credit/index.js';
import { mlp, trainCredit, type CreditHistory } from './credit-run.js';
import type { Experiment, Figure } from '../types.js';
import { breathe } from '../common/breathe.js';

type Config = { hidden: number; layers: number; epochs: number; lr: number; batchSize: number; trainLimit: number; inferenceSteps: number; inferenceRate: number; outputPrecision: number; angleEvery: number; activation: string; seed: number };

export const predictiveCoding: Experiment<Config> = {
  name: 'predictive-coding',
  title: 'Predictive coding networks learn like backprop',
  chapter: 'plausible',
  description: 'A predictive coding network (Whittington & Bogacz 2017) trained with only local error nodes and Hebbian-like weight updates, against backprop on the same MNIST network; target within 2 points.',
  defaults: { hidden: 256, layers: 2, epochs: 3, lr: 0.001, batchSize: 64, trainLimit: 60000, inferenceSteps: 20, inferenceRate: 0.1, outputPrecision: 1, angleEvery: 25, activation: 'sigmoid', seed: 0 },
  smoke: { hidden: 32, epochs: 1, trainLimit: 1000, inferenceSteps: 5, angleEvery: 5 },
  help: { hidden: 'units per hidden layer', layers: 'hidden layers (the paper: 2 × 500)', epochs: 'passes over the training set', lr: 'Adam learning rate',
    inferenceSteps: 'relaxation steps per batch', inferenceRate: 'Euler rate of the value nodes', outputPrecision: 'output-layer precision relative to hidden layers',
    angleEvery: 'measure the angle to backprop every N steps', activation: "'sigmoid' (the paper's logistic units), 'tanh' or 'relu'" },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', flatten: true, limit: c.trainLimit });
    const test = loadMnist({ split: 'test', flatten: true, limit: ctx.smoke ? 1000 : undefined });
    const sizes = [784, ...new Array(c.layers).fill(c.hidden), 10];
    const hist: CreditHistory[] = [];
    for (const kind of ['backprop', 'pc'] as const) {
      await breathe(0);
      if (ctx.signal.aborted) break;
      manualSeed(c.seed);
      const model = mlp(sizes, c.activation);
      const method = kind === 'backprop' ? new Backprop(model)
        : new PredictiveCoding(model, { inferenceSteps: c.inferenceSteps, inferenceRate: c.inferenceRate, outputPrecision: c.outputPrecision });
      const opt = new optim.Adam(model.parameters(), { lr: c.lr });
      hist.push(await trainCredit(ctx, method, opt, { x: train.images, y: train.labels }, { x: test.images, y: test.labels }, { epochs: c.epochs, batchSize: c.batchSize, angleEvery: kind === 'pc' ? c.angleEvery : 0 }));
    }
    const [bp, pc] = hist;
    const acc = (h?: CreditHistory) => h?.testAccuracy.at(-1) ?? NaN;
    const gap = (acc(bp) - acc(pc)) * 100;
    const lateAngle = (l: number) => {
      if (!pc || !pc.angles.length) return NaN;
      const tail = pc.angles.slice(Math.floor(pc.angles.length / 2));
      return tail.reduce((a, r) => a + r[l], 0) / tail.length;
    };
    const figures: Figure[] = [
      { kind: 'line', title: 'Training loss', xLabel: 'step', yLabel: 'cross-entropy', series: hist.map((h) => ({ name: h.name, x: h.steps, y: h.losses })) },
      { kind: 'line', title: 'Angle between the predictive-coding update and the backprop gradient', xLabel: 'step', yLabel: 'degrees',
        series: pc ? sizes.slice(1).map((_, l) => ({ name: `layer ${l + 1}`, x: pc.angleSteps, y: pc.angles.map((a) => a[l]) })) : [] },
      { kind: 'bar', title: 'Test accuracy', labels: hist.map((h) => h.name), values: hist.map((h) => acc(h)) },
    ];
    return {
      metrics: { backpropAccuracy: acc(bp), pcAccuracy: acc(pc), gapPoints: gap, firstLayerAngleLate: lateAngle(0), network: sizes.join('-'), epochs: c.epochs,
        trainSamples: train.labels.shape[0], secondsPerMethod: hist.map((h) => h.seconds.toFixed(0)).join('/') },
      figures,
      references: [{ metric: 'accuracy gap to backprop (points)', measured: gap, published: 'within 2 (close to backprop on 784-500-500-10)', source: 'Whittington & Bogacz 2017', reached: gap <= 2 }],
    };
  },
};
