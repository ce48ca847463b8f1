import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { Linear } from '../nn/linear.js';
import { crossEntropy } from '../nn/functional/loss.js';
import { Adam } from '../optim/adam.js';

export interface ProbeOptions { epochs?: number; lr?: number; batchSize?: number; weightDecay?: number; generator?: Generator }
export interface ProbeResult { classifier: Linear; trainAccuracy: number; testAccuracy: number }

function accuracy(clf: Linear, x: Tensor, y: Tensor): number {
  const p = noGrad(() => clf.forward(x).argmax(1)).data;
  let c = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === y.data[i]) c++;
  return c / p.length;
}

/**
 * Linear probe: a softmax-regression classifier trained on frozen features, the standard measure
 * of how linearly separable a self-supervised representation makes the classes (Chen et al. 2020, §4).
 * Features are standardised with the training set's mean and deviation first.
 * @example const { testAccuracy } = linearProbe(fTrain, yTrain, fTest, yTest, { epochs: 20 });
 */
export function linearProbe(trainX: Tensor, trainY: Tensor, testX: Tensor, testY: Tensor, opts: ProbeOptions = {}): ProbeResult {
  if (trainX.ndim !== 2 || testX.ndim !== 2 || trainX.shape[1] !== testX.shape[1]) throw new ShapeError(`linearProbe: features must be [N, d] with equal d, got ${fmt(trainX.shape)} and ${fmt(testX.shape)}`);
  if (trainY.shape[0] !== trainX.shape[0] || testY.shape[0] !== testX.shape[0]) throw new ShapeError(`linearProbe: ${trainX.shape[0]}/${testX.shape[0]} feature rows but ${trainY.shape[0]}/${testY.shape[0]} labels`);
  const epochs = opts.epochs ?? 20, bs = opts.batchSize ?? 256, gen = opts.generator ?? defaultGenerator;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`linearProbe: epochs must be a positive integer, got ${epochs}`);
  let classes = 0;
  for (const v of trainY.data) classes = Math.max(classes, v + 1);
  const mu = trainX.mean(0, true), sd = trainX.std(0, { keepDim: true }).add(1e-6);
  const xtr = noGrad(() => trainX.sub(mu).div(sd)), xte = noGrad(() => testX.sub(mu).div(sd));
  const clf = new Linear(trainX.shape[1], classes);
  const opt = new Adam(clf.parameters(), { lr: opts.lr ?? 1e-3, weightDecay: opts.weightDecay ?? 0 });
  const n = xtr.shape[0];
  for (let e = 0; e < epochs; e++) {
    const perm = gen.permutation(n);
    for (let s = 0; s < n; s += bs) {
      const idx = Array.from(perm.subarray(s, Math.min(n, s + bs)));
      opt.zeroGrad();
      crossEntropy(clf.forward(xtr.indexSelect(0, idx)), trainY.indexSelect(0, idx)).backward();
      opt.step();
    }
  }
  return { classifier: clf, trainAccuracy: accuracy(clf, xtr, trainY), testAccuracy: accuracy(clf, xte, testY) };
}
