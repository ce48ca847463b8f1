import type { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { requirePositiveInt, requirePositive } from '../validate.js';
import { lifCond, lifCondStep, LIF_COND_DEFAULTS, type LifCondParams, type LifCondState } from '../neurons/lif-cond.js';

/**
 * Constants of Diehl & Cook 2015 ("Unsupervised learning of digit recognition using
 * spike-timing-dependent plasticity"), from the paper and its published Brian code.
 */
export interface DiehlCookConfig {
  nExc: number;
  /** Time step (ms). */
  dt: number;
  /** Presentation time per image (ms). */
  tPresent: number;
  /** Input rate = pixel (0-255) / 8 · intensity Hz; intensity starts at 2 (max 63.75 Hz). */
  intensity: number;
  /** Fewer excitatory spikes than this: raise the intensity by 1 (32 Hz at full pixel) and repeat. */
  minSpikes: number;
  /** Presynaptic (depression) and postsynaptic (potentiation) learning rates. */
  nuPre: number;
  nuPost: number;
  wMax: number;
  tauPre: number;
  tauPost1: number;
  /** Slow postsynaptic trace of the triplet-style potentiation term (ms; from the published code). */
  tauPost2: number;
  /** Sum each excitatory neuron's 784 input weights is normalised to before every image. */
  weightSum: number;
  /** Excitatory → inhibitory (one-to-one) and inhibitory → excitatory (all but self) weights. */
  wExcInh: number;
  wInhExc: number;
  thetaPlus: number;
  tauTheta: number;
}

export const DIEHL_COOK_DEFAULTS: Readonly<DiehlCookConfig> = Object.freeze({
  nExc: 100, dt: 0.5, tPresent: 350, intensity: 2, minSpikes: 5, nuPre: 1e-4, nuPost: 1e-2, wMax: 1,
  tauPre: 20, tauPost1: 20, tauPost2: 40, weightSum: 78, wExcInh: 10.4, wInhExc: 17, thetaPlus: 0.05, tauTheta: 1e7,
});

/**
 * Spikes of one presentation, for rasters: input (pixel index) and excitatory (neuron index) spikes
 * with the time step at which each occurred. Only the final attempt of `present` is kept.
 */
export interface DiehlCookRecord {
  inputSteps: number[];
  inputIndices: number[];
  excSteps: number[];
  excIndices: number[];
}

/** Excitatory neurons: rest −65, reset −65, threshold −52 mV + θ, τ 100 ms, refractory 5 ms; Ee 0, Ei −100 mV; τge 1, τgi 2 ms. */
function excParams(c: DiehlCookConfig): LifCondParams {
  return { ...LIF_COND_DEFAULTS, cM: 100, gL: 1, vRest: -65, vReset: -65, vThresh: -52, tRef: 5, eE: 0, eI: -100, tauE: 1, tauI: 2, thetaPlus: c.thetaPlus, tauTheta: c.tauTheta, method: 'euler' };
}
/** Inhibitory neurons: rest −60, reset −45, threshold −40 mV, τ 10 ms, refractory 2 ms; Ee 0, Ei −85 mV. */
function inhParams(): LifCondParams {
  return { ...LIF_COND_DEFAULTS, cM: 10, gL: 1, vRest: -60, vReset: -45, vThresh: -40, tRef: 2, eE: 0, eI: -85, tauE: 1, tauI: 2, thetaPlus: 0, tauTheta: 1e7, method: 'euler' };
}

/**
 * dst[i] += src[off + i] for i < n, unrolled by four: V8 does not vectorise, and the unrolled loop
 * halves the bounds checks and loop overhead of the hottest line (each input spike adds a row).
 */
function addRow(dst: Float64Array, src: Float64Array, off: number, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const q = off + i;
    dst[i] += src[q]; dst[i + 1] += src[q + 1]; dst[i + 2] += src[q + 2]; dst[i + 3] += src[q + 3];
  }
  for (; i < n; i++) dst[i] += src[off + i];
}

/** dst[off + i] *= scale[i] for i < n, unrolled by four (weight normalisation). */
function mulRow(dst: Float64Array, scale: Float64Array, off: number, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const q = off + i;
    dst[q] *= scale[i]; dst[q + 1] *= scale[i + 1]; dst[q + 2] *= scale[i + 2]; dst[q + 3] *= scale[i + 3];
  }
  for (; i < n; i++) dst[off + i] *= scale[i];
}

/**
 * The Diehl & Cook 2015 network: 784 Poisson inputs → nExc conductance-based excitatory neurons
 * with adaptive thresholds and STDP on the input weights → one-to-one to nExc inhibitory neurons →
 * lateral inhibition of all other excitatory neurons (soft winner-take-all).
 *
 * The simulation is clock-driven for the membranes (every excitatory neuron receives input at
 * almost every step) and event-driven for everything else:
 * - an image lights only ~150 of the 784 inputs and, at dt 0.5 ms, about 3 of them spike per step;
 *   each active input's next spike is drawn as a geometric gap and filed in a per-step bucket, so a
 *   step visits only the inputs that spike, and each adds one contiguous row of the
 *   presynaptic-major weights;
 * - the nearest-spike STDP traces are kept as last-spike times and evaluated as exp(−Δt/τ) only where
 *   a rule reads them (exact for traces that reset to 1), so nothing decays per step;
 * - depression at an input spike touches only the excitatory neurons whose post trace is live (those
 *   that fired within 40 τ), and potentiation runs only when an excitatory neuron fires;
 * - an inhibitory neuron is stepped only once its excitatory partner has fired: before that it sits
 *   exactly at rest, where a step changes nothing.
 * Everything is allocated once; the step loop allocates nothing.
 *
 * @example
 * const dc = new DiehlCook({ nExc: 100 }, new Generator(0));
 * const counts = dc.present(imageBytes, true); // Int32Array(100) spike counts
 */
export class DiehlCook {
  readonly config: DiehlCookConfig;
  /** Input weights, [784][nExc] (presynaptic-major). */
  readonly weights: Float64Array;
  readonly exc: LifCondState;
  readonly inh: LifCondState;
  /** Synaptic events delivered so far (input → excitatory, excitatory → inhibitory, inhibitory → excitatory). */
  synapticEvents = 0;
  private readonly pExc: LifCondParams;
  private readonly pExcFrozen: LifCondParams;
  private readonly pInh: LifCondParams;
  private readonly preLast: Float64Array;
  private readonly post1Last: Float64Array;
  private readonly post2Last: Float64Array;
  private readonly excSpikes: Uint8Array;
  private readonly inhSpikes: Uint8Array;
  /** Pixels with a nonzero value (the only inputs that can spike) and log(1 − p) of each. */
  private readonly active = new Int32Array(784);
  private nActive = 0;
  private readonly logq = new Float64Array(784);
  /** Per-step buckets of inputs due to spike: head per step, then a linked list through `bucketNext`. */
  private readonly bucketHead: Int32Array;
  private readonly bucketNext = new Int32Array(784);
  private readonly due = new Int32Array(784);
  /** Excitatory neurons with a live post trace, with that trace's value at the current step. */
  private readonly fired: Int32Array;
  private readonly isFired: Uint8Array;
  private readonly post1Now: Float64Array;
  private nFired = 0;
  /** Inhibitory neurons that have left rest since the last `rest()`. */
  private readonly inhLive: Int32Array;
  private readonly isInhLive: Uint8Array;
  private nInhLive = 0;
  private readonly colSums: Float64Array;

  constructor(config: Partial<DiehlCookConfig>, private readonly gen: Generator) {
    const c = { ...DIEHL_COOK_DEFAULTS, ...config };
    requirePositiveInt('DiehlCook', 'nExc', c.nExc);
    requirePositive('DiehlCook', 'tPresent', c.tPresent, 'ms');
    for (const k of ['intensity', 'weightSum', 'wMax', 'tauPre', 'tauPost1', 'tauPost2'] as const) requirePositive('DiehlCook', k, c[k]);
    this.config = c;
    this.pExc = excParams(c);
    this.pExcFrozen = { ...this.pExc, thetaPlus: 0 };
    this.pInh = inhParams();
    lifCond.validate(this.pExc, c.dt);
    lifCond.validate(this.pInh, c.dt);
    const n = c.nExc;
    this.weights = new Float64Array(784 * n);
    // Initial weights uniform in [0.003, 0.303] as in the published code ((rand + 0.01) · 0.3).
    for (let k = 0; k < this.weights.length; k++) this.weights[k] = (gen.uniform() + 0.01) * 0.3;
    this.exc = lifCond.init(n, this.pExc);
    this.inh = lifCond.init(n, this.pInh);
    this.preLast = new Float64Array(784);
    this.post1Last = new Float64Array(n);
    this.post2Last = new Float64Array(n);
    this.excSpikes = new Uint8Array(n);
    this.inhSpikes = new Uint8Array(n);
    this.bucketHead = new Int32Array(Math.round(c.tPresent / c.dt));
    this.fired = new Int32Array(n);
    this.isFired = new Uint8Array(n);
    this.post1Now = new Float64Array(n);
    this.inhLive = new Int32Array(n);
    this.isInhLive = new Uint8Array(n);
    this.colSums = new Float64Array(n);
    this.rest();
  }

  /** Scales each excitatory neuron's input weights to sum to `weightSum` (78 for 784 inputs). */
  normalize(): void {
    const n = this.config.nExc, w = this.weights, sums = this.colSums;
    sums.fill(0);
    for (let j = 0; j < 784; j++) addRow(sums, w, j * n, n);
    for (let i = 0; i < n; i++) sums[i] = sums[i] > 0 ? this.config.weightSum / sums[i] : 1;
    for (let j = 0; j < 784; j++) mulRow(w, sums, j * n, n);
  }

  /** The resting state between images: v at rest, conductances and traces at zero, refractoriness over. */
  rest(): void {
    for (const [s, p] of [[this.exc, this.pExc], [this.inh, this.pInh]] as const) {
      s.v.fill(p.vRest); s.gE.fill(0); s.gI.fill(0); s.refCount.fill(0);
    }
    this.preLast.fill(-Infinity); this.post1Last.fill(-Infinity); this.post2Last.fill(-Infinity);
    for (let f = 0; f < this.nFired; f++) this.isFired[this.fired[f]] = 0;
    this.nFired = 0;
    for (let m = 0; m < this.nInhLive; m++) { const i = this.inhLive[m]; this.isInhLive[i] = 0; this.inhSpikes[i] = 0; }
    this.nInhLive = 0;
  }

  /**
   * Presents one image (784 pixel intensities 0-255) and returns the excitatory spike counts. With
   * `learn`, STDP and the adaptive threshold are on and weights are normalised first. If fewer than
   * `minSpikes` spikes occur, the intensity rises by 1 and the image is shown again (Diehl & Cook 2015).
   * A `record` receives the input and excitatory spikes of the final attempt.
   */
  present(pixels: ArrayLike<number>, learn: boolean, record?: DiehlCookRecord): Int32Array {
    if (pixels.length !== 784) throw new ValueError(`DiehlCook.present: expected 784 pixels, got ${pixels.length}`);
    const c = this.config;
    if (learn) this.normalize();
    let nActive = 0;
    for (let j = 0; j < 784; j++) if (pixels[j] > 0) this.active[nActive++] = j;
    this.nActive = nActive;
    const counts = new Int32Array(c.nExc);
    for (let intensity = c.intensity, tries = 0; tries < 20; intensity += 1, tries++) {
      for (let a = 0; a < nActive; a++) {
        const p = Math.min(1, (pixels[this.active[a]] / 8) * intensity * (c.dt / 1000));
        this.logq[a] = Math.log1p(-Math.min(p, 1 - 1e-12));
      }
      counts.fill(0);
      if (record) for (const k of ['inputSteps', 'inputIndices', 'excSteps', 'excIndices'] as const) record[k].length = 0;
      const total = this.run(learn, counts, record);
      this.rest();
      if (total >= c.minSpikes) break;
    }
    return counts;
  }

  /** Geometric gap (steps) to input a's next spike: a Bernoulli(p) process, one random number per spike. */
  private gap(a: number): number {
    return Math.floor(Math.log(1 - this.gen.uniform()) / this.logq[a]);
  }

  private run(learn: boolean, counts: Int32Array, record?: DiehlCookRecord): number {
    const c = this.config, n = c.nExc, dt = c.dt, w = this.weights;
    const gE = this.exc.gE, gIexc = this.exc.gI, gEinh = this.inh.gE;
    const steps = this.bucketHead.length;
    const pExc = learn ? this.pExc : this.pExcFrozen;
    const { nuPre, nuPost, wMax, tauPre, tauPost1, tauPost2, wExcInh, wInhExc } = c;
    const head = this.bucketHead, next = this.bucketNext, due = this.due, active = this.active;
    const fired = this.fired, isFired = this.isFired, post1Now = this.post1Now;
    const preLast = this.preLast, post1Last = this.post1Last, post2Last = this.post2Last;
    const excSpikes = this.excSpikes, inhSpikes = this.inhSpikes, inhLive = this.inhLive, isInhLive = this.isInhLive;
    const preHorizon = 40 * tauPre; // pre trace below e^(−40): no change
    let total = 0, events = 0;
    head.fill(-1);
    for (let a = 0; a < this.nActive; a++) {
      const s = this.gap(a);
      if (s < steps) { next[a] = head[s]; head[s] = a; }
    }
    for (let k = 0; k < steps; k++) {
      const t = k * dt;
      let nDue = 0;
      for (let a = head[k]; a >= 0; a = next[a]) due[nDue++] = a;
      if (nDue > 0) {
        // Inputs in index order, as a scan over all inputs would meet them: the random draws and the
        // floating-point sums then come in the same order.
        for (let x = 1; x < nDue; x++) { const a = due[x]; let y = x - 1; while (y >= 0 && due[y] > a) { due[y + 1] = due[y]; y--; } due[y + 1] = a; }
        if (learn) for (let f = 0; f < this.nFired; f++) post1Now[f] = Math.exp((post1Last[fired[f]] - t) / tauPost1);
        for (let d = 0; d < nDue; d++) {
          const a = due[d];
          const s = k + 1 + this.gap(a);
          if (s < steps) { next[a] = head[s]; head[s] = a; }
          const j = active[a], row = j * n;
          if (record) { record.inputSteps.push(k); record.inputIndices.push(j); }
          // Input spike: its weight row onto the excitatory conductances.
          addRow(gE, w, row, n);
          events += n;
          if (learn) {
            // Pre spike: depression by the postsynaptic trace, w ← clip(w − νpre·post1), then pre ← 1.
            // Neurons that have not fired have post1 = 0 and keep their weights.
            for (let f = 0; f < this.nFired; f++) {
              const q = row + fired[f];
              const v = w[q] - nuPre * post1Now[f];
              w[q] = v < 0 ? 0 : v;
            }
            preLast[j] = t;
          }
        }
      }
      lifCondStep(pExc, this.exc, null, dt, excSpikes);
      if (this.nInhLive > 0) lifCondStep(this.pInh, this.inh, null, dt, inhSpikes, inhLive, this.nInhLive);
      for (let i = 0; i < n; i++) {
        if (!excSpikes[i]) continue;
        counts[i]++; total++;
        if (record) { record.excSteps.push(k); record.excIndices.push(i); }
        gEinh[i] += wExcInh; events++;
        if (!isInhLive[i]) { isInhLive[i] = 1; inhLive[this.nInhLive++] = i; }
        if (learn) {
          // Post spike: potentiation w ← clip(w + νpost·pre·post2(before)), then post1, post2 ← 1.
          const k2 = nuPost * Math.exp((post2Last[i] - t) / tauPost2);
          for (let j = 0; j < 784; j++) {
            if (t - preLast[j] > preHorizon) continue;
            const q = j * n + i;
            const v = w[q] + k2 * Math.exp((preLast[j] - t) / tauPre);
            w[q] = v > wMax ? wMax : v;
          }
          post1Last[i] = t; post2Last[i] = t;
          if (!isFired[i]) { isFired[i] = 1; fired[this.nFired++] = i; }
        }
      }
      for (let m = 0; m < this.nInhLive; m++) {
        const i = inhLive[m];
        if (!inhSpikes[i]) continue;
        // Lateral inhibition of every other excitatory neuron.
        for (let q = 0; q < n; q++) if (q !== i) gIexc[q] += wInhExc;
        events += n - 1;
      }
    }
    this.synapticEvents += events;
    return total;
  }
}

/**
 * Assigns each neuron the class for which its mean response is highest (Diehl & Cook 2015).
 * `counts` is [examples][nExc] flattened.
 * @example const labels = assignLabels(counts, trainLabels, 100);
 */
export function assignLabels(counts: Int32Array, labels: ArrayLike<number>, nExc: number, classes = 10): Int32Array {
  const m = labels.length;
  if (counts.length !== m * nExc) throw new ValueError(`assignLabels: counts have ${counts.length} entries, expected examples·nExc = ${m}·${nExc}`);
  const sum = new Float64Array(classes * nExc), per = new Int32Array(classes);
  for (let e = 0; e < m; e++) {
    const y = labels[e]; per[y]++;
    for (let i = 0; i < nExc; i++) sum[y * nExc + i] += counts[e * nExc + i];
  }
  const out = new Int32Array(nExc);
  for (let i = 0; i < nExc; i++) {
    let best = -1, bestRate = -1;
    for (let y = 0; y < classes; y++) {
      const r = per[y] ? sum[y * nExc + i] / per[y] : 0;
      if (r > bestRate) { bestRate = r; best = y; }
    }
    out[i] = best;
  }
  return out;
}

/**
 * Predicts the class whose assigned neurons fire most on average (Diehl & Cook 2015, "all" voting).
 * @example classifyByAssignment(counts, assignments); // 0-9
 */
export function classifyByAssignment(counts: ArrayLike<number>, assignments: Int32Array, classes = 10): number {
  const sum = new Float64Array(classes), num = new Int32Array(classes);
  for (let i = 0; i < assignments.length; i++) { sum[assignments[i]] += counts[i]; num[assignments[i]]++; }
  let best = 0, bestRate = -1;
  for (let y = 0; y < classes; y++) {
    const r = num[y] ? sum[y] / num[y] : 0;
    if (r > bestRate) { bestRate = r; best = y; }
  }
  return best;
}
