import { ValueError } from '../core/errors.js';

/**
 * Parameter checks shared by every neuron, synapse and plasticity model. Each error names the
 * model, the parameter, the value it got and the range it allows, so the fix is in the message.
 *
 * @example
 * requirePositive('lif', 'tauM', 20, 'ms'); // passes
 * requirePositive('lif', 'tauM', -5, 'ms'); // throws ValueError: lif: tauM must be > 0 ms, got -5 ms
 */
export function requirePositive(where: string, name: string, value: number, unit = ''): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new ValueError(`${where}: ${name} must be a finite number > 0${unit ? ' ' + unit : ''}, got ${value}${unit ? ' ' + unit : ''}`);
  }
}

/** Requires a finite number >= 0 (refractory periods, learning rates, delays). */
export function requireNonNegative(where: string, name: string, value: number, unit = ''): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new ValueError(`${where}: ${name} must be a finite number >= 0${unit ? ' ' + unit : ''}, got ${value}${unit ? ' ' + unit : ''}`);
  }
}

/** Requires a finite number (potentials, which may be negative). */
export function requireFinite(where: string, name: string, value: number, unit = ''): void {
  if (!Number.isFinite(value)) {
    throw new ValueError(`${where}: ${name} must be a finite number${unit ? ' in ' + unit : ''}, got ${value}`);
  }
}

/** Requires lo <= value <= hi (probabilities, fractions). */
export function requireInRange(where: string, name: string, value: number, lo: number, hi: number): void {
  if (!(value >= lo && value <= hi)) {
    throw new ValueError(`${where}: ${name} must be in [${lo}, ${hi}], got ${value}`);
  }
}

/** Requires a positive integer (population sizes, step counts). */
export function requirePositiveInt(where: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${where}: ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * The time step must be positive and no larger than the fastest time constant it integrates;
 * beyond that an explicit update overshoots and the dynamics are meaningless.
 * @example requireStep('lif', 0.1, { tauM: 20 }); // passes
 */
export function requireStep(where: string, dt: number, taus: Record<string, number>): void {
  requirePositive(where, 'dt', dt, 'ms');
  for (const [name, tau] of Object.entries(taus)) {
    requirePositive(where, name, tau, 'ms');
    if (dt > tau) {
      throw new ValueError(`${where}: dt = ${dt} ms is larger than ${name} = ${tau} ms; dt must be in (0, ${tau}] ms (use a smaller dt or a slower ${name})`);
    }
  }
}

/** Requires a dt within (0, max] for integrators with a stability limit not set by one time constant. */
export function requireStepAtMost(where: string, dt: number, max: number, why: string): void {
  requirePositive(where, 'dt', dt, 'ms');
  if (dt > max) throw new ValueError(`${where}: dt = ${dt} ms is too large; dt must be in (0, ${max}] ms (${why})`);
}

/** Requires a state/input array length to match the population size. */
export function requireLength(where: string, name: string, arr: ArrayLike<number>, n: number): void {
  if (arr.length !== n) throw new ValueError(`${where}: ${name} has length ${arr.length} but the population has ${n} neurons; pass an array of length ${n}`);
}
