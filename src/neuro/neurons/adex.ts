import type { NeuronModel, NeuronInput } from './model.js';
import { requirePositive, requireFinite, requireNonNegative, requireStep } from '../validate.js';
import { ValueError } from '../../core/errors.js';

/** Adaptive exponential integrate-and-fire (Brette & Gerstner 2005). Units: pF, nS, mV, ms, pA. */
export interface AdExParams {
  /** Membrane capacitance C (pF). */
  cM: number;
  /** Leak conductance gL (nS). */
  gL: number;
  /** Leak reversal EL (mV). */
  eL: number;
  /** Threshold slope-factor centre VT (mV). */
  vT: number;
  /** Slope factor ΔT (mV). */
  deltaT: number;
  /** Adaptation time constant τw (ms). */
  tauW: number;
  /** Subthreshold adaptation a (nS). */
  a: number;
  /** Spike-triggered adaptation increment b (pA). */
  b: number;
  /** Reset potential Vr (mV). */
  vReset: number;
  /** Spike detection / cut-off potential (mV). */
  vPeak: number;
  /** Refractory period (ms). */
  tRef: number;
}

export interface AdExState {
  [name: string]: Float64Array | Int32Array | Uint8Array;
  v: Float64Array;
  /** Adaptation current w (pA). */
  w: Float64Array;
  refCount: Int32Array;
}

/** Brette & Gerstner 2005, Table 1 (pyramidal-cell fit): C 281 pF, gL 30 nS, EL −70.6, VT −50.4, ΔT 2 mV, τw 144 ms, a 4 nS, b 80.5 pA. */
export const ADEX_DEFAULTS: Readonly<AdExParams> = Object.freeze({
  cM: 281, gL: 30, eL: -70.6, vT: -50.4, deltaT: 2, tauW: 144, a: 4, b: 80.5, vReset: -70.6, vPeak: 20, tRef: 0,
});

/**
 * One forward-Euler step of AdEx neurons.
 * Brette & Gerstner 2005, eqs. 1-2: C dV/dt = −gL(V − EL) + gL ΔT exp((V − VT)/ΔT) − w + I,
 * τw dw/dt = a(V − EL) − w; at V > vPeak: V ← Vr, w ← w + b. Input I in pA.
 *
 * @example
 * const s = adex.init(1, ADEX_DEFAULTS);
 * adexStep(ADEX_DEFAULTS, s, [800], 0.1, new Uint8Array(1));
 */
export function adexStep(p: AdExParams, s: AdExState, input: NeuronInput, dt: number, spikes: Uint8Array): Uint8Array {
  const { v, w, refCount } = s;
  const { cM, gL, eL, vT, deltaT, tauW, a, b, vReset, vPeak } = p;
  const refSteps = Math.round(p.tRef / dt);
  // Past this exponent the spike is certain within the step; capping avoids overflow to Infinity.
  const maxExp = (vPeak - vT) / deltaT + 1;
  for (let i = 0; i < v.length; i++) {
    const vi = v[i], wi = w[i];
    const I = input === null ? 0 : input[i];
    w[i] = wi + (dt / tauW) * (a * (vi - eL) - wi);
    if (refCount[i] > 0) { refCount[i]--; v[i] = vReset; spikes[i] = 0; continue; }
    const e = Math.exp(Math.min((vi - vT) / deltaT, maxExp));
    const vn = vi + (dt / cM) * (-gL * (vi - eL) + gL * deltaT * e - wi + I);
    if (vn >= vPeak) { spikes[i] = 1; v[i] = vReset; w[i] += b; refCount[i] = refSteps; }
    else { spikes[i] = 0; v[i] = vn; }
  }
  return spikes;
}

/** AdEx as a NeuronModel. */
export const adex: NeuronModel<AdExParams, AdExState> = {
  name: 'adex',
  defaults: ADEX_DEFAULTS,
  synapticTargets: {},
  validate(p, dt) {
    const wh = 'adex';
    requirePositive(wh, 'cM', p.cM, 'pF');
    requirePositive(wh, 'gL', p.gL, 'nS');
    requirePositive(wh, 'deltaT', p.deltaT, 'mV');
    requireStep(wh, dt, { 'tauM = cM/gL': p.cM / p.gL, tauW: p.tauW });
    for (const k of ['eL', 'vT', 'vReset', 'vPeak', 'a', 'b'] as const) requireFinite(wh, k, p[k]);
    requireNonNegative(wh, 'tRef', p.tRef, 'ms');
    if (p.vPeak <= p.vT) throw new ValueError(`${wh}: vPeak (${p.vPeak} mV) must be above vT (${p.vT} mV)`);
  },
  init(n, p) {
    return { v: new Float64Array(n).fill(p.eL), w: new Float64Array(n), refCount: new Int32Array(n) };
  },
  step: adexStep,
};
