import { Tensor } from '../core/tensor.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/containers.js';
import { ReLU } from '../nn/activation.js';
import { Conv2d, ConvTranspose2d } from '../nn/conv.js';
import { bceWithLogits, mseLoss } from '../nn/functional/loss.js';

export type ReconstructionLoss = 'bce' | 'mse';

/** Reconstruction loss summed over features and averaged over the batch (BCE takes decoder logits). */
export function reconstructionLoss(logits: Tensor, target: Tensor, kind: ReconstructionLoss): Tensor {
  if (logits.numel() !== target.numel()) throw new ShapeError(`reconstructionLoss: output ${fmt(logits.shape)} and target ${fmt(target.shape)} differ in size`);
  const t = target.reshape([...logits.shape]);
  const batch = logits.shape[0];
  if (kind === 'bce') return bceWithLogits(logits, t, 'sum').div(batch);
  if (kind === 'mse') return mseLoss(logits.sigmoid(), t, 'sum').div(batch);
  throw new ValueError(`reconstructionLoss: kind must be 'bce' or 'mse', got '${kind as string}'`);
}

function mlp(sizes: number[], finalActivation: boolean): Sequential {
  const layers: (Linear | ReLU)[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1]));
    if (i < sizes.length - 2 || finalActivation) layers.push(new ReLU());
  }
  return new Sequential(...layers);
}

/** Anything with encode/decode and a reconstruction loss: what the training loops here take. */
export interface AutoencoderLike extends Module {
  encode(x: Tensor): Tensor;
  /** Decoder logits (apply sigmoid for pixel intensities). */
  decode(z: Tensor): Tensor;
  trainingLoss(x: Tensor): Tensor;
}

/**
 * Dense autoencoder: an MLP encoder to a bottleneck code and a mirrored decoder that outputs
 * logits; trained to reconstruct its input (Hinton & Salakhutdinov 2006). `sizes` runs from the
 * input to the code, e.g. [784, 256, 32].
 * @example
 * const ae = new Autoencoder([784, 128, 16]);
 * ae.trainingLoss(images).backward();
 */
export class Autoencoder extends Module implements AutoencoderLike {
  encoder: Sequential; decoder: Sequential;
  readonly loss: ReconstructionLoss;
  constructor(readonly sizes: number[], opts: { loss?: ReconstructionLoss } = {}) {
    super();
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) throw new ValueError(`Autoencoder: sizes must list at least two positive integers (input … code), got [${sizes.join(', ')}]`);
    this.encoder = mlp(sizes, false);
    this.decoder = mlp([...sizes].reverse(), false);
    this.loss = opts.loss ?? 'bce';
  }
  encode(x: Tensor): Tensor { return this.encoder.forward(x.reshape([x.shape[0], this.sizes[0]])); }
  decode(z: Tensor): Tensor { return this.decoder.forward(z); }
  /** Reconstruction in input space (probabilities). */
  forward(x: Tensor): Tensor { return this.decode(this.encode(x)).sigmoid(); }
  trainingLoss(x: Tensor): Tensor { return reconstructionLoss(this.decode(this.encode(x)), x, this.loss); }
}

export interface NoiseOptions {
  /** 'gaussian' adds N(0, level²); 'mask' zeroes each input with probability `level` (Vincent et al. 2008). */
  kind?: 'gaussian' | 'mask';
  level: number;
  generator?: Generator;
}

/**
 * Corrupts inputs for denoising: additive Gaussian noise (clamped to [0, 1]) or masking noise.
 * @example corrupt(images, { kind: 'mask', level: 0.3 });
 */
export function corrupt(x: Tensor, opts: NoiseOptions): Tensor {
  const kind = opts.kind ?? 'gaussian', gen = opts.generator ?? defaultGenerator;
  if (!(opts.level >= 0) || (kind === 'mask' && opts.level > 1)) throw new ValueError(`corrupt: level must be ${kind === 'mask' ? 'a probability in [0, 1]' : 'a non-negative standard deviation'}, got ${opts.level}`);
  const out = Float32Array.from(x.data);
  if (kind === 'gaussian') for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i] + opts.level * gen.normal()));
  else if (kind === 'mask') for (let i = 0; i < out.length; i++) { if (gen.uniform() < opts.level) out[i] = 0; }
  else throw new ValueError(`corrupt: kind must be 'gaussian' or 'mask', got '${kind as string}'`);
  return new Tensor(out, x.shape);
}

/**
 * Denoising autoencoder (Vincent, Larochelle, Bengio & Manzagol 2008): encodes a corrupted copy of
 * the input and is scored on reconstructing the clean one, which forces features that capture the
 * data's structure rather than the identity map.
 * @example new DenoisingAutoencoder([784, 128], { noise: { kind: 'mask', level: 0.3 } });
 */
export class DenoisingAutoencoder extends Autoencoder {
  readonly noise: NoiseOptions;
  constructor(sizes: number[], opts: { loss?: ReconstructionLoss; noise: NoiseOptions }) {
    super(sizes, opts);
    this.noise = opts.noise;
    corrupt(new Tensor(new Float32Array(1), [1]), this.noise); // validates the noise settings now, not mid-training
  }
  override trainingLoss(x: Tensor): Tensor {
    if (!this.training) return super.trainingLoss(x);
    return reconstructionLoss(this.decode(this.encode(corrupt(x, this.noise))), x, this.loss);
  }
}

/**
 * Convolutional autoencoder for 1×28×28 images: two stride-2 convolutions down to a 32×7×7 code
 * and two stride-2 transposed convolutions back up.
 * @example new ConvAutoencoder().trainingLoss(randn([4, 1, 28, 28]).sigmoid());
 */
export class ConvAutoencoder extends Module implements AutoencoderLike {
  encoder: Sequential; decoder: Sequential;
  constructor(readonly channels: [number, number] = [16, 32]) {
    super();
    const [c1, c2] = channels;
    this.encoder = new Sequential(new Conv2d(1, c1, 3, { stride: 2, padding: 1 }), new ReLU(), new Conv2d(c1, c2, 3, { stride: 2, padding: 1 }), new ReLU());
    this.decoder = new Sequential(
      new ConvTranspose2d(c2, c1, 3, { stride: 2, padding: 1, outputPadding: 1 }), new ReLU(),
      new ConvTranspose2d(c1, 1, 3, { stride: 2, padding: 1, outputPadding: 1 }));
  }
  encode(x: Tensor): Tensor {
    const img = x.ndim === 2 ? x.reshape([x.shape[0], 1, 28, 28]) : x;
    if (img.ndim !== 4 || img.shape[1] !== 1 || img.shape[2] !== 28 || img.shape[3] !== 28) throw new ShapeError(`ConvAutoencoder: expected [batch, 1, 28, 28] or [batch, 784], got ${fmt(x.shape)}`);
    return this.encoder.forward(img);
  }
  decode(z: Tensor): Tensor { return this.decoder.forward(z); }
  forward(x: Tensor): Tensor { return this.decode(this.encode(x)).sigmoid(); }
  trainingLoss(x: Tensor): Tensor { return reconstructionLoss(this.decode(this.encode(x)), x, 'bce'); }
}
