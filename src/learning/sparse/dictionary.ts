import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { randn } from '../../core/creation.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { fista, lca } from './ista.js';
import { activeFraction, checkDictionary } from './objective.js';

export interface DictionaryLearnerOptions {
  numAtoms: number;
  numFeatures: number;
  lambda: number;
  /** Dictionary learning rate η in D ← D + η Aᵀ(X − A D)/B. */
  lr?: number;
  inference?: 'fista' | 'lca';
  inferenceIterations?: number;
  nonNegative?: boolean;
  /**
   * Starting atoms [numAtoms, numFeatures] (normalised on copy), e.g. random data patches, so that
   * no atom starts where no signal ever uses it; Gaussian noise when omitted.
   */
  initialDictionary?: Tensor;
  generator?: Generator;
}

export interface DictionaryStep { reconstructionError: number; activeFraction: number; codes: Tensor }

/**
 * Sparse dictionary learning in the style of Olshausen & Field (1996): alternate sparse inference
 * of the codes with the dictionary fixed, then a gradient step on the dictionary
 * ΔD = η Aᵀ (X − A D) / B with the codes fixed, and renormalise each atom to unit length
 * (so sparsity cannot be bought by shrinking codes and growing atoms). On natural image patches
 * the atoms become localized, oriented edges; on MNIST patches, pen-stroke fragments.
 * @example
 * const dl = new DictionaryLearner({ numAtoms: 64, numFeatures: 64, lambda: 0.1 });
 * dl.step(patches); // returns reconstruction error and fraction of active codes
 */
export class DictionaryLearner {
  /** D [numAtoms, numFeatures], unit-norm rows. */
  readonly dictionary: Tensor;
  readonly opts: Required<Omit<DictionaryLearnerOptions, 'generator' | 'initialDictionary'>>;
  constructor(opts: DictionaryLearnerOptions) {
    for (const key of ['numAtoms', 'numFeatures'] as const) {
      const v = opts[key];
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`DictionaryLearner: ${key} must be a positive integer, got ${v}${v === 0 ? ' (a dictionary needs at least one atom)' : ''}`);
    }
    const { initialDictionary: init, generator, ...rest } = opts;
    this.opts = { lr: 0.1, inference: 'fista', inferenceIterations: 50, nonNegative: false, ...rest };
    if (init && (init.ndim !== 2 || init.shape[0] !== opts.numAtoms || init.shape[1] !== opts.numFeatures)) {
      throw new ShapeError(`DictionaryLearner: initialDictionary must be [${opts.numAtoms}, ${opts.numFeatures}], got ${fmt(init.shape)}`);
    }
    this.dictionary = normalizeRows(init ? new Tensor(Float32Array.from(init.data), init.shape) : randn([opts.numAtoms, opts.numFeatures], { generator: generator ?? defaultGenerator }));
  }

  /** Sparse codes of `x` [B, features] under the current dictionary. */
  encode(x: Tensor): Tensor {
    checkDictionary('DictionaryLearner.encode', this.dictionary, x);
    const o = { lambda: this.opts.lambda, iterations: this.opts.inferenceIterations, nonNegative: this.opts.nonNegative };
    return (this.opts.inference === 'lca' ? lca(x, this.dictionary, o) : fista(x, this.dictionary, o)).codes;
  }

  /** A D: the reconstruction of signals from codes. */
  decode(codes: Tensor): Tensor {
    if (codes.ndim !== 2 || codes.shape[1] !== this.opts.numAtoms) throw new ShapeError(`DictionaryLearner.decode: codes must be [batch, ${this.opts.numAtoms}], got ${fmt(codes.shape)}`);
    return noGrad(() => codes.matmul(this.dictionary));
  }

  /** One inference + learning step on a batch; returns the mean squared reconstruction error per signal. */
  step(x: Tensor): DictionaryStep {
    const codes = this.encode(x);
    return noGrad(() => {
      const resid = x.detach().sub(codes.matmul(this.dictionary));
      const grad = codes.T.matmul(resid).mul(this.opts.lr / x.shape[0]);
      const d = this.dictionary.data as Float32Array;
      for (let i = 0; i < d.length; i++) d[i] += grad.data[i];
      normalizeRows(this.dictionary);
      let sq = 0;
      for (const v of resid.data) sq += v * v;
      return { reconstructionError: sq / x.shape[0], activeFraction: activeFraction(codes), codes };
    });
  }
}

/** Scales each row of a 2-D tensor to unit L2 norm, in place (zero rows stay zero). */
export function normalizeRows(t: Tensor): Tensor {
  const [r, c] = t.shape, d = t.data as Float32Array;
  for (let i = 0; i < r; i++) {
    let n = 0;
    for (let j = 0; j < c; j++) n += d[i * c + j] ** 2;
    n = Math.sqrt(n);
    if (n > 0) for (let j = 0; j < c; j++) d[i * c + j] /= n;
  }
  return t;
}

export interface PatchOptions {
  patchSize: number;
  count: number;
  /** Skip patches whose variance is below this (MNIST borders are blank). */
  minVariance?: number;
  /** Subtract each patch's mean (removes the DC component, as Olshausen & Field did). */
  centre?: boolean;
  generator?: Generator;
}

/**
 * Random square patches from images [N, H, W] (or [N, 1, H, W]) as rows [count, patchSize²].
 * @example extractPatches(images, { patchSize: 8, count: 1000 }).shape; // [1000, 64]
 */
export function extractPatches(images: Tensor, opts: PatchOptions): Tensor {
  const img = images.ndim === 4 && images.shape[1] === 1 ? images.reshape([images.shape[0], images.shape[2], images.shape[3]]) : images;
  if (img.ndim !== 3) throw new ShapeError(`extractPatches: images must be [N, H, W] or [N, 1, H, W], got ${fmt(images.shape)}`);
  const [n, h, w] = img.shape, p = opts.patchSize;
  if (!Number.isInteger(p) || p < 1 || p > h || p > w) throw new ValueError(`extractPatches: patchSize must be an integer in [1, ${Math.min(h, w)}], got ${p}`);
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new ValueError(`extractPatches: count must be a positive integer, got ${opts.count}`);
  const gen = opts.generator ?? defaultGenerator, minVar = opts.minVariance ?? 0;
  const out = new Float32Array(opts.count * p * p), d = img.data;
  let got = 0, tries = 0;
  while (got < opts.count) {
    if (++tries > opts.count * 1000) throw new ValueError(`extractPatches: found only ${got} of ${opts.count} patches with variance ≥ ${minVar}; lower minVariance`);
    const k = gen.int(0, n), r = gen.int(0, h - p + 1), c = gen.int(0, w - p + 1);
    const o = got * p * p;
    let mean = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) { const v = d[k * h * w + (r + i) * w + c + j]; out[o + i * p + j] = v; mean += v; }
    mean /= p * p;
    let v2 = 0;
    for (let i = 0; i < p * p; i++) v2 += (out[o + i] - mean) ** 2;
    if (v2 / (p * p) < minVar) continue;
    if (opts.centre) for (let i = 0; i < p * p; i++) out[o + i] -= mean;
    got++;
  }
  return new Tensor(out, [opts.count, p * p]);
}
