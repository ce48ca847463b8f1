import type { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';

/** One movement: from `start` to `target`, beginning at `onset` seconds and lasting `duration`. */
export interface Reach { start: [number, number]; target: [number, number]; onset: number; duration: number; trial: number }

export interface ReachOptions {
  /** 'center-out': out to one of `numTargets` targets on a circle and back; 'random': successive random targets. */
  kind?: 'center-out' | 'random';
  numReaches?: number;
  /** Targets on the circle for centre-out reaches (8, as in Georgopoulos et al. 1982). */
  numTargets?: number;
  /** Workspace radius in cm. */
  radius?: number;
  /** Movement time range in s; each reach draws uniformly from it so speeds vary. */
  durationRange?: [number, number];
  /** Still time between reaches, s. */
  hold?: number;
}

/**
 * Minimum-jerk profile (Flash & Hogan 1985): s(τ) = 10τ³ − 15τ⁴ + 6τ⁵ and its derivative,
 * the bell-shaped speed profile of natural reaches. τ is normalised time in [0, 1].
 * @example minimumJerk(0.5); // { s: 0.5, ds: 1.875 }
 */
export function minimumJerk(tau: number): { s: number; ds: number } {
  const t = Math.min(1, Math.max(0, tau));
  return { s: t * t * t * (10 - 15 * t + 6 * t * t), ds: 30 * t * t * (1 - t) * (1 - t) };
}

/**
 * Plans a sequence of reaches from a seeded generator.
 * @example planReaches(new Generator(1), { kind: 'center-out', numReaches: 16 }).length; // 16
 */
export function planReaches(g: Generator, opts: ReachOptions = {}): Reach[] {
  const kind = opts.kind ?? 'center-out', n = opts.numReaches ?? 64, numTargets = opts.numTargets ?? 8;
  const radius = opts.radius ?? 10, [dMin, dMax] = opts.durationRange ?? [0.5, 1.0], hold = opts.hold ?? 0.3;
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`planReaches: numReaches must be a positive integer, got ${n}`);
  if (!(dMin > 0 && dMax >= dMin)) throw new ValueError(`planReaches: durationRange must satisfy 0 < min <= max, got [${dMin}, ${dMax}]`);
  const reaches: Reach[] = [];
  let pos: [number, number] = [0, 0];
  let t = hold;
  for (let i = 0; i < n; i++) {
    let target: [number, number];
    if (kind === 'center-out') {
      // Even reaches go out to a random one of the targets, odd reaches come back to the centre.
      if (i % 2 === 0) {
        const a = (2 * Math.PI * g.int(0, numTargets)) / numTargets;
        target = [radius * Math.cos(a), radius * Math.sin(a)];
      } else target = [0, 0];
    } else {
      // Random targets in the disc, at least a third of the radius away so every reach moves.
      do {
        const r = radius * Math.sqrt(g.uniform()), a = 2 * Math.PI * g.uniform();
        target = [r * Math.cos(a), r * Math.sin(a)];
      } while (Math.hypot(target[0] - pos[0], target[1] - pos[1]) < radius / 3);
    }
    const duration = dMin + (dMax - dMin) * g.uniform();
    reaches.push({ start: pos, target, onset: t, duration, trial: i });
    pos = target;
    t += duration + hold;
  }
  return reaches;
}

/**
 * Total time covered by a reach plan (last reach end plus one hold), s.
 * @example planDuration(planReaches(new Generator(0), { numReaches: 4 })); // seconds
 */
export function planDuration(reaches: readonly Reach[], hold = 0.3): number {
  const last = reaches[reaches.length - 1];
  return last ? last.onset + last.duration + hold : 0;
}

/**
 * Samples position and velocity (cm, cm/s) every `dt` seconds for `steps` steps, with the trial
 * index each sample belongs to (a reach owns its movement and the hold that follows it).
 * @example sampleKinematics(reaches, 0.01, 500).velocity.length; // 1000
 */
export function sampleKinematics(reaches: readonly Reach[], dt: number, steps: number): { position: Float64Array; velocity: Float64Array; trial: Int32Array } {
  const position = new Float64Array(steps * 2), velocity = new Float64Array(steps * 2), trial = new Int32Array(steps);
  let k = 0;
  for (let s = 0; s < steps; s++) {
    const t = s * dt;
    while (k + 1 < reaches.length && t >= reaches[k + 1].onset) k++;
    const r = reaches[k];
    const tau = (t - r.onset) / r.duration;
    const { s: f, ds } = t < r.onset ? { s: 0, ds: 0 } : minimumJerk(tau);
    const moving = tau >= 0 && tau <= 1;
    for (let d = 0; d < 2; d++) {
      const delta = r.target[d] - r.start[d];
      position[s * 2 + d] = r.start[d] + delta * f;
      velocity[s * 2 + d] = moving ? (delta * ds) / r.duration : 0;
    }
    trial[s] = r.trial;
  }
  return { position, velocity, trial };
}
