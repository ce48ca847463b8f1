import type { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { planDuration, planReaches, sampleKinematics, type Reach, type ReachOptions } from './reach.js';
import { makePopulation, poissonSpikes, populationRates, type MotorPopulation, type PopulationOptions } from './population.js';

/** A simulated session at fine time resolution, with its ground truth. */
export interface MotorRecording {
  /** Simulation step, s. */
  dt: number;
  steps: number;
  numNeurons: number;
  /** [steps, 2] cm. */
  position: Float64Array;
  /** [steps, 2] cm/s. */
  velocity: Float64Array;
  /** Reach index of each step. */
  trial: Int32Array;
  /** [steps, neurons] spike counts per step. */
  spikes: Uint8Array;
  /** [steps, neurons] ground-truth rates, Hz. */
  rates: Float64Array;
  population: MotorPopulation;
  reaches: Reach[];
}

export interface RecordingOptions { reach?: ReachOptions; population?: PopulationOptions; dt?: number }

/**
 * Simulates reaching with a cosine-tuned Poisson population; everything comes from `g`, so the
 * same seed gives the same session.
 * @example
 * const rec = simulateRecording(new Generator(3), { reach: { kind: 'random', numReaches: 20 } });
 * rec.spikes.length === rec.steps * rec.numNeurons; // true
 */
export function simulateRecording(g: Generator, opts: RecordingOptions = {}): MotorRecording {
  const dt = opts.dt ?? 0.005;
  if (!(dt > 0 && dt <= 0.05)) throw new ValueError(`simulateRecording: dt must be in (0, 0.05] s so Poisson counts stay small, got ${dt}`);
  const population = makePopulation(g, opts.population);
  const reaches = planReaches(g, opts.reach);
  const steps = Math.ceil(planDuration(reaches, opts.reach?.hold ?? 0.3) / dt);
  const { position, velocity, trial } = sampleKinematics(reaches, dt, steps);
  const rates = populationRates(population, velocity, dt);
  const spikes = poissonSpikes(g, rates, dt);
  return { dt, steps, numNeurons: population.neurons.length, position, velocity, trial, spikes, rates, population, reaches };
}
