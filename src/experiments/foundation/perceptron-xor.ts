import { Tensor } from '../../core/tensor.js';
import { manualSeed } from '../../core/random.js';
import { noGrad } from '../../core/autograd.js';
import * as nn from '../../nn/index.js';
import * as optim from '../../optim/index.js';
import { xor } from '../../data/toy.js';
import type { Experiment, Figure } from '../types.js';

/**
 * Rosenblatt's perceptron (1958): y = step(w·x + b); on an error, w += η (t − y) x, b += η (t − y).
 * Converges on linearly separable data (Novikoff 1962); XOR is not separable (Minsky & Papert 1969).
 * @example const p = new Perceptron(2); p.train(X, [0, 0, 0, 1], 50);
 */
export class Perceptron {
  readonly w: Float64Array;
  b = 0;
  constructor(readonly inputs: number, readonly lr = 1) { this.w = new Float64Array(inputs); }
  predict(x: ArrayLike<number>): number {
    let s = this.b;
    for (let i = 0; i < this.inputs; i++) s += this.w[i] * x[i];
    return s > 0 ? 1 : 0;
  }
  /** Runs epochs of the rule; returns the accuracy after each epoch. */
  train(X: number[][], t: number[], epochs: number): number[] {
    const acc: number[] = [];
    for (let e = 0; e < epochs; e++) {
      for (let i = 0; i < X.length; i++) {
        const err = t[i] - this.predict(X[i]);
        if (err !== 0) { for (let k = 0; k < this.inputs; k++) this.w[k] += this.lr * err * X[i][k]; this.b += this.lr * err; }
      }
      acc.push(X.filter((x, i) => this.predict(x) === t[i]).length / X.length);
    }
    return acc;
  }
}

export const perceptronXor: Experiment<{ epochs: number; mlpEpochs: number; hidden: number; lr: number; seed: number }> = {
  name: 'perceptron-xor',
  title: 'The perceptron and the XOR problem',
  chapter: 'perceptron',
  description: "Rosenblatt's rule learns AND and OR but never XOR (at most 75%); a 2-layer MLP trained with backprop solves XOR.",
  defaults: { epochs: 50, mlpEpochs: 2000, hidden: 4, lr: 0.1, seed: 0 },
  smoke: { epochs: 20, mlpEpochs: 600 },
  help: { epochs: 'perceptron epochs', mlpEpochs: 'MLP full-batch steps', hidden: 'MLP hidden units', lr: 'MLP learning rate (Adam)' },
  async run(ctx) {
    const { epochs, mlpEpochs, hidden, lr, seed } = ctx.config;
    const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const gates: Record<string, number[]> = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], XOR: [0, 1, 1, 0] };
    const curves: Figure = { kind: 'line', title: 'Perceptron accuracy per epoch', xLabel: 'epoch', yLabel: 'accuracy', series: [] };
    const metrics: Record<string, number> = {};
    for (const [gate, t] of Object.entries(gates)) {
      const p = new Perceptron(2);
      const acc = p.train(X, t, epochs);
      curves.series.push({ name: gate, x: acc.map((_, i) => i + 1), y: acc });
      metrics[`perceptron${gate}`] = acc[acc.length - 1];
      metrics[`perceptron${gate}Best`] = Math.max(...acc);
      ctx.log(`perceptron on ${gate}: final accuracy ${(100 * acc[acc.length - 1]).toFixed(0)}%, best ${(100 * Math.max(...acc)).toFixed(0)}%`);
    }
    manualSeed(seed);
    const data = xor();
    const mlp = new nn.Sequential(new nn.Linear(2, hidden), new nn.Tanh(), new nn.Linear(hidden, 1));
    const opt = new optim.Adam(mlp.parameters(), { lr });
    const target = data.y.float().reshape(4, 1);
    const lossFn = new nn.BCEWithLogitsLoss();
    const xs: number[] = [], ls: number[] = [];
    const bar = ctx.progress('MLP on XOR', mlpEpochs, 'steps');
    for (let i = 0; i < mlpEpochs && !ctx.signal.aborted; i++) {
      opt.zeroGrad();
      const loss = lossFn.forward(mlp.forward(data.x), target);
      loss.backward();
      opt.step();
      if (i % 10 === 0) { xs.push(i); ls.push(loss.item()); }
      bar.tick(1);
    }
    bar.done();
    const pred = noGrad(() => mlp.forward(data.x).gt(0).int());
    const mlpAcc = pred.reshape(4).eq(data.y).float().mean().item();
    metrics.mlpXOR = mlpAcc;
    ctx.log(`2-layer MLP on XOR: accuracy ${(100 * mlpAcc).toFixed(0)}%`);
    const grid = decisionGrid((x) => noGrad(() => mlp.forward(x).sigmoid()));
    return {
      metrics,
      figures: [curves,
        { kind: 'line', title: 'MLP on XOR: BCE loss', xLabel: 'step', series: [{ name: 'loss', x: xs, y: ls }] },
        { kind: 'heatmap', title: 'MLP decision surface P(y=1) over [−0.5, 1.5]²', data: grid, colormap: 'diverging' }],
      references: [
        { metric: 'perceptron XOR accuracy', measured: metrics.perceptronXORBest, published: '≤ 0.75 (not linearly separable)', source: 'Minsky & Papert 1969', reached: metrics.perceptronXORBest <= 0.75 },
        { metric: 'MLP XOR accuracy', measured: mlpAcc, published: '1.0', source: 'Rumelhart, Hinton & Williams 1986', reached: mlpAcc === 1 },
      ],
      model: mlp,
    };
  },
};

function decisionGrid(f: (x: Tensor) => Tensor, n = 21): number[][] {
  const pts = new Float32Array(n * n * 2);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    pts[(i * n + j) * 2] = -0.5 + (2 * j) / (n - 1);
    pts[(i * n + j) * 2 + 1] = 1.5 - (2 * i) / (n - 1);
  }
  const p = f(new Tensor(pts, [n * n, 2]));
  return Array.from({ length: n }, (_, i) => Array.from(p.data.subarray(i * n, (i + 1) * n)));
}
