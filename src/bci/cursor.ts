import type { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { tuningRate, type MotorPopulation } from './population.js';
import type { StreamingDecoder } from './decoders/types.js';

export interface CursorTaskOptions {
  /** Number of centre-out trials (targets cycle through `directions` evenly spaced angles). */
  trials?: number;
  directions?: number;
  /** Target distance from the centre, cm. */
  radius?: number;
  /** Acceptance radius around the target, cm. */
  targetRadius?: number;
  /** Time the cursor must stay inside the target, s. */
  holdTime?: number;
  /** Time allowed per trial, s. */
  timeout?: number;
  /** Intended speed = gain·distance (1/s), capped at maxSpeed (cm/s). */
  gain?: number;
  maxSpeed?: number;
  binSize?: number;
}

export interface CursorTaskResult {
  successRate: number;
  /** Mean time to acquire (successful trials only), s; NaN when none succeeded. */
  meanAcquireTime: number;
  /** Cursor path of each trial as [x, y] points per bin. */
  paths: [number, number][][];
  targets: [number, number][];
}

/**
 * Closed-loop cursor control: each bin the simulated user intends to move straight at the target
 * (the intention model of ReFIT, Gilja et al. 2012), the population fires Poisson spikes for that
 * intended velocity, the decoder turns the spikes into a velocity, and the cursor moves by it.
 * Errors feed back because the next intention starts from where the decoded cursor went.
 * @example runCursorTask(new Generator(0), population, decoder.stream(), { trials: 8 }).successRate;
 */
export function runCursorTask(g: Generator, pop: MotorPopulation, decoder: StreamingDecoder, opts: CursorTaskOptions = {}): CursorTaskResult {
  const trials = opts.trials ?? 16, directions = opts.directions ?? 8, radius = opts.radius ?? 10;
  const targetRadius = opts.targetRadius ?? 2, holdTime = opts.holdTime ?? 0.25, timeout = opts.timeout ?? 4;
  const gain = opts.gain ?? 4, maxSpeed = opts.maxSpeed ?? 25, dt = opts.binSize ?? 0.05;
  if (!(dt > 0) || !(timeout > dt) || !(targetRadius > 0)) throw new ValueError(`runCursorTask: need binSize > 0, timeout > binSize and targetRadius > 0, got ${dt}, ${timeout}, ${targetRadius}`);
  const n = pop.neurons.length, counts = new Float64Array(n);
  const paths: [number, number][][] = [], targets: [number, number][] = [];
  let successes = 0, acquireSum = 0;
  for (let k = 0; k < trials; k++) {
    const a = (2 * Math.PI * (k % directions)) / directions;
    const target: [number, number] = [radius * Math.cos(a), radius * Math.sin(a)];
    let x = 0, y = 0, inside = 0;
    const path: [number, number][] = [[0, 0]];
    decoder.reset();
    for (let step = 0; step * dt < timeout; step++) {
      const dx = target[0] - x, dy = target[1] - y, dist = Math.hypot(dx, dy);
      const speed = Math.min(maxSpeed, gain * dist);
      const vx = dist > 0 ? (speed * dx) / dist : 0, vy = dist > 0 ? (speed * dy) / dist : 0;
      for (let i = 0; i < n; i++) counts[i] = g.poisson(tuningRate(pop.neurons[i], pop.referenceSpeed, vx, vy) * dt);
      const [ux, uy] = decoder.step(counts);
      x += ux * dt; y += uy * dt;
      path.push([x, y]);
      inside = Math.hypot(target[0] - x, target[1] - y) <= targetRadius ? inside + dt : 0;
      if (inside >= holdTime - 1e-9) { successes++; acquireSum += (step + 1) * dt; break; }
    }
    paths.push(path); targets.push(target);
  }
  return { successRate: successes / trials, meanAcquireTime: successes ? acquireSum / successes : NaN, paths, targets };
}
