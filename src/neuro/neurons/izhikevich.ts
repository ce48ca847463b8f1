import type { NeuronModel, NeuronInput } from './model.js';
import { requireFinite, requireStepAtMost } from '../validate.js';
import { ValueError } from '../../core/errors.js';

/**
 * Izhikevich 2003 simple model: dimensionless a, b, c, d; v in mV; time in ms; input I in the
 * paper's units (I = 10 drives tonic firing).
 */
export interface IzhikevichParams {
  /** Time scale of the recovery variable u (1/ms). */
  a: number;
  /** Sensitivity of u to subthreshold v. */
  b: number;
  /** After-spike reset of v (mV). */
  c: number;
  /** After-spike increment of u. */
  d: number;
  /** Spike cut-off (mV); the paper uses +30. */
  vPeak: number;
  /** Initial membrane potential (mV); the paper starts at −65 with u = b·v. */
  v0: number;
}

export interface IzhikevichState {
  [name: string]: Float64Array | Int32Array | Uint8Array;
  v: Float64Array;
  /** Recovery variable u. */
  u: Float64Array;
}

/** The named cortical and thalamic types of Izhikevich 2003, Fig. 2 (a, b, c, d). */
export const IZHIKEVICH_TYPES = Object.freeze({
  /** Regular spiking: tonic firing with spike-frequency adaptation. */
  RS: { a: 0.02, b: 0.2, c: -65, d: 8 },
  /** Intrinsically bursting: an initial burst, then single spikes. */
  IB: { a: 0.02, b: 0.2, c: -55, d: 4 },
  /** Chattering: repeated high-frequency bursts. */
  CH: { a: 0.02, b: 0.2, c: -50, d: 2 },
  /** Fast spiking: high rate without adaptation. */
  FS: { a: 0.1, b: 0.2, c: -65, d: 2 },
  /** Low-threshold spiking: strong adaptation. */
  LTS: { a: 0.02, b: 0.25, c: -65, d: 2 },
  /** Thalamo-cortical: tonic firing, and a rebound burst after hyperpolarisation. */
  TC: { a: 0.02, b: 0.25, c: -65, d: 0.05 },
  /** Resonator: subthreshold oscillations. */
  RZ: { a: 0.1, b: 0.26, c: -65, d: 2 },
} as const);

export type IzhikevichType = keyof typeof IZHIKEVICH_TYPES;

export const IZHIKEVICH_DEFAULTS: Readonly<IzhikevichParams> = Object.freeze({ ...IZHIKEVICH_TYPES.RS, vPeak: 30, v0: -65 });

/**
 * Parameters of a named type.
 * @example new NeuronLayer(izhikevich, 1, izhikevichParams('CH'), 1);
 */
export function izhikevichParams(type: IzhikevichType): IzhikevichParams {
  const t = IZHIKEVICH_TYPES[type];
  if (!t) throw new ValueError(`izhikevich: unknown type '${String(type)}'; expected one of ${Object.keys(IZHIKEVICH_TYPES).join(', ')}`);
  return { ...IZHIKEVICH_DEFAULTS, ...t };
}

/**
 * One step of Izhikevich neurons.
 * Izhikevich 2003, eqs. 1-3: v' = 0.04v² + 5v + 140 − u + I, u' = a(bv − u); if v ≥ 30 mV then
 * v ← c, u ← u + d. As in the paper's code, v advances in two half-steps of dt/2 (for numerical
 * stability of the quadratic term) and u in one step using the new v, exactly as the paper's
 * MATLAB listing does (its reset happens at the start of the next millisecond; here at the end of
 * this one, which gives the same sequence of states).
 *
 * @example
 * const p = izhikevichParams('RS'); const s = izhikevich.init(1, p);
 * izhikevichStep(p, s, [10], 1, new Uint8Array(1));
 */
export function izhikevichStep(p: IzhikevichParams, s: IzhikevichState, input: NeuronInput, dt: number, spikes: Uint8Array): Uint8Array {
  const { v, u } = s;
  const { a, b, c, d, vPeak } = p;
  const h = dt / 2;
  for (let i = 0; i < v.length; i++) {
    const I = input === null ? 0 : input[i];
    let vi = v[i];
    const ui = u[i];
    vi += h * (0.04 * vi * vi + 5 * vi + 140 - ui + I);
    vi += h * (0.04 * vi * vi + 5 * vi + 140 - ui + I);
    // As in the paper's code, u sees the updated (possibly past-peak) v before the reset.
    const un = ui + dt * a * (b * vi - ui);
    if (vi >= vPeak) { spikes[i] = 1; v[i] = c; u[i] = un + d; }
    else { spikes[i] = 0; v[i] = vi; u[i] = un; }
  }
  return spikes;
}

/** The Izhikevich model as a NeuronModel (defaults: RS). */
export const izhikevich: NeuronModel<IzhikevichParams, IzhikevichState> = {
  name: 'izhikevich',
  defaults: IZHIKEVICH_DEFAULTS,
  synapticTargets: {},
  validate(p, dt) {
    const w = 'izhikevich';
    for (const k of ['a', 'b', 'c', 'd', 'vPeak', 'v0'] as const) requireFinite(w, k, p[k]);
    if (p.a <= 0) throw new ValueError(`${w}: a must be > 0 (the recovery rate, 1/ms), got ${p.a}`);
    if (p.c >= p.vPeak) throw new ValueError(`${w}: reset c (${p.c} mV) must be below vPeak (${p.vPeak} mV)`);
    requireStepAtMost(w, dt, 1, 'the paper integrates with 1 ms split into two 0.5 ms half-steps; larger steps are unstable');
    if (p.a * dt > 1) throw new ValueError(`${w}: a·dt = ${p.a * dt} must be <= 1 (dt <= 1/a = ${1 / p.a} ms) or u overshoots`);
  },
  init(n, p) {
    return { v: new Float64Array(n).fill(p.v0), u: new Float64Array(n).fill(p.b * p.v0) };
  },
  step: izhikevichStep,
};
