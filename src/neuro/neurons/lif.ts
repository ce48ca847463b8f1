import type { NeuronModel, NeuronInput } from './model.js';
import { requireStep, requireNonNegative, requireFinite, requirePositive } from '../validate.js';
import { ValueError } from '../../core/errors.js';
import { lifFamilyState, nativeOf, publishFired } from './native-state.js';

/**
 * Leaky integrate-and-fire with current-based exponential synapses and an optional adaptive
 * threshold. Potentials in mV, times in ms; input and synaptic currents are expressed as the
 * depolarisation they would hold at steady state (R·I, in mV), as in Brette et al. 2007 (CUBA).
 */
export interface LifParams {
  /** Membrane time constant τm (ms). */
  tauM: number;
  /** Resting (leak reversal) potential (mV). */
  vRest: number;
  /** Potential after a spike (mV). */
  vReset: number;
  /** Firing threshold (mV). */
  vThresh: number;
  /** Absolute refractory period (ms); v is held at vReset. */
  tRef: number;
  /** Decay time constant of the excitatory synaptic current (ms). */
  tauSynE: number;
  /** Decay time constant of the inhibitory synaptic current (ms). */
  tauSynI: number;
  /** Threshold increase per spike (mV); 0 disables adaptation (Diehl & Cook 2015 θ; Bellec et al. 2018). */
  thetaPlus: number;
  /** Decay time constant of the threshold adaptation θ (ms). */
  tauTheta: number;
}

export interface LifState {
  [name: string]: Float64Array | Int32Array | Uint8Array;
  v: Float64Array;
  /** Excitatory synaptic current, R·I_E (mV). */
  iE: Float64Array;
  /** Inhibitory synaptic current, R·I_I (mV; negative values hyperpolarise). */
  iI: Float64Array;
  /** Adaptive threshold offset θ (mV). */
  theta: Float64Array;
  /** Remaining refractory steps. */
  refCount: Int32Array;
}

export const LIF_DEFAULTS: Readonly<LifParams> = Object.freeze({
  tauM: 20, vRest: -65, vReset: -65, vThresh: -50, tRef: 2, tauSynE: 5, tauSynI: 10, thetaPlus: 0, tauTheta: 100,
});

/** Shared checks of the LIF family: potentials finite, reset below threshold, refractory >= 0. */
export function validateLifCommon(where: string, p: { vRest: number; vReset: number; vThresh: number; tRef: number; thetaPlus: number; tauTheta: number }, dt: number): void {
  requireFinite(where, 'vRest', p.vRest, 'mV');
  requireFinite(where, 'vReset', p.vReset, 'mV');
  requireFinite(where, 'vThresh', p.vThresh, 'mV');
  if (p.vReset >= p.vThresh) throw new ValueError(`${where}: vReset (${p.vReset} mV) must be below vThresh (${p.vThresh} mV)`);
  requireNonNegative(where, 'tRef', p.tRef, 'ms');
  requireNonNegative(where, 'thetaPlus', p.thetaPlus, 'mV');
  requirePositive(where, 'tauTheta', p.tauTheta, 'ms');
  void dt;
}

/**
 * Exact propagator of a current that decays with τs into a membrane with τm: the depolarisation
 * after one step caused by a unit current present at the step's start (Rotter & Diesmann 1999).
 */
export function synapticPropagator(tauSyn: number, tauM: number, dt: number): number {
  if (Math.abs(tauSyn - tauM) < 1e-9 * tauM) return (dt / tauM) * Math.exp(-dt / tauM);
  return (tauSyn / (tauSyn - tauM)) * (Math.exp(-dt / tauSyn) - Math.exp(-dt / tauM));
}

/**
 * One exact-integration step of current-based LIF neurons.
 * Gerstner et al. 2014 (Neuronal Dynamics), eq. 1.5: τm dv/dt = −(v − vRest) + R·I(t), with
 * τs dI/dt = −I for each synaptic current; integrated exactly for piecewise-constant input
 * (Rotter & Diesmann 1999), so a constant input gives v(t) = vRest + R·I (1 − e^(−t/τm)) to rounding.
 *
 * @example
 * const s = lif.init(1, LIF_DEFAULTS); const out = new Uint8Array(1);
 * lifStep(LIF_DEFAULTS, s, [20], 0.1, out); // s.v[0] moves towards -45 mV
 */
export function lifStep(p: LifParams, s: LifState, input: NeuronInput, dt: number, spikes: Uint8Array): Uint8Array {
  spikes.fill(0);
  lifStepEvents(p, s, input, dt, spikes, null);
  return spikes;
}

/**
 * The update of `lifStep` that lists the neurons that fired, in ascending order, in `fired` (when
 * given) and returns how many: one pass over the neurons serves both the update and the spike list,
 * so a network never scans `spikes` again. It only sets `spikes[i] = 1` for neurons that fire and
 * leaves the other entries as they are: the caller clears the previous step's spikes, which costs
 * per spike rather than a store per neuron. The propagators are computed once per call.
 * @example
 * const s = lif.init(2, LIF_DEFAULTS), fired = new Int32Array(2);
 * lifStepEvents(LIF_DEFAULTS, s, [0, 1e4], 0.1, new Uint8Array(2), fired); // 1, fired[0] = 1
 */
export function lifStepEvents(p: LifParams, s: LifState, input: NeuronInput, dt: number, spikes: Uint8Array, fired: Int32Array | null): number {
  const { v, iE, iI, theta, refCount } = s;
  const n = v.length;
  const pM = Math.exp(-dt / p.tauM), pE = Math.exp(-dt / p.tauSynE), pI = Math.exp(-dt / p.tauSynI);
  const kE = synapticPropagator(p.tauSynE, p.tauM, dt), kI = synapticPropagator(p.tauSynI, p.tauM, dt);
  const refSteps = Math.round(p.tRef / dt);
  const { vRest, vReset, vThresh, thetaPlus } = p;
  const adaptive = thetaPlus > 0;
  // The plain case runs as the same loop compiled to wasm when the state lives in wasm memory.
  const nat = input === null && !adaptive ? nativeOf(s, iE, iI) : null;
  if (nat) {
    const count = nat.k.lifCurrentStep(nat.v, nat.a, nat.b, nat.theta, nat.ref, nat.fired, n, pM, pE, pI, kE, kI, vRest, vReset, vThresh, refSteps);
    publishFired(nat, count, spikes, fired);
    return count;
  }
  const pTheta = adaptive ? Math.exp(-dt / p.tauTheta) : 1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const ie = iE[i], ii = iI[i];
    iE[i] = ie * pE;
    iI[i] = ii * pI;
    if (adaptive) theta[i] *= pTheta;
    const ref = refCount[i];
    if (ref > 0) { refCount[i] = ref - 1; v[i] = vReset; continue; }
    const vInf = input === null ? vRest : vRest + input[i];
    const vi = vInf + (v[i] - vInf) * pM + ie * kE + ii * kI;
    // θ always raises the threshold (it may have been learned earlier); it only adapts when thetaPlus > 0.
    if (vi >= vThresh + theta[i]) {
      spikes[i] = 1; v[i] = vReset; refCount[i] = refSteps;
      if (adaptive) theta[i] += thetaPlus;
      if (fired !== null) fired[count] = i;
      count++;
    } else v[i] = vi;
  }
  return count;
}

/** Current-based LIF (optionally with adaptive threshold) as a NeuronModel. */
export const lif: NeuronModel<LifParams, LifState> = {
  name: 'lif',
  defaults: LIF_DEFAULTS,
  synapticTargets: { iE: 'mV (R·I, added per excitatory spike)', iI: 'mV (R·I, negative weights inhibit)' },
  validate(p, dt) {
    requireStep('lif', dt, { tauM: p.tauM, tauSynE: p.tauSynE, tauSynI: p.tauSynI });
    validateLifCommon('lif', p, dt);
  },
  init(n, p) {
    // Large populations keep their state in wasm memory so the plain update runs compiled (native-state.ts).
    return lifFamilyState(n, p.vRest, 'iE', 'iI');
  },
  step: lifStep,
  stepEvents: lifStepEvents,
};

/** Defaults of the adaptive LIF: θ rises 0.5 mV per spike and relaxes with τθ = 100 ms. */
export const ADAPTIVE_LIF_DEFAULTS: Readonly<LifParams> = Object.freeze({ ...LIF_DEFAULTS, thetaPlus: 0.5, tauTheta: 100 });

/**
 * Adaptive LIF: the same dynamics as `lif` with a spike-triggered threshold θ that relaxes with τθ,
 * so sustained input gives growing inter-spike intervals (Bellec et al. 2018; Diehl & Cook 2015).
 * @example new NeuronLayer(adaptiveLif, 10, { thetaPlus: 1 }, 0.1);
 */
export const adaptiveLif: NeuronModel<LifParams, LifState> = {
  ...lif,
  name: 'adaptive-lif',
  defaults: ADAPTIVE_LIF_DEFAULTS,
  validate(p, dt) {
    lif.validate(p, dt);
    requirePositive('adaptive-lif', 'thetaPlus', p.thetaPlus, 'mV');
  },
};
