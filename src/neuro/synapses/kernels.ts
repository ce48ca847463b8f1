import { requirePositive } from '../validate.js';
import { requireNonNegativeInt } from './delay.js';

/**
 * Exponential synapse, one exact step: τ dg/dt = −g, so g ← g·e^(−dt/τ). A presynaptic spike of
 * weight w adds w to g (instantaneous rise). Works for currents (mV or pA) and conductances (nS).
 * Dayan & Abbott 2001, eq. 5.34 (single-exponential fit).
 * @example const g = Float64Array.of(1); expSynapseStep(g, 5, 0.1); // g[0] = e^(−0.02)
 */
export function expSynapseStep(g: Float64Array, tau: number, dt: number): void {
  const p = Math.exp(-dt / tau);
  for (let i = 0; i < g.length; i++) g[i] *= p;
}

/**
 * Alpha synapse, one exact step: a spike of weight w adds w to the auxiliary h, and
 * g(t) = w·(t/τ)·e^(1 − t/τ), peaking at w when t = τ (Rall 1967; Dayan & Abbott 2001, eq. 5.35).
 * With h ← h e^(−dt/τ) and g ← e^(−dt/τ) (g + (e/τ)·dt·h) the kernel is sampled exactly.
 * @example const g = new Float64Array(1), h = Float64Array.of(1); alphaSynapseStep(g, h, 2, 0.1);
 */
export function alphaSynapseStep(g: Float64Array, h: Float64Array, tau: number, dt: number): void {
  const p = Math.exp(-dt / tau), k = (Math.E / tau) * dt;
  for (let i = 0; i < g.length; i++) {
    g[i] = p * (g[i] + k * h[i]);
    h[i] *= p;
  }
}

/**
 * Synaptic current of a conductance g (nS) with reversal E (mV) at potential v (mV): I = g (E − v), in pA.
 * @example conductanceCurrent(10, 0, -60); // 600 pA
 */
export function conductanceCurrent(g: number, e: number, v: number): number {
  return g * (e - v);
}

/** Validates a synaptic time constant against the step. */
export function validateSynapse(where: string, tau: number, dt: number, delaySteps = 0): void {
  requirePositive(where, 'tau', tau, 'ms');
  requirePositive(where, 'dt', dt, 'ms');
  requireNonNegativeInt(where, 'delay (steps)', delaySteps);
}
