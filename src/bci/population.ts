import type { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';

/**
 * A cosine-tuned motor-cortex neuron (Georgopoulos et al. 1982; speed scaling as in
 * Moran & Schwartz 1999): rate(t) = max(0, b + k·(v(t + lag)·p)), with p the unit preferred
 * direction. `modulationDepth` is the rate change (Hz) at the reference speed along p.
 */
export interface MotorNeuron {
  /** Preferred direction, radians. */
  preferredDirection: number;
  /** Baseline rate b, Hz. */
  baselineRate: number;
  /** Rate change at `referenceSpeed` along the preferred direction, Hz. */
  modulationDepth: number;
  /** How far the neuron leads the movement, s (cortex fires before the hand moves). */
  lag: number;
}

export interface PopulationOptions {
  numNeurons?: number;
  baselineRange?: [number, number];
  modulationRange?: [number, number];
  lagRange?: [number, number];
  /** Speed (cm/s) at which the modulation depth is reached. */
  referenceSpeed?: number;
}

export interface MotorPopulation { neurons: MotorNeuron[]; referenceSpeed: number }

/**
 * Draws a population with uniformly spread preferred directions.
 * @example makePopulation(new Generator(0), { numNeurons: 40 }).neurons.length; // 40
 */
export function makePopulation(g: Generator, opts: PopulationOptions = {}): MotorPopulation {
  const n = opts.numNeurons ?? 64;
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`makePopulation: numNeurons must be a positive integer, got ${n}`);
  const [b0, b1] = opts.baselineRange ?? [5, 25], [m0, m1] = opts.modulationRange ?? [5, 25], [l0, l1] = opts.lagRange ?? [0, 0.15];
  if (b0 < 0 || b1 < b0) throw new ValueError(`makePopulation: baselineRange must be 0 <= min <= max Hz, got [${b0}, ${b1}]`);
  if (l0 < 0 || l1 < l0) throw new ValueError(`makePopulation: lagRange must be 0 <= min <= max s, got [${l0}, ${l1}]`);
  const neurons: MotorNeuron[] = [];
  for (let i = 0; i < n; i++) {
    neurons.push({
      preferredDirection: 2 * Math.PI * g.uniform(),
      baselineRate: b0 + (b1 - b0) * g.uniform(),
      modulationDepth: m0 + (m1 - m0) * g.uniform(),
      lag: l0 + (l1 - l0) * g.uniform(),
    });
  }
  return { neurons, referenceSpeed: opts.referenceSpeed ?? 20 };
}

/**
 * Firing rate (Hz) of one neuron for a velocity (cm/s), rectified at zero.
 * @example tuningRate({ preferredDirection: 0, baselineRate: 10, modulationDepth: 20, lag: 0 }, 20, 20, 0); // 30
 */
export function tuningRate(n: MotorNeuron, referenceSpeed: number, vx: number, vy: number): number {
  const proj = vx * Math.cos(n.preferredDirection) + vy * Math.sin(n.preferredDirection);
  return Math.max(0, n.baselineRate + (n.modulationDepth / referenceSpeed) * proj);
}

/**
 * Rates of every neuron at every step, each reading the velocity `lag` seconds ahead
 * (clamped to the recording), as a row-major [steps, neurons] array.
 * @example populationRates(pop, velocity, 0.005).length; // steps × neurons
 */
export function populationRates(pop: MotorPopulation, velocity: Float64Array, dt: number): Float64Array {
  const steps = velocity.length / 2, n = pop.neurons.length;
  const rates = new Float64Array(steps * n);
  pop.neurons.forEach((neuron, i) => {
    const shift = Math.round(neuron.lag / dt);
    for (let s = 0; s < steps; s++) {
      const u = Math.min(steps - 1, s + shift);
      rates[s * n + i] = tuningRate(neuron, pop.referenceSpeed, velocity[u * 2], velocity[u * 2 + 1]);
    }
  });
  return rates;
}

/**
 * Poisson spike counts per step (rate·dt mean) from a seeded generator.
 * @example poissonSpikes(new Generator(0), [20, 20], 0.01); // two counts with mean 0.2
 */
export function poissonSpikes(g: Generator, rates: ArrayLike<number>, dt: number): Uint8Array {
  const out = new Uint8Array(rates.length);
  for (let i = 0; i < rates.length; i++) out[i] = Math.min(255, g.poisson(rates[i] * dt));
  return out;
}
