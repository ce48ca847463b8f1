import { noGrad } from '../../core/autograd.js';
import { manualSeed } from '../../core/random.js';
import { loadMnist } from '../../data/mnist.js';
import * as nn from '../../nn/index.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import * as optim from '../../optim/index.js';
import { MultiTaskNetwork, UncertaintyWeighting } from '../../systems/index.js';
import type { Experiment } from '../types.js';
import { modelCard } from './model-card.js';
import { takeLabels, takeRows } from '../common/rows.js';
import { runCheckpoint, trainLoop } from '../common/train-loop.js';

type Config = { trainLimit: number; epochs: number; hidden: number; batchSize: number; lr: number };

const TASKS: Record<string, { classes: number; label: (d: number) => number }> = {
  digit: { classes: 10, label: (d) => d },
  parity: { classes: 2, label: (d) => d % 2 },
  greaterThan4: { classes: 2, label: (d) => (d > 4 ? 1 : 0) },
};

/** One shared trunk with three heads, against one network per task of the same size. */
export const multitaskMnist: Experiment<Config> = {
  name: 'multitask-mnist',
  title: 'One trunk, three tasks',
  chapter: 'systems',
  description: 'Digit class, parity and "greater than 4" learned by one shared MLP trunk with three heads and uncertainty weighting (Kendall et al. 2018), compared with three single-task networks of the same shape.',
  defaults: { trainLimit: 20000, epochs: 2, hidden: 128, batchSize: 64, lr: 1e-3 },
  smoke: { trainLimit: 1000, epochs: 1, hidden: 32 },
  help: { trainLimit: 'training images used', epochs: 'passes over them', hidden: 'trunk width', batchSize: 'minibatch size', lr: 'Adam learning rate' },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', flatten: true, limit: c.trainLimit });
    const test = loadMnist({ split: 'test', flatten: true, limit: ctx.smoke ? 1000 : undefined });
    const n = train.labels.shape[0], names = Object.keys(TASKS);
    const build = (tasks: string[]) => new MultiTaskNetwork(new nn.Sequential(new nn.Linear(784, c.hidden), new nn.ReLU()),
      Object.fromEntries(tasks.map((t) => [t, new nn.Linear(c.hidden, TASKS[t].classes)])));
    const accuracy = (net: MultiTaskNetwork) => noGrad(() => {
      const out = net.eval().forward(test.images);
      return Object.fromEntries(net.tasks.map((t) => {
        const p = out[t].argmax(1);
        let ok = 0;
        for (let i = 0; i < p.data.length; i++) if (p.data[i] === TASKS[t].label(test.labels.data[i])) ok++;
        return [t, ok / p.data.length];
      }));
    });
    manualSeed(ctx.seed);
    const multi = build(names), weighting = new UncertaintyWeighting(names);
    const opt = new optim.Adam([...multi.parameters(), ...weighting.parameters()], { lr: c.lr });
    const multiSeconds = (await trainLoop(ctx, { label: 'multi-task', size: n, epochs: c.epochs, batchSize: c.batchSize, model: [multi, weighting], optimizer: opt,
      checkpoint: runCheckpoint(ctx, 'multi-task'), metricName: 'multi-task/loss',
      loss: (rows) => {
        const out = multi.train().forward(takeRows(train.images, rows));
        return weighting.forward(Object.fromEntries(names.map((t) => [t, crossEntropy(out[t], takeLabels(train.labels, rows, TASKS[t].label))])));
      } })).totalSeconds;
    const multiAcc = accuracy(multi);
    const singleAcc: Record<string, number> = {};
    let singleSeconds = 0;
    for (const t of names) {
      manualSeed(ctx.seed);
      const net = build([t]);
      const o = new optim.Adam(net.parameters(), { lr: c.lr });
      singleSeconds += (await trainLoop(ctx, { label: `single ${t}`, size: n, epochs: c.epochs, batchSize: c.batchSize, model: net, optimizer: o,
        checkpoint: runCheckpoint(ctx, `single-${t}`), metricName: `single ${t}/loss`,
        loss: (rows) => crossEntropy(net.train().forward(takeRows(train.images, rows))[t], takeLabels(train.labels, rows, TASKS[t].label)) })).totalSeconds;
      singleAcc[t] = accuracy(net)[t];
    }
    const w = weighting.weights();
    const metrics: Record<string, number> = { multiTaskSeconds: multiSeconds, singleTaskSeconds: singleSeconds,
      multiTaskParameters: multi.numParameters() + weighting.numParameters(), singleTaskParameters: names.reduce((a, t) => a + build([t]).numParameters(), 0) };
    for (const t of names) { metrics[`${t}MultiTask`] = multiAcc[t]; metrics[`${t}SingleTask`] = singleAcc[t]; metrics[`${t}Weight`] = w[t]; }
    return {
      metrics,
      figures: [{ kind: 'bar', title: 'Test accuracy: shared trunk vs one network per task', labels: names.flatMap((t) => [`${t} (multi)`, `${t} (single)`]),
        values: names.flatMap((t) => [multiAcc[t], singleAcc[t]]), yLabel: 'accuracy' },
      { kind: 'bar', title: 'Learned task weights exp(−log σ²)', labels: names, values: names.map((t) => w[t]), yLabel: 'weight' }],
      notes: [
        `The multi-task network has ${metrics.multiTaskParameters} parameters against ${metrics.singleTaskParameters} for the three single-task networks together, and trains in one pass instead of three.`,
        'Parity and "greater than 4" are functions of the digit, so the digit head already carries all they need; the shared trunk helps them mostly through the richer 10-class signal.',
        ...modelCard({
          model: `MLP trunk 784-${c.hidden} (ReLU) with heads for digit (10), parity (2) and greater-than-4 (2); uncertainty weighting of the three cross-entropies`,
          data: `MNIST: first ${n} training images, ${test.labels.shape[0]} test images; auxiliary labels derived from the digit label`,
          intendedUse: 'showing hard parameter sharing and learned loss weighting; not a benchmark of multi-task methods',
          metrics: 'test accuracy per task for the shared model and for a separately trained model per task; learned task weights',
          limitations: 'the auxiliary tasks are deterministic functions of the main one, so there is no task conflict to resolve; one seed',
        }),
      ],
      model: multi,
    };
  },
};
