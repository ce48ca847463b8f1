import type { NeuronModel, NeuronInput } from './model.js';
import { requireStep, requirePositive, requireFinite } from '../validate.js';
import { validateLifCommon } from './lif.js';
import { ValueError } from '../../core/errors.js';
import { lifFamilyState, nativeOf, publishFired } from './native-state.js';

/**
 * Leaky integrate-and-fire with conductance-based exponential synapses (Vogels & Abbott 2005;
 * Brette et al. 2007, COBA), optional adaptive threshold. mV, ms, pF, nS, pA.
 */
export interface LifCondParams {
  /** Membrane capacitance C (pF). */
  cM: number;
  /** Leak conductance gL (nS); τm = C/gL. */
  gL: number;
  /** Leak reversal / resting potential (mV). */
  vRest: number;
  /** Potential after a spike (mV). */
  vReset: number;
  /** Firing threshold (mV). */
  vThresh: number;
  /** Absolute refractory period (ms). */
  tRef: number;
  /** Excitatory reversal potential (mV). */
  eE: number;
  /** Inhibitory reversal potential (mV). */
  eI: number;
  /** Excitatory conductance decay (ms). */
  tauE: number;
  /** Inhibitory conductance decay (ms). */
  tauI: number;
  /** Threshold increase per spike (mV); 0 disables adaptation. */
  thetaPlus: number;
  /** Decay of θ (ms). */
  tauTheta: number;
  /**
   * 'euler' (forward Euler for v, as Brian2 uses for COBA), 'expEuler' (exact for frozen
   * conductances), or 'eulerGuarded': forward Euler, except on a step where dt·(gL + gE + gI)/C > 1,
   * where Euler would overshoot the equilibrium (and beyond 2 diverge); that step is exponential.
   */
  method: 'euler' | 'expEuler' | 'eulerGuarded';
  /**
   * How gE and gI decay over a step: 'exact' (default), g ← g·exp(−dt/τ), or 'euler', g ← g·(1 − dt/τ),
   * which is what a simulator integrating the whole coupled system by forward Euler does (Brian 1 for
   * the nonlinear equations of Diehl & Cook 2015). At dt 0.5 ms and τ 1 ms the two differ by 27% in
   * the charge a synaptic event delivers (Σ factorᵏ: 2 against 2.54).
   */
  conductanceDecay?: 'exact' | 'euler';
}

export interface LifCondState {
  [name: string]: Float64Array | Int32Array | Uint8Array;
  v: Float64Array;
  /** Excitatory conductance (nS). */
  gE: Float64Array;
  /** Inhibitory conductance (nS). */
  gI: Float64Array;
  theta: Float64Array;
  refCount: Int32Array;
}

/** Brette et al. 2007 COBA neuron (C 200 pF, gL 10 nS, El −60, Vt −50, Vr −60, Ee 0, Ei −80 mV, τe 5, τi 10, refractory 5 ms). */
export const LIF_COND_DEFAULTS: Readonly<LifCondParams> = Object.freeze({
  cM: 200, gL: 10, vRest: -60, vReset: -60, vThresh: -50, tRef: 5, eE: 0, eI: -80, tauE: 5, tauI: 10,
  thetaPlus: 0, tauTheta: 100, method: 'euler' as const,
});

/**
 * One step of conductance-based LIF neurons.
 * Brette et al. 2007, COBA: C dv/dt = gL(El − v) + gE(Ee − v) + gI(Ei − v) + I; τe dgE/dt = −gE,
 * τi dgI/dt = −gI (conductances decay exactly). Input I in pA.
 *
 * With `only`, just the neurons `only[0..count)` are advanced (the others are left as they are, their
 * `spikes` entries untouched): an event-driven caller skips neurons it knows to be at rest, where a
 * step would change nothing (v at rest, no conductance, not refractory, no adaptation).
 *
 * @example
 * const s = lifCond.init(1, LIF_COND_DEFAULTS); s.gE[0] = 10;
 * lifCondStep(LIF_COND_DEFAULTS, s, null, 0.1, new Uint8Array(1)); // v rises towards Ee
 */
export function lifCondStep(p: LifCondParams, s: LifCondState, input: NeuronInput, dt: number, spikes: Uint8Array, only?: Int32Array, count?: number): Uint8Array {
  if (only) for (let m = 0, n = count ?? only.length; m < n; m++) spikes[only[m]] = 0;
  else spikes.fill(0);
  lifCondStepEvents(p, s, input, dt, spikes, null, only, count);
  return spikes;
}

/**
 * The update of `lifCondStep` that lists the neurons that fired in `fired` (when given; in the order
 * they were advanced, ascending without `only`) and returns how many, so one pass over the neurons
 * serves the update and the spike list. It only sets `spikes[i] = 1` for neurons that fire and leaves
 * the other entries as they are: the caller clears the previous step's spikes (per spike, not per
 * neuron).
 * @example
 * const s = lifCond.init(2, LIF_COND_DEFAULTS), fired = new Int32Array(2); s.v[1] = -49;
 * lifCondStepEvents(LIF_COND_DEFAULTS, s, null, 0.1, new Uint8Array(2), fired); // 1, fired[0] = 1
 */
export function lifCondStepEvents(p: LifCondParams, s: LifCondState, input: NeuronInput, dt: number, spikes: Uint8Array, fired: Int32Array | null, only?: Int32Array, count?: number): number {
  const { v, gE, gI, theta, refCount } = s;
  const n = only ? (count ?? only.length) : v.length;
  let nFired = 0;
  const euler = p.conductanceDecay === 'euler';
  const pE = euler ? 1 - dt / p.tauE : Math.exp(-dt / p.tauE), pI = euler ? 1 - dt / p.tauI : Math.exp(-dt / p.tauI);
  const refSteps = Math.round(p.tRef / dt);
  const { cM, gL, vRest, vReset, vThresh, eE, eI, thetaPlus } = p;
  const adaptive = thetaPlus > 0;
  const pTheta = adaptive ? Math.exp(-dt / p.tauTheta) : 1;
  const k = dt / cM;
  const exp = p.method === 'expEuler', guarded = p.method === 'eulerGuarded';
  // The plain forward-Euler case runs as the same loop compiled to wasm when the state lives in wasm memory.
  const nat = input === null && !adaptive && !only && p.method === 'euler' ? nativeOf(s, gE, gI) : null;
  if (nat) {
    const count = nat.k.lifCondEulerStep(nat.v, nat.a, nat.b, nat.theta, nat.ref, nat.fired, n, pE, pI, k, gL, vRest, vReset, vThresh, eE, eI, refSteps);
    publishFired(nat, count, spikes, fired);
    return count;
  }
  for (let m = 0; m < n; m++) {
    const i = only ? only[m] : m;
    const ge = gE[i], gi = gI[i];
    gE[i] = ge * pE;
    gI[i] = gi * pI;
    // θ always raises the threshold (it may have been learned earlier); it only adapts when thetaPlus > 0.
    if (adaptive) theta[i] *= pTheta;
    const ref = refCount[i];
    if (ref > 0) { refCount[i] = ref - 1; v[i] = vReset; continue; }
    const vi0 = v[i];
    const iExt = input === null ? 0 : input[i];
    let vi: number;
    if (exp || (guarded && k * (gL + ge + gi) > 1)) {
      // Exponential Euler: with conductances frozen over the step, v relaxes exactly to vInf.
      const gTot = gL + ge + gi;
      const vInf = (gL * vRest + ge * eE + gi * eI + iExt) / gTot;
      vi = vInf + (vi0 - vInf) * Math.exp(-dt * gTot / cM);
    } else {
      vi = vi0 + k * (gL * (vRest - vi0) + ge * (eE - vi0) + gi * (eI - vi0) + iExt);
    }
    if (vi >= vThresh + theta[i]) {
      spikes[i] = 1; v[i] = vReset; refCount[i] = refSteps;
      if (adaptive) theta[i] += thetaPlus;
      if (fired !== null) fired[nFired] = i;
      nFired++;
    } else v[i] = vi;
  }
  return nFired;
}

/** Conductance-based LIF as a NeuronModel. */
export const lifCond: NeuronModel<LifCondParams, LifCondState> = {
  name: 'lif-cond',
  defaults: LIF_COND_DEFAULTS,
  synapticTargets: { gE: 'nS (excitatory conductance)', gI: 'nS (inhibitory conductance)' },
  validate(p, dt) {
    const w = 'lif-cond';
    requirePositive(w, 'cM', p.cM, 'pF');
    requirePositive(w, 'gL', p.gL, 'nS');
    requireStep(w, dt, { 'tauM = cM/gL': p.cM / p.gL, tauE: p.tauE, tauI: p.tauI });
    requireFinite(w, 'eE', p.eE, 'mV');
    requireFinite(w, 'eI', p.eI, 'mV');
    validateLifCommon(w, p, dt);
    if (p.method !== 'euler' && p.method !== 'expEuler' && p.method !== 'eulerGuarded') throw new ValueError(`${w}: method must be 'euler', 'expEuler' or 'eulerGuarded', got '${String(p.method)}'`);
    if (p.conductanceDecay !== undefined && p.conductanceDecay !== 'exact' && p.conductanceDecay !== 'euler') throw new ValueError(`${w}: conductanceDecay must be 'exact' or 'euler', got '${String(p.conductanceDecay)}'`);
  },
  init(n, p) {
    // Large populations keep their state in wasm memory so the plain update runs compiled (native-state.ts).
    return lifFamilyState(n, p.vRest, 'gE', 'gI');
  },
  step: lifCondStep,
  stepEvents: lifCondStepEvents,
};
