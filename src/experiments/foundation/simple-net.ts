import { manualSeed, randn } from '../../core/index.js';
import { noGrad } from '../../core/autograd.js';
import type { Tensor } from '../../core/tensor.js';
import * as nn from '../../nn/index.js';
import * as optim from '../../optim/index.js';
import { linearBoundary } from '../../data/toy.js';
import type { Experiment } from '../types.js';

/** Linear(3,16) → ReLU → Linear(16,1) → sigmoid, the classic first PyTorch example. */
export class SimpleNet extends nn.Module {
  fc1 = new nn.Linear(3, 16);
  fc2 = new nn.Linear(16, 1);
  relu = new nn.ReLU();
  forward(x: Tensor): Tensor { return this.fc2.forward(this.relu.forward(this.fc1.forward(x))).sigmoid(); }
}

export const simpleNet: Experiment<{ epochs: number; lr: number; seed: number }> = {
  name: 'simple-net',
  title: 'A first neural network',
  chapter: 'backprop',
  description: 'The classic first example line for line: 100 random 3-D points, label 2·x0 + x1 − x2 > 0, a 3-16-1 network trained with BCE and plain SGD (lr 0.01) for 100 full-batch epochs.',
  defaults: { epochs: 100, lr: 0.01, seed: 42 },
  smoke: { epochs: 20 },
  help: { epochs: 'full-batch epochs', lr: 'SGD learning rate', seed: 'manualSeed value' },
  async run(ctx) {
    const { epochs, lr, seed } = ctx.config;
    manualSeed(seed);
    const X = randn([100, 3]);
    const y = linearBoundary(X);
    const model = new SimpleNet();
    const criterion = new nn.BCELoss();
    const optimizer = new optim.SGD(model.parameters(), { lr });
    const xs: number[] = [], losses: number[] = [], accs: number[] = [];
    const bar = ctx.progress('training', epochs, 'epochs');
    let loss = 0, acc = 0;
    for (let epoch = 0; epoch < epochs && !ctx.signal.aborted; epoch++) {
      const out = model.forward(X);
      const l = criterion.forward(out, y);
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      loss = l.item();
      acc = noGrad(() => out.gt(0.5).float().eq(y).float().mean().item());
      xs.push(epoch + 1); losses.push(loss); accs.push(acc);
      ctx.metric('loss', loss, epoch + 1);
      if ((epoch + 1) % 10 === 0) ctx.log(`Epoch ${epoch + 1}, Loss: ${loss.toFixed(4)}, Accuracy: ${acc.toFixed(4)}`);
      bar.tick(1, { loss });
    }
    bar.done();
    return {
      metrics: { finalLoss: loss, trainAccuracy: acc, epochs },
      figures: [
        { kind: 'line', title: 'simple-net: loss and accuracy', xLabel: 'epoch', series: [{ name: 'BCE loss', x: xs, y: losses }, { name: 'accuracy', x: xs, y: accs }] },
      ],
      model,
      notes: ['With lr 0.01 and 100 full-batch steps plain SGD moves slowly: the loss falls steadily but the network is far from converged, exactly as in the PyTorch original.'],
    };
  },
};
