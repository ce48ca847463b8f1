import type { Tensor } from '../../core/tensor.js';
import * as nn from '../../nn/index.js';
import type { Optimizer } from '../../optim/optimizer.js';
import type { CreditAssigner } from '../../learning/credit/index.js';
import { breathe } from '../common/breathe.js';
import type { ExperimentContext } from '../types.js';

export interface CreditHistory {
  name: string;
  steps: number[]; losses: number[];
  /** Angle to backprop per hidden layer, sampled every `angleEvery` steps. */
  angleSteps: number[]; angles: number[][];
  testAccuracy: number[]; seconds: number;
}

/** An MLP as nn.Sequential: Linear layers with `activation` between them, none after the last. */
export function mlp(sizes: number[], activation: string): nn.Sequential {
  const act = (): nn.ReLU | nn.Tanh | nn.Sigmoid => {
    if (activation === 'relu') return new nn.ReLU();
    if (activation === 'tanh') return new nn.Tanh();
    if (activation === 'sigmoid') return new nn.Sigmoid();
    throw new Error(`activation must be 'relu', 'tanh' or 'sigmoid', got '${activation}'`);
  };
  const layers: (nn.Linear | nn.ReLU | nn.Tanh | nn.Sigmoid)[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(new nn.Linear(sizes[i], sizes[i + 1]));
    if (i < sizes.length - 2) layers.push(act());
  }
  return new nn.Sequential(...layers);
}

/** Minibatch training of any credit-assignment method with progress, loss and angle curves. */
export async function trainCredit(ctx: ExperimentContext, method: CreditAssigner, opt: Optimizer<{ lr: number }>,
  train: { x: Tensor; y: Tensor }, test: { x: Tensor; y: Tensor }, o: { epochs: number; batchSize: number; angleEvery: number }): Promise<CreditHistory> {
  const h: CreditHistory = { name: method.name, steps: [], losses: [], angleSteps: [], angles: [], testAccuracy: [], seconds: 0 };
  const n = train.x.shape[0], t0 = performance.now();
  let step = 0, lossAcc = 0, lossCount = 0;
  for (let e = 0; e < o.epochs && !ctx.signal.aborted; e++) {
    const bar = ctx.progress(`${method.name} epoch ${e + 1}/${o.epochs}`, n, 'samples');
    const perm = ctx.generator.permutation(n);
    for (let s = 0; s < n && !ctx.signal.aborted; s += o.batchSize) {
      const idx = Array.from(perm.subarray(s, Math.min(n, s + o.batchSize)));
      method.measureAngles = o.angleEvery > 0 && step % o.angleEvery === 0;
      const r = method.trainStep(train.x.indexSelect(0, idx), train.y.indexSelect(0, idx), opt);
      if (!Number.isFinite(r.loss)) throw new Error(`${method.name}: the loss became ${r.loss} at step ${step}; lower the learning rate`);
      lossAcc += r.loss; lossCount++;
      if (r.angles.length) {
        h.angleSteps.push(step); h.angles.push(r.angles);
        ctx.metric(`${method.name}.angle`, r.angles[0], step);
      }
      if (step % 50 === 0) { h.steps.push(step); h.losses.push(lossAcc / lossCount); lossAcc = 0; lossCount = 0; }
      step++;
      bar.tick(idx.length, { loss: r.loss.toFixed(3) });
      await breathe();
    }
    bar.done();
    const acc = method.accuracy(test.x, test.y);
    h.testAccuracy.push(acc);
    ctx.metric(`${method.name}.testAccuracy`, acc, e + 1);
    ctx.log(`${method.name} epoch ${e + 1}: test accuracy ${(100 * acc).toFixed(2)}%`);
  }
  method.measureAngles = false;
  h.seconds = (performance.now() - t0) / 1000;
  return h;
}
