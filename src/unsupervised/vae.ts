import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { randn } from '../core/creation.js';
import { cat } from '../core/ops/indexing.js';
import { fmt } from '../core/shape.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { bceWithLogits } from '../nn/functional/loss.js';

/**
 * KL(q(z|x) ‖ N(0, I)) for a diagonal Gaussian, summed over latent dims, per sample [B]:
 * −½ Σ (1 + log σ² − μ² − σ²) (Kingma & Welling 2014, appendix B).
 * @example gaussianKl(zeros([1, 2]), zeros([1, 2])).item(); // 0
 */
export function gaussianKl(mu: Tensor, logvar: Tensor): Tensor {
  return logvar.add(1).sub(mu.mul(mu)).sub(logvar.exp()).sum(-1).mul(-0.5);
}

export interface ElboTerms {
  /** Negative ELBO per sample averaged over the batch: reconstruction + kl. */
  loss: Tensor;
  /** Summed Bernoulli cross-entropy per sample, batch mean. */
  reconstruction: Tensor;
  /** KL to the prior per sample, batch mean. */
  kl: Tensor;
}

/**
 * Variational autoencoder (Kingma & Welling 2014) with a Bernoulli decoder, in the layout of the
 * PyTorch example: input → hidden (ReLU) → (μ, log σ²) → z → hidden (ReLU) → logits.
 * @example
 * const vae = new VAE(784, 400, 20);
 * const { loss } = vae.elbo(images); loss.backward();
 */
export class VAE extends Module {
  fc1: Linear; fcMu: Linear; fcLogvar: Linear; fc3: Linear; fc4: Linear;
  constructor(readonly inputSize = 784, readonly hiddenSize = 400, readonly latentSize = 20) {
    super();
    for (const [k, v] of Object.entries({ inputSize, hiddenSize, latentSize })) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`VAE: ${k} must be a positive integer, got ${v}`);
    }
    this.fc1 = new Linear(inputSize, hiddenSize);
    this.fcMu = new Linear(hiddenSize, latentSize);
    this.fcLogvar = new Linear(hiddenSize, latentSize);
    this.fc3 = new Linear(latentSize, hiddenSize);
    this.fc4 = new Linear(hiddenSize, inputSize);
  }

  private flat(x: Tensor): Tensor {
    if (x.numel() !== x.shape[0] * this.inputSize) throw new ShapeError(`VAE: expected ${this.inputSize} features per sample, got input ${fmt(x.shape)}`);
    return x.reshape([x.shape[0], this.inputSize]);
  }

  /** [μ, log σ²] of q(z | x). */
  encode(x: Tensor): [Tensor, Tensor] {
    const h = this.fc1.forward(this.flat(x)).relu();
    return [this.fcMu.forward(h), this.fcLogvar.forward(h)];
  }

  /** z = μ + σ ⊙ ε with ε ~ N(0, I): the reparameterisation trick that lets gradients reach μ and σ. */
  reparameterize(mu: Tensor, logvar: Tensor, generator: Generator = defaultGenerator): Tensor {
    const eps = randn([...mu.shape], { generator });
    return mu.add(eps.mul(logvar.mul(0.5).exp()));
  }

  /** Decoder logits for codes z [B, latent]. */
  decode(z: Tensor): Tensor {
    if (z.ndim !== 2 || z.shape[1] !== this.latentSize) throw new ShapeError(`VAE.decode: codes must be [batch, ${this.latentSize}], got ${fmt(z.shape)}`);
    return this.fc4.forward(this.fc3.forward(z).relu());
  }

  /** Reconstruction probabilities (a sampled z in training mode, the mean in eval mode). */
  forward(x: Tensor): Tensor {
    const [mu, logvar] = this.encode(x);
    return this.decode(this.training ? this.reparameterize(mu, logvar) : mu).sigmoid();
  }

  /** The negative ELBO = reconstruction + KL, each per sample and averaged over the batch. */
  elbo(x: Tensor, generator: Generator = defaultGenerator): ElboTerms {
    const xf = this.flat(x);
    const [mu, logvar] = this.encode(xf);
    const logits = this.decode(this.reparameterize(mu, logvar, generator));
    const b = xf.shape[0];
    const reconstruction = bceWithLogits(logits, xf, 'sum').div(b);
    const kl = gaussianKl(mu, logvar).mean();
    return { loss: reconstruction.add(kl), reconstruction, kl };
  }

  /** Images decoded from prior samples z ~ N(0, I): [n, inputSize] probabilities. */
  sample(n: number, generator: Generator = defaultGenerator): Tensor {
    if (!Number.isInteger(n) || n <= 0) throw new ValueError(`VAE.sample: n must be a positive integer, got ${n}`);
    return noGrad(() => this.decode(randn([n, this.latentSize], { generator })).sigmoid());
  }

  /** Decodes `steps` evenly spaced points on the line between the posterior means of a and b. */
  interpolate(a: Tensor, b: Tensor, steps: number): Tensor {
    if (!Number.isInteger(steps) || steps < 2) throw new ValueError(`VAE.interpolate: steps must be an integer ≥ 2, got ${steps}`);
    return noGrad(() => {
      const [za] = this.encode(a.reshape([1, this.inputSize])), [zb] = this.encode(b.reshape([1, this.inputSize]));
      const zs: Tensor[] = [];
      for (let i = 0; i < steps; i++) { const t = i / (steps - 1); zs.push(za.mul(1 - t).add(zb.mul(t))); }
      return this.decode(cat(zs, 0)).sigmoid();
    });
  }
}
