import { ValueError } from '../../core/errors.js';
import { requirePositive, requireNonNegative, requireStep } from '../validate.js';

// Spike-timing-dependent plasticity on a dense weight matrix w of shape [nPost, nPre] (row i holds
// the weights onto postsynaptic neuron i). Traces make the rules local in time: each spike only reads
// the other side's trace, so the cost per step is proportional to the number of spikes.

/** Pair-based STDP with exponential traces (Song, Miller & Abbott 2000; Morrison et al. 2008). */
export interface StdpParams {
  /** Potentiation window τ+ (ms). */
  tauPlus: number;
  /** Depression window τ− (ms). */
  tauMinus: number;
  /** Potentiation amplitude A+ (weight units per pair). */
  aPlus: number;
  /** Depression amplitude A− (positive number; the change is −A−). */
  aMinus: number;
  wMin: number;
  wMax: number;
  /** Nearest-spike traces (reset to 1) instead of all-to-all (add 1). */
  nearest: boolean;
}

export interface StdpState { xPre: Float64Array; xPost: Float64Array }

/** Bi & Poo 1998 fit as used by Song et al. 2000: τ± 16.8 / 33.7 ms, A− slightly larger than A+. */
export const STDP_DEFAULTS: Readonly<StdpParams> = Object.freeze({
  tauPlus: 16.8, tauMinus: 33.7, aPlus: 0.01, aMinus: 0.0105, wMin: 0, wMax: 1, nearest: false,
});

export function validateStdp(p: StdpParams, dt: number): void {
  requireStep('stdp', dt, { tauPlus: p.tauPlus, tauMinus: p.tauMinus });
  requireNonNegative('stdp', 'aPlus', p.aPlus);
  requireNonNegative('stdp', 'aMinus', p.aMinus);
  if (!(p.wMin <= p.wMax)) throw new ValueError(`stdp: wMin (${p.wMin}) must be <= wMax (${p.wMax})`);
}

export function initStdpState(nPre: number, nPost: number): StdpState {
  return { xPre: new Float64Array(nPre), xPost: new Float64Array(nPost) };
}

function checkShapes(where: string, w: ArrayLike<number>, pre: ArrayLike<number>, post: ArrayLike<number>): void {
  if (w.length !== pre.length * post.length) throw new ValueError(`${where}: weights have ${w.length} entries, expected nPost·nPre = ${post.length}·${pre.length}`);
}

/**
 * The STDP window the pair rule implements: Δw = A+ e^(−Δt/τ+) for Δt = tPost − tPre ≥ 0 and
 * −A− e^(Δt/τ−) for Δt < 0 (Song et al. 2000, eq. 1).
 * @example stdpWindow(STDP_DEFAULTS, 10); // 0.01·e^(−10/16.8)
 */
export function stdpWindow(p: StdpParams, deltaT: number): number {
  return deltaT >= 0 ? p.aPlus * Math.exp(-deltaT / p.tauPlus) : -p.aMinus * Math.exp(deltaT / p.tauMinus);
}

/**
 * One step of pair STDP. Traces decay; each presynaptic spike depresses its synapses by A−·xPost,
 * each postsynaptic spike potentiates by A+·xPre (Morrison et al. 2008, eqs. 3-5). Pre spikes are
 * applied before post spikes, so a pair in the same step counts as pre-before-post with Δt = 0.
 * Weights stay within [wMin, wMax]. `target` defaults to `w`; R-STDP passes its eligibility here.
 * @example
 * const s = initStdpState(2, 1), w = Float64Array.of(0.5, 0.5);
 * stdpStep(STDP_DEFAULTS, s, Uint8Array.of(1, 0), Uint8Array.of(0), w, 0.1);
 */
export function stdpStep(p: StdpParams, s: StdpState, pre: Uint8Array, post: Uint8Array, w: Float64Array | Float32Array, dt: number, clip = true): void {
  checkShapes('stdp', w, pre, post);
  const { xPre, xPost } = s;
  const nPre = pre.length, nPost = post.length;
  const dPre = Math.exp(-dt / p.tauPlus), dPost = Math.exp(-dt / p.tauMinus);
  for (let j = 0; j < nPre; j++) xPre[j] *= dPre;
  for (let i = 0; i < nPost; i++) xPost[i] *= dPost;
  const { aPlus, aMinus, wMin, wMax } = p;
  for (let j = 0; j < nPre; j++) {
    if (!pre[j]) continue;
    for (let i = 0; i < nPost; i++) {
      const k = i * nPre + j;
      const v = w[k] - aMinus * xPost[i];
      w[k] = clip && v < wMin ? wMin : v;
    }
    xPre[j] = p.nearest ? 1 : xPre[j] + 1;
  }
  for (let i = 0; i < nPost; i++) {
    if (!post[i]) continue;
    const row = i * nPre;
    for (let j = 0; j < nPre; j++) {
      const v = w[row + j] + aPlus * xPre[j];
      w[row + j] = clip && v > wMax ? wMax : v;
    }
    xPost[i] = p.nearest ? 1 : xPost[i] + 1;
  }
}

/** Triplet STDP (Pfister & Gerstner 2006): pair terms plus triplet terms read from slower traces. */
export interface TripletParams {
  /** Fast presynaptic trace r1 (ms). */
  tauPlus: number;
  /** Fast postsynaptic trace o1 (ms). */
  tauMinus: number;
  /** Slow presynaptic trace r2 (ms). */
  tauX: number;
  /** Slow postsynaptic trace o2 (ms). */
  tauY: number;
  a2Plus: number;
  a3Plus: number;
  a2Minus: number;
  a3Minus: number;
  wMin: number;
  wMax: number;
}

export interface TripletState { r1: Float64Array; r2: Float64Array; o1: Float64Array; o2: Float64Array }

/** Pfister & Gerstner 2006, Table 4: visual cortex data, all-to-all interactions, minimal model. */
export const TRIPLET_VISUAL_CORTEX: Readonly<TripletParams> = Object.freeze({
  tauPlus: 16.8, tauMinus: 33.7, tauX: 101, tauY: 125, a2Plus: 5e-10, a3Plus: 6.2e-3, a2Minus: 7e-3, a3Minus: 2.3e-4, wMin: 0, wMax: 1,
});

export function validateTriplet(p: TripletParams, dt: number): void {
  requireStep('triplet-stdp', dt, { tauPlus: p.tauPlus, tauMinus: p.tauMinus, tauX: p.tauX, tauY: p.tauY });
  for (const k of ['a2Plus', 'a3Plus', 'a2Minus', 'a3Minus'] as const) requireNonNegative('triplet-stdp', k, p[k]);
  if (!(p.wMin <= p.wMax)) throw new ValueError(`triplet-stdp: wMin (${p.wMin}) must be <= wMax (${p.wMax})`);
}

export function initTripletState(nPre: number, nPost: number): TripletState {
  return { r1: new Float64Array(nPre), r2: new Float64Array(nPre), o1: new Float64Array(nPost), o2: new Float64Array(nPost) };
}

/**
 * One step of triplet STDP. Pfister & Gerstner 2006, eqs. 3-4: at a pre spike
 * w ← w − o1 (A2− + A3− r2(t−ε)); at a post spike w ← w + r1 (A2+ + A3+ o2(t−ε)); then the
 * spiking side's traces each grow by 1 (all-to-all).
 * @example stdpTripletStep(TRIPLET_VISUAL_CORTEX, initTripletState(2, 1), pre, post, w, 0.1);
 */
export function stdpTripletStep(p: TripletParams, s: TripletState, pre: Uint8Array, post: Uint8Array, w: Float64Array | Float32Array, dt: number): void {
  checkShapes('triplet-stdp', w, pre, post);
  const nPre = pre.length, nPost = post.length;
  const d1 = Math.exp(-dt / p.tauPlus), d2 = Math.exp(-dt / p.tauX), e1 = Math.exp(-dt / p.tauMinus), e2 = Math.exp(-dt / p.tauY);
  for (let j = 0; j < nPre; j++) { s.r1[j] *= d1; s.r2[j] *= d2; }
  for (let i = 0; i < nPost; i++) { s.o1[i] *= e1; s.o2[i] *= e2; }
  for (let j = 0; j < nPre; j++) {
    if (!pre[j]) continue;
    const k3 = p.a2Minus + p.a3Minus * s.r2[j];
    for (let i = 0; i < nPost; i++) {
      const k = i * nPre + j;
      w[k] = Math.max(p.wMin, w[k] - s.o1[i] * k3);
    }
    s.r1[j] += 1; s.r2[j] += 1;
  }
  for (let i = 0; i < nPost; i++) {
    if (!post[i]) continue;
    const k3 = p.a2Plus + p.a3Plus * s.o2[i];
    const row = i * nPre;
    for (let j = 0; j < nPre; j++) w[row + j] = Math.min(p.wMax, w[row + j] + s.r1[j] * k3);
    s.o1[i] += 1; s.o2[i] += 1;
  }
}

/** Reward-modulated STDP: STDP writes into an eligibility trace c; dopamine turns c into weight change. */
export interface RstdpParams extends StdpParams {
  /** Eligibility trace decay τc (ms); Izhikevich 2007 uses 1000 ms. */
  tauC: number;
}

export interface RstdpState extends StdpState { eligibility: Float64Array }

export const RSTDP_DEFAULTS: Readonly<RstdpParams> = Object.freeze({ ...STDP_DEFAULTS, tauC: 1000 });

export function initRstdpState(nPre: number, nPost: number): RstdpState {
  return { ...initStdpState(nPre, nPost), eligibility: new Float64Array(nPre * nPost) };
}

/**
 * One step of reward-modulated STDP (Izhikevich 2007, eqs. 1-2; Frémaux & Gerstner 2016):
 * τc dc/dt = −c + STDP(Δt)·δ(t − t_spike), dw/dt = c·d(t), where d is the dopamine (reward)
 * signal. Spike pairings are remembered for about τc, so a reward that arrives seconds later still
 * reinforces the pairings that preceded it (the distal reward problem).
 * @example rstdpStep(RSTDP_DEFAULTS, initRstdpState(2, 1), pre, post, w, 1, reward);
 */
export function rstdpStep(p: RstdpParams, s: RstdpState, pre: Uint8Array, post: Uint8Array, w: Float64Array | Float32Array, dt: number, dopamine: number): void {
  requirePositive('rstdp', 'tauC', p.tauC, 'ms');
  const c = s.eligibility;
  const decay = Math.exp(-dt / p.tauC);
  for (let k = 0; k < c.length; k++) c[k] *= decay;
  stdpStep(p, s, pre, post, c, dt, false);
  if (dopamine !== 0) {
    const k = dt * dopamine;
    for (let q = 0; q < w.length; q++) {
      const v = w[q] + k * c[q];
      w[q] = v < p.wMin ? p.wMin : v > p.wMax ? p.wMax : v;
    }
  }
}
