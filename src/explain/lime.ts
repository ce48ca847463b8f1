import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { Generator } from '../core/random.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Mat, ridge } from '../bci/matrix.js';
import { score, targetIndex, type Scorer } from './model.js';
import { slic, type SlicOptions } from './slic.js';

export interface LimeExplanation {
  /** One weight per interpretable feature (tabular feature or superpixel). */
  weights: number[];
  intercept: number;
  /** The surrogate's prediction at the explained instance. */
  localPrediction: number;
  /** The model's prediction at the instance. */
  modelPrediction: number;
  /** Weighted R² of the surrogate on the perturbation samples. */
  score: number;
}

/**
 * Weighted ridge of `y` on binary features `z` with an unpenalised intercept (LIME's default
 * surrogate, Ridge(alpha = 1)), and its weighted R².
 */
function fitSurrogate(z: Float64Array, y: Float64Array, w: Float64Array, n: number, F: number, alpha: number): { coef: number[]; intercept: number; r2: number } {
  const x = new Mat(n, F + 1), t = new Mat(n, 1);
  for (let s = 0; s < n; s++) {
    const r = Math.sqrt(w[s]);
    x.set(s, 0, r);
    for (let j = 0; j < F; j++) x.set(s, j + 1, r * z[s * F + j]);
    t.data[s] = r * y[s];
  }
  const beta = ridge(x, t, alpha, [0]);
  let wsum = 0, mean = 0;
  for (let s = 0; s < n; s++) { wsum += w[s]; mean += w[s] * y[s]; }
  mean /= wsum;
  let res = 0, tot = 0;
  for (let s = 0; s < n; s++) {
    let p = beta.data[0];
    for (let j = 0; j < F; j++) p += beta.data[j + 1] * z[s * F + j];
    res += w[s] * (y[s] - p) ** 2; tot += w[s] * (y[s] - mean) ** 2;
  }
  return { coef: Array.from(beta.data.subarray(1)), intercept: beta.data[0], r2: tot > 0 ? 1 - res / tot : 1 };
}

/** Target-class probabilities for a batch, predicted in chunks without recording gradients. */
function probabilities(model: Scorer, x: Tensor, target: number, probs: boolean): Float64Array {
  return noGrad(() => {
    const out = score(model, x);
    targetIndex('lime', target, 1, out.shape[1]);
    const p = probs ? out : out.softmax(1);
    return Float64Array.from({ length: x.shape[0] }, (_, i) => p.data[i * out.shape[1] + target]);
  });
}

export interface LimeTabularOptions {
  samples?: number;
  /** Kernel width; LIME's default is 0.75·√features. */
  kernelWidth?: number;
  /** Ridge penalty of the surrogate (LIME: 1). */
  alpha?: number;
  /** Seed of this explanation's perturbations, so the same call gives the same explanation. */
  seed?: number;
  /** The model already outputs probabilities (otherwise a softmax is applied). */
  outputsProbabilities?: boolean;
}

/**
 * LIME for tabular data (Ribeiro et al. 2016) with the library's standard settings: quartile
 * discretisation from the training data, perturbations that draw each feature's bin by its
 * training frequency and a value inside the bin, binary "same bin as the instance" features,
 * exponential kernel sqrt(exp(−d²/width²)) on their Euclidean distance, and a weighted ridge surrogate.
 * @example limeTabular(model, x0, trainX, 1, { seed: 0 }).weights;
 */
export function limeTabular(model: Scorer, instance: ArrayLike<number>, training: Tensor, target: number, opts: LimeTabularOptions = {}): LimeExplanation & { bins: string[] } {
  if (training.ndim !== 2) throw new ShapeError(`limeTabular: training data must be [samples, features], got [${training.shape.join(', ')}]`);
  const [N, F] = training.shape;
  if (instance.length !== F) throw new ShapeError(`limeTabular: the instance has ${instance.length} features but the training data has ${F}`);
  const n = opts.samples ?? 5000, width = opts.kernelWidth ?? 0.75 * Math.sqrt(F), g = new Generator(opts.seed ?? 0);
  if (!Number.isInteger(n) || n < 2) throw new ValueError(`limeTabular: samples must be an integer >= 2, got ${n}`);
  // Quartile boundaries and per-bin statistics for every feature.
  const edges: number[][] = [], stats: { freq: number[]; lo: number[]; hi: number[]; mean: number[]; sd: number[] }[] = [];
  const binOf = (f: number, v: number) => { let b = 0; while (b < 3 && v > edges[f][b]) b++; return b; };
  for (let f = 0; f < F; f++) {
    const col = Float64Array.from({ length: N }, (_, i) => training.data[i * F + f]).sort();
    edges.push([0.25, 0.5, 0.75].map((q) => col[Math.min(N - 1, Math.floor(q * (N - 1)))]));
    const s = { freq: [0, 0, 0, 0], lo: [Infinity, Infinity, Infinity, Infinity], hi: [-Infinity, -Infinity, -Infinity, -Infinity], mean: [0, 0, 0, 0], sd: [0, 0, 0, 0] };
    for (const v of col) { const b = binOf(f, v); s.freq[b]++; s.lo[b] = Math.min(s.lo[b], v); s.hi[b] = Math.max(s.hi[b], v); s.mean[b] += v; }
    for (let b = 0; b < 4; b++) s.mean[b] /= s.freq[b] || 1;
    for (const v of col) { const b = binOf(f, v); s.sd[b] += (v - s.mean[b]) ** 2 / (s.freq[b] || 1); }
    s.sd = s.sd.map(Math.sqrt);
    stats.push(s);
  }
  const own = Array.from({ length: F }, (_, f) => binOf(f, instance[f]));
  const z = new Float64Array(n * F), xs = new Float32Array(n * F);
  for (let f = 0; f < F; f++) { z[f] = 1; xs[f] = instance[f]; }
  for (let s = 1; s < n; s++) for (let f = 0; f < F; f++) {
    const st = stats[f];
    let u = g.uniform() * N, b = 0;
    while (b < 3 && u >= st.freq[b]) { u -= st.freq[b]; b++; }
    // A value inside the bin: normal around the bin mean, redrawn until it falls inside.
    let v = st.mean[b] + st.sd[b] * g.normal();
    for (let tries = 0; (v < st.lo[b] || v > st.hi[b]) && tries < 20; tries++) v = st.mean[b] + st.sd[b] * g.normal();
    xs[s * F + f] = Math.min(st.hi[b], Math.max(st.lo[b], v));
    z[s * F + f] = b === own[f] ? 1 : 0;
  }
  const y = probabilities(model, new Tensor(xs, [n, F]), target, opts.outputsProbabilities ?? false);
  const w = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let d2 = 0;
    for (let f = 0; f < F; f++) d2 += (1 - z[s * F + f]) ** 2;
    w[s] = Math.sqrt(Math.exp(-d2 / (width * width)));
  }
  const fit = fitSurrogate(z, y, w, n, F, opts.alpha ?? 1);
  const names = ['≤ q25', 'q25–q50', 'q50–q75', '> q75'];
  return { weights: fit.coef, intercept: fit.intercept, localPrediction: fit.intercept + fit.coef.reduce((a, c) => a + c, 0), modelPrediction: y[0], score: fit.r2,
    bins: own.map((b, f) => `x${f} ${names[b]} (${b === 0 ? `≤ ${edges[f][0].toFixed(3)}` : b === 3 ? `> ${edges[f][2].toFixed(3)}` : `${edges[f][b - 1].toFixed(3)}–${edges[f][b].toFixed(3)}`})`) };
}

export interface LimeImageOptions extends LimeTabularOptions {
  /** Superpixel labels per pixel (default: SLIC with `slic` options). */
  segments?: Int32Array;
  slic?: SlicOptions;
  /** Value that hides a switched-off superpixel (default: the image mean). */
  hideValue?: number;
  batchSize?: number;
}

/**
 * LIME for images: superpixels are switched on and off at random, the model scores each
 * perturbed image, and a weighted ridge over the on/off features (kernel width 0.25 on cosine
 * distance, LIME's image defaults) gives each superpixel a weight. Returns the weights and a
 * [H, W] map painting each pixel with its superpixel's weight.
 * @example limeImage(model, image, 7, { samples: 1000, seed: 1 }).map;
 */
export function limeImage(model: Scorer, image: Tensor, target: number, opts: LimeImageOptions = {}): LimeExplanation & { segments: Int32Array; map: Tensor } {
  if (image.ndim !== 3) throw new ShapeError(`limeImage: give one image [C, H, W], got [${image.shape.join(', ')}]`);
  const [C, H, W] = image.shape, P = H * W;
  const segments = opts.segments ?? slic(image.data, C, H, W, opts.slic).labels;
  if (segments.length !== P) throw new ShapeError(`limeImage: segments have ${segments.length} labels but the image has ${P} pixels`);
  const S = Math.max(...segments) + 1;
  const n = opts.samples ?? 1000, width = opts.kernelWidth ?? 0.25, g = new Generator(opts.seed ?? 0), bs = opts.batchSize ?? 100;
  let mean = 0;
  for (const v of image.data) mean += v / image.data.length;
  const hide = opts.hideValue ?? mean;
  const z = new Float64Array(n * S);
  for (let j = 0; j < S; j++) z[j] = 1;
  for (let s = 1; s < n; s++) for (let j = 0; j < S; j++) z[s * S + j] = g.uniform() < 0.5 ? 1 : 0;
  const y = new Float64Array(n);
  for (let s0 = 0; s0 < n; s0 += bs) {
    const m = Math.min(bs, n - s0), batch = new Float32Array(m * C * P);
    for (let k = 0; k < m; k++) for (let c = 0; c < C; c++) for (let i = 0; i < P; i++) {
      batch[(k * C + c) * P + i] = z[(s0 + k) * S + segments[i]] ? image.data[c * P + i] : hide;
    }
    y.set(probabilities(model, new Tensor(batch, [m, C, H, W]), target, opts.outputsProbabilities ?? false), s0);
  }
  const w = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let on = 0;
    for (let j = 0; j < S; j++) on += z[s * S + j];
    const cos = on > 0 ? on / (Math.sqrt(on) * Math.sqrt(S)) : 0; // cosine with the all-on vector
    const d = 1 - cos;
    w[s] = Math.sqrt(Math.exp(-(d * d) / (width * width)));
  }
  const fit = fitSurrogate(z, y, w, n, S, opts.alpha ?? 1);
  const map = new Float32Array(P);
  for (let i = 0; i < P; i++) map[i] = fit.coef[segments[i]];
  return { weights: fit.coef, intercept: fit.intercept, localPrediction: fit.intercept + fit.coef.reduce((a, c) => a + c, 0), modelPrediction: y[0], score: fit.r2, segments, map: new Tensor(map, [H, W]) };
}
