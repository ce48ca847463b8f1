import type { NeuronModel, NeuronInput } from './model.js';
import { requirePositive, requireFinite, requireStepAtMost } from '../validate.js';
import { ValueError } from '../../core/errors.js';

/**
 * Hodgkin & Huxley 1952 squid giant axon, in the modern convention (rest near −65 mV).
 * Units: mV, ms, µF/cm², mS/cm², input current density µA/cm².
 */
export interface HodgkinHuxleyParams {
  /** Membrane capacitance (µF/cm²). */
  cM: number;
  /** Maximal sodium conductance (mS/cm²). */
  gNa: number;
  /** Maximal potassium conductance (mS/cm²). */
  gK: number;
  /** Leak conductance (mS/cm²). */
  gL: number;
  /** Sodium reversal (mV). */
  eNa: number;
  /** Potassium reversal (mV). */
  eK: number;
  /** Leak reversal (mV). */
  eL: number;
  /** A spike is counted when v crosses this potential upwards (mV). */
  vSpike: number;
  /** Initial potential (mV); gates start at their steady state there. */
  v0: number;
  /** 'euler' (forward Euler), 'rk4' (classical Runge–Kutta) or 'expEuler' (exponential Euler). */
  method: 'euler' | 'rk4' | 'expEuler';
}

export interface HodgkinHuxleyState {
  [name: string]: Float64Array | Int32Array | Uint8Array;
  v: Float64Array;
  m: Float64Array;
  h: Float64Array;
  n: Float64Array;
  /** 1 while v is above vSpike (for upward-crossing detection). */
  above: Uint8Array;
}

/** Hodgkin & Huxley 1952 values (C 1, gNa 120, gK 36, gL 0.3; ENa 50, EK −77, EL −54.387 mV). */
export const HH_DEFAULTS: Readonly<HodgkinHuxleyParams> = Object.freeze({
  cM: 1, gNa: 120, gK: 36, gL: 0.3, eNa: 50, eK: -77, eL: -54.387, vSpike: 0, v0: -65, method: 'rk4' as const,
});

// Rate functions (1/ms) of Hodgkin & Huxley 1952, eqs. 12-13, 20-21, 23-24, shifted to rest at −65 mV.
// The removable singularities of αn and αm are replaced by their limits.
function alphaN(v: number): number { const x = v + 55; return Math.abs(x) < 1e-7 ? 0.1 : (0.01 * x) / (1 - Math.exp(-x / 10)); }
function betaN(v: number): number { return 0.125 * Math.exp(-(v + 65) / 80); }
function alphaM(v: number): number { const x = v + 40; return Math.abs(x) < 1e-7 ? 1 : (0.1 * x) / (1 - Math.exp(-x / 10)); }
function betaM(v: number): number { return 4 * Math.exp(-(v + 65) / 18); }
function alphaH(v: number): number { return 0.07 * Math.exp(-(v + 65) / 20); }
function betaH(v: number): number { return 1 / (1 + Math.exp(-(v + 35) / 10)); }

/** Steady-state gating values at potential v (mV). */
export function hhSteadyState(v: number): { m: number; h: number; n: number } {
  const am = alphaM(v), bm = betaM(v), ah = alphaH(v), bh = betaH(v), an = alphaN(v), bn = betaN(v);
  return { m: am / (am + bm), h: ah / (ah + bh), n: an / (an + bn) };
}

const deriv = new Float64Array(4);
// Hodgkin & Huxley 1952, eq. 26: C dV/dt = I − gNa m³h (V − ENa) − gK n⁴ (V − EK) − gL (V − EL).
function hhDerivs(p: HodgkinHuxleyParams, v: number, m: number, h: number, n: number, I: number): Float64Array {
  const iIon = p.gNa * m * m * m * h * (v - p.eNa) + p.gK * n * n * n * n * (v - p.eK) + p.gL * (v - p.eL);
  deriv[0] = (I - iIon) / p.cM;
  deriv[1] = alphaM(v) * (1 - m) - betaM(v) * m;
  deriv[2] = alphaH(v) * (1 - h) - betaH(v) * h;
  deriv[3] = alphaN(v) * (1 - n) - betaN(v) * n;
  return deriv;
}

/**
 * One step of Hodgkin–Huxley neurons with the chosen integrator.
 * Hodgkin & Huxley 1952, eq. 26 with gating kinetics dx/dt = αx(1 − x) − βx x (eqs. 7, 15, 16).
 * `expEuler` advances each gate exactly with v frozen, then v exactly with the gates frozen
 * (Dayan & Abbott 2001, §5.6).
 *
 * @example
 * const s = hodgkinHuxley.init(1, HH_DEFAULTS);
 * hodgkinHuxleyStep(HH_DEFAULTS, s, [10], 0.01, new Uint8Array(1));
 */
export function hodgkinHuxleyStep(p: HodgkinHuxleyParams, s: HodgkinHuxleyState, input: NeuronInput, dt: number, spikes: Uint8Array): Uint8Array {
  const { v, m, h, n, above } = s;
  for (let i = 0; i < v.length; i++) {
    const I = input === null ? 0 : input[i];
    let vi = v[i], mi = m[i], hi = h[i], ni = n[i];
    if (p.method === 'euler') {
      const d = hhDerivs(p, vi, mi, hi, ni, I);
      vi += dt * d[0]; mi += dt * d[1]; hi += dt * d[2]; ni += dt * d[3];
    } else if (p.method === 'rk4') {
      let d = hhDerivs(p, vi, mi, hi, ni, I);
      const k1v = d[0], k1m = d[1], k1h = d[2], k1n = d[3];
      d = hhDerivs(p, vi + 0.5 * dt * k1v, mi + 0.5 * dt * k1m, hi + 0.5 * dt * k1h, ni + 0.5 * dt * k1n, I);
      const k2v = d[0], k2m = d[1], k2h = d[2], k2n = d[3];
      d = hhDerivs(p, vi + 0.5 * dt * k2v, mi + 0.5 * dt * k2m, hi + 0.5 * dt * k2h, ni + 0.5 * dt * k2n, I);
      const k3v = d[0], k3m = d[1], k3h = d[2], k3n = d[3];
      d = hhDerivs(p, vi + dt * k3v, mi + dt * k3m, hi + dt * k3h, ni + dt * k3n, I);
      vi += (dt / 6) * (k1v + 2 * k2v + 2 * k3v + d[0]);
      mi += (dt / 6) * (k1m + 2 * k2m + 2 * k3m + d[1]);
      hi += (dt / 6) * (k1h + 2 * k2h + 2 * k3h + d[2]);
      ni += (dt / 6) * (k1n + 2 * k2n + 2 * k3n + d[3]);
    } else {
      const am = alphaM(vi), bm = betaM(vi), ah = alphaH(vi), bh = betaH(vi), an = alphaN(vi), bn = betaN(vi);
      mi = am / (am + bm) + (mi - am / (am + bm)) * Math.exp(-dt * (am + bm));
      hi = ah / (ah + bh) + (hi - ah / (ah + bh)) * Math.exp(-dt * (ah + bh));
      ni = an / (an + bn) + (ni - an / (an + bn)) * Math.exp(-dt * (an + bn));
      const gNa = p.gNa * mi * mi * mi * hi, gK = p.gK * ni * ni * ni * ni;
      const gTot = gNa + gK + p.gL;
      const vInf = (gNa * p.eNa + gK * p.eK + p.gL * p.eL + I) / gTot;
      vi = vInf + (vi - vInf) * Math.exp(-dt * gTot / p.cM);
    }
    v[i] = vi; m[i] = mi; h[i] = hi; n[i] = ni;
    const up = vi >= p.vSpike ? 1 : 0;
    spikes[i] = up && !above[i] ? 1 : 0;
    above[i] = up;
  }
  return spikes;
}

const HH_MAX_DT = { euler: 0.05, rk4: 0.1, expEuler: 0.1 } as const;

/** Hodgkin–Huxley as a NeuronModel. */
export const hodgkinHuxley: NeuronModel<HodgkinHuxleyParams, HodgkinHuxleyState> = {
  name: 'hodgkin-huxley',
  defaults: HH_DEFAULTS,
  synapticTargets: {},
  validate(p, dt) {
    const w = 'hodgkin-huxley';
    requirePositive(w, 'cM', p.cM, 'µF/cm²');
    for (const k of ['gNa', 'gK', 'gL'] as const) requirePositive(w, k, p[k], 'mS/cm²');
    for (const k of ['eNa', 'eK', 'eL', 'vSpike', 'v0'] as const) requireFinite(w, k, p[k], 'mV');
    const max = HH_MAX_DT[p.method];
    if (max === undefined) throw new ValueError(`${w}: method must be 'euler', 'rk4' or 'expEuler', got '${String(p.method)}'`);
    requireStepAtMost(w, dt, max, `the sodium gate's time constant is about 0.1 ms; ${p.method} needs dt <= ${max} ms to stay stable`);
  },
  init(count, p) {
    const ss = hhSteadyState(p.v0);
    return {
      v: new Float64Array(count).fill(p.v0), m: new Float64Array(count).fill(ss.m), h: new Float64Array(count).fill(ss.h),
      n: new Float64Array(count).fill(ss.n), above: new Uint8Array(count).fill(p.v0 >= p.vSpike ? 1 : 0),
    };
  },
  step: hodgkinHuxleyStep,
};
