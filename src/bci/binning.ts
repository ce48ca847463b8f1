import { Tensor } from '../core/tensor.js';
import { ShapeError, ValueError } from '../core/errors.js';
import type { MotorRecording } from './recording.js';

/**
 * Binned neural data aligned with kinematics: row t of every field describes the same bin.
 * This is what decoders take.
 */
export interface BinnedData {
  /** [T, neurons] spike counts per bin. */
  spikes: Tensor;
  /** [T, 2] mean velocity in the bin, cm/s. */
  velocity: Tensor;
  /** [T, 2] mean position in the bin, cm. */
  position: Tensor;
  /** Reach index of each bin. */
  trial: Int32Array;
  /** Bin width, s. */
  binSize: number;
}

/**
 * Sums spikes and averages kinematics over bins of `binSize` seconds (a whole number of steps).
 * @example binRecording(rec, 0.05).spikes.shape; // [T, neurons]
 */
export function binRecording(rec: MotorRecording, binSize = 0.05): BinnedData {
  const per = Math.round(binSize / rec.dt);
  if (per < 1 || Math.abs(per * rec.dt - binSize) > 1e-9) {
    throw new ValueError(`binRecording: binSize ${binSize} s must be a whole multiple of the simulation step ${rec.dt} s`);
  }
  const T = Math.floor(rec.steps / per), n = rec.numNeurons;
  const spikes = new Float32Array(T * n), velocity = new Float32Array(T * 2), position = new Float32Array(T * 2), trial = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    for (let s = t * per; s < (t + 1) * per; s++) {
      for (let i = 0; i < n; i++) spikes[t * n + i] += rec.spikes[s * n + i];
      for (let d = 0; d < 2; d++) {
        velocity[t * 2 + d] += rec.velocity[s * 2 + d] / per;
        position[t * 2 + d] += rec.position[s * 2 + d] / per;
      }
    }
    trial[t] = rec.trial[t * per + per - 1];
  }
  return { spikes: new Tensor(spikes, [T, n]), velocity: new Tensor(velocity, [T, 2]), position: new Tensor(position, [T, 2]), trial, binSize };
}

/**
 * Bins start..end-1 of a binned set (copies).
 * @example sliceBins(data, 0, 100).spikes.shape[0]; // 100
 */
export function sliceBins(data: BinnedData, start: number, end: number): BinnedData {
  const T = data.spikes.shape[0];
  if (!(start >= 0 && end <= T && start < end)) throw new ValueError(`sliceBins: range [${start}, ${end}) is not inside [0, ${T})`);
  const rows = (t: Tensor) => new Tensor(t.data.slice(start * t.shape[1], end * t.shape[1]) as Float32Array, [end - start, t.shape[1]]);
  return { spikes: rows(data.spikes), velocity: rows(data.velocity), position: rows(data.position), trial: data.trial.slice(start, end), binSize: data.binSize };
}

/**
 * Chronological train/validation/test split at trial boundaries, so no reach (and no lagged
 * history) straddles two sets.
 * @example const { train, validation, test } = splitByTrial(data, { train: 0.6, validation: 0.2 });
 */
export function splitByTrial(data: BinnedData, frac: { train?: number; validation?: number } = {}): { train: BinnedData; validation: BinnedData; test: BinnedData } {
  const ft = frac.train ?? 0.6, fv = frac.validation ?? 0.2;
  if (!(ft > 0 && fv >= 0 && ft + fv < 1)) throw new ValueError(`splitByTrial: need train > 0, validation >= 0 and train + validation < 1, got ${ft} and ${fv}`);
  const T = data.trial.length;
  const numTrials = data.trial[T - 1] + 1;
  const boundary = (trialIdx: number) => { let t = 0; while (t < T && data.trial[t] < trialIdx) t++; return t; };
  const a = boundary(Math.round(numTrials * ft)), b = boundary(Math.round(numTrials * (ft + fv)));
  if (a === 0 || b >= T || a >= b && fv > 0) throw new ValueError(`splitByTrial: ${numTrials} trials are too few for fractions ${ft}/${fv}/${(1 - ft - fv).toFixed(2)}; simulate more reaches`);
  return { train: sliceBins(data, 0, a), validation: fv > 0 ? sliceBins(data, a, b) : sliceBins(data, a, a + 1), test: sliceBins(data, b, T) };
}

/**
 * Throws a ShapeError unless spikes [T, N] and kinematics [T, D] have the same number of bins.
 * @example checkAligned('myDecoder.fit', spikes, velocity); // throws when the bin counts differ
 */
export function checkAligned(who: string, spikes: Tensor, target: Tensor): void {
  if (spikes.ndim !== 2) throw new ShapeError(`${who}: spikes must be [bins, neurons], got [${spikes.shape.join(', ')}]`);
  if (target.ndim !== 2) throw new ShapeError(`${who}: kinematics must be [bins, dims], got [${target.shape.join(', ')}]`);
  if (spikes.shape[0] !== target.shape[0]) {
    throw new ShapeError(`${who}: spikes have ${spikes.shape[0]} bins but kinematics have ${target.shape[0]}; they are misaligned — bin both with the same bin size and range`);
  }
}
