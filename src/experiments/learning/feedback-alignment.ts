import { manualSeed, Generator } from '../../core/random.js';
import * as optim from '../../optim/index.js';
import { loadMnist } from '../../data/mnist.js';
import { Backprop, FeedbackAlignment, DirectFeedbackAlignment, type CreditAssigner } from '../../learning/credit/index.js';
import type { Sequential } from '../../nn/containers.js';
import { mlp, trainCredit, type CreditHistory } from './credit-run.js';
import type { Experiment, Figure } from '../types.js';
import { breathe } from '../common/breathe.js';

type Config = { hidden: number; layers: number; epochs: number; lr: number; batchSize: number; trainLimit: number; angleEvery: number; activation: string; seed: number };

export const feedbackAlignment: Experiment<Config> = {
  name: 'feedback-alignment',
  title: 'Learning without weight transport: feedback alignment',
  chapter: 'plausible',
  description: 'Backprop, feedback alignment (Lillicrap et al. 2016) and direct feedback alignment (Nøkland 2016) train the same MNIST network from the same start; FA and DFA should land within 1.5 points of backprop while their updates turn to within 90° of the true gradient.',
  defaults: { hidden: 256, layers: 1, epochs: 3, lr: 0.001, batchSize: 64, trainLimit: 60000, angleEvery: 25, activation: 'tanh', seed: 0 },
  smoke: { hidden: 32, epochs: 1, trainLimit: 1000, angleEvery: 5 },
  help: { hidden: 'units per hidden layer', layers: 'hidden layers (DFA differs from FA from 2 on)', epochs: 'passes over the training set', lr: 'Adam learning rate',
    batchSize: 'minibatch size', trainLimit: 'training images used', angleEvery: 'measure the angle to backprop every N steps', activation: "'tanh', 'relu' or 'sigmoid'" },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', flatten: true, limit: c.trainLimit });
    const test = loadMnist({ split: 'test', flatten: true, limit: ctx.smoke ? 1000 : undefined });
    const sizes = [784, ...new Array(c.layers).fill(c.hidden), 10];
    const methods: [string, (m: Sequential) => CreditAssigner][] = [
      ['backprop', (m) => new Backprop(m)],
      ['FA', (m) => new FeedbackAlignment(m, { generator: new Generator(c.seed + 1) })],
      ['DFA', (m) => new DirectFeedbackAlignment(m, { generator: new Generator(c.seed + 2) })],
    ];
    const hist: CreditHistory[] = [];
    for (const [, make] of methods) {
      await breathe(0);
      if (ctx.signal.aborted) break;
      manualSeed(c.seed); // the same initial weights for every method
      const model = mlp(sizes, c.activation);
      const method = make(model);
      const opt = new optim.Adam(model.parameters(), { lr: c.lr });
      hist.push(await trainCredit(ctx, method, opt, { x: train.images, y: train.labels }, { x: test.images, y: test.labels }, { epochs: c.epochs, batchSize: c.batchSize, angleEvery: c.angleEvery }));
    }
    const final = (h?: CreditHistory) => h?.testAccuracy.at(-1) ?? NaN;
    const [bp, fa, dfa] = hist;
    const meanLate = (h?: CreditHistory) => {
      if (!h || !h.angles.length) return NaN;
      const tail = h.angles.slice(Math.floor(h.angles.length / 2));
      return tail.reduce((a, r) => a + r[0], 0) / tail.length;
    };
    const figures: Figure[] = [
      { kind: 'line', title: 'Angle between the update and the backprop gradient (first hidden layer)', xLabel: 'step', yLabel: 'degrees',
        series: [...hist.slice(1).map((h) => ({ name: h.name, x: h.angleSteps, y: h.angles.map((a) => a[0]) })),
          { name: '90°', x: [0, Math.max(1, ...hist.flatMap((h) => h.angleSteps))], y: [90, 90], dashed: true }] },
      { kind: 'line', title: 'Training loss', xLabel: 'step', yLabel: 'cross-entropy', series: hist.map((h) => ({ name: h.name, x: h.steps, y: h.losses })) },
      { kind: 'bar', title: 'Test accuracy', labels: hist.map((h) => h.name), values: hist.map((h) => final(h)) },
    ];
    const gapFa = (final(bp) - final(fa)) * 100, gapDfa = (final(bp) - final(dfa)) * 100;
    return {
      metrics: { backpropAccuracy: final(bp), faAccuracy: final(fa), dfaAccuracy: final(dfa), faGapPoints: gapFa, dfaGapPoints: gapDfa,
        faAngleLate: meanLate(fa), dfaAngleLate: meanLate(dfa), network: sizes.join('-'), epochs: c.epochs, trainSamples: train.labels.shape[0],
        secondsPerMethod: hist.map((h) => h.seconds.toFixed(0)).join('/') },
      figures,
      references: [
        { metric: 'FA accuracy gap to backprop (points)', measured: gapFa, published: '≤ 1.5 (BioTorch LeNet: BP 0.91% vs FA 1.70% error)', source: 'Lillicrap et al. 2016; BioTorch', reached: gapFa <= 1.5 },
        { metric: 'DFA accuracy gap to backprop (points)', measured: gapDfa, published: '≤ 1.5 (Nøkland 2016: 1.45% error with dropout)', source: 'Nøkland 2016', reached: gapDfa <= 1.5 },
        { metric: 'FA angle to backprop, second half of training (°)', measured: meanLate(fa), published: 'below 90°, about 55° in replications', source: 'Lillicrap et al. 2016', reached: meanLate(fa) < 90 },
      ],
    };
  },
};
