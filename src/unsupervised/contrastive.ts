import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { cat } from '../core/ops/indexing.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/containers.js';
import { ReLU } from '../nn/activation.js';
import { crossEntropy } from '../nn/functional/loss.js';
import { augment, type AugmentOptions } from './augment.js';

/**
 * NT-Xent, the normalised temperature-scaled cross-entropy of SimCLR (Chen et al. 2020, eq. 1):
 * for 2N embeddings of N pairs of views, each view must pick its partner out of the other 2N − 1
 * by cosine similarity / τ. Returns the mean over all 2N anchors.
 * @example ntXent(proj(view1), proj(view2), 0.5).backward();
 */
export function ntXent(z1: Tensor, z2: Tensor, temperature = 0.5): Tensor {
  if (z1.ndim !== 2 || z1.shape[0] !== z2.shape[0] || z1.shape[1] !== z2.shape[1] || z2.ndim !== 2) {
    throw new ShapeError(`ntXent: the two views must be [N, d] with the same shape, got ${fmt(z1.shape)} and ${fmt(z2.shape)}`);
  }
  if (z1.shape[0] < 2) throw new ShapeError(`ntXent: needs at least 2 pairs for negatives, got ${z1.shape[0]}`);
  if (!(temperature > 0)) throw new ValueError(`ntXent: temperature must be positive, got ${temperature}`);
  const n = z1.shape[0];
  const z = cat([z1, z2], 0);
  const zn = z.div(z.norm(2, 1, true).clamp(1e-8));
  // A large negative on the diagonal removes each view's similarity to itself from the softmax.
  const mask = new Float32Array(4 * n * n);
  for (let i = 0; i < 2 * n; i++) mask[i * 2 * n + i] = -1e9;
  const sim = zn.matmul(zn.T).div(temperature).add(new Tensor(mask, [2 * n, 2 * n]));
  const target = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) { target[i] = i + n; target[i + n] = i; }
  return crossEntropy(sim, new Tensor(target, [2 * n]));
}

type Layer = Module & { forward(x: Tensor): Tensor };

/**
 * SimCLR (Chen, Kornblith, Norouzi & Hinton 2020): an encoder f and a small projection head g are
 * trained so two augmented views of an image land close together under NT-Xent; the head is
 * discarded and f's features are used downstream (e.g. by a linear probe).
 * @example
 * const simclr = new SimCLR(new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU()), 256, { projectionSize: 64 });
 * simclr.loss(images, { cropPadding: 2, noiseStd: 0.1 }).backward();
 */
export class SimCLR extends Module {
  encoder: Layer; projector: Sequential;
  readonly temperature: number;
  constructor(encoder: Layer, readonly featureSize: number, opts: { projectionSize?: number; temperature?: number } = {}) {
    super();
    this.encoder = encoder;
    const p = opts.projectionSize ?? 64;
    this.projector = new Sequential(new Linear(featureSize, featureSize), new ReLU(), new Linear(featureSize, p));
    this.temperature = opts.temperature ?? 0.5;
  }
  /** Encoder features (what the probe sees). */
  forward(x: Tensor): Tensor { return this.encoder.forward(x); }
  /** NT-Xent between the projections of two augmented views of `x`. */
  loss(x: Tensor, aug: AugmentOptions, gen: Generator = defaultGenerator): Tensor {
    const v1 = augment(x, aug, gen), v2 = augment(x, aug, gen);
    return ntXent(this.projector.forward(this.encoder.forward(v1)), this.projector.forward(this.encoder.forward(v2)), this.temperature);
  }
  /** Features of `x` in batches, without gradients. */
  features(x: Tensor, batchSize = 1000): Tensor {
    return noGrad(() => {
      const parts: Tensor[] = [];
      for (let s = 0; s < x.shape[0]; s += batchSize) parts.push(this.encoder.forward(x.narrow(0, s, Math.min(batchSize, x.shape[0] - s))));
      return cat(parts, 0);
    });
  }
}
