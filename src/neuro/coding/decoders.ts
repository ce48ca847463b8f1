import { ValueError } from '../../core/errors.js';
import { requirePositive } from '../validate.js';
import type { SpikeEvents } from './spikes.js';

/**
 * Spike count per neuron (rate decoding).
 * @example spikeCounts(events); // Int32Array(n)
 */
export function spikeCounts(e: SpikeEvents): Int32Array {
  const c = new Int32Array(e.n);
  for (let k = 0; k < e.indices.length; k++) c[e.indices[k]]++;
  return c;
}

/** Mean firing rate per neuron in Hz over the observation window. */
export function firingRates(e: SpikeEvents): Float64Array {
  const c = spikeCounts(e);
  const r = new Float64Array(e.n);
  for (let i = 0; i < e.n; i++) r[i] = (c[i] * 1000) / e.duration;
  return r;
}

/** Mean rate over the whole population (Hz). */
export function meanRate(e: SpikeEvents): number {
  return (e.times.length * 1000) / (e.n * e.duration);
}

/**
 * First spike time of each neuron (ms), Infinity for silent neurons (latency decoding).
 * @example firstSpikeTimes(latencyEncode([1, 0.5], { tMax: 10 })); // [0, 5]
 */
export function firstSpikeTimes(e: SpikeEvents): Float64Array {
  const t = new Float64Array(e.n).fill(Infinity);
  for (let k = 0; k < e.times.length; k++) {
    const i = e.indices[k];
    if (e.times[k] < t[i]) t[i] = e.times[k];
  }
  return t;
}

/**
 * Population rate: spikes per neuron per second in consecutive bins of `binMs` (Hz), the
 * quantity plotted under rasters (Brette et al. 2007, Fig. 3).
 * @example populationRate(events, 5); // Float64Array(ceil(duration / 5))
 */
export function populationRate(e: SpikeEvents, binMs: number): Float64Array {
  requirePositive('populationRate', 'binMs', binMs, 'ms');
  const bins = Math.max(1, Math.ceil(e.duration / binMs - 1e-9));
  const r = new Float64Array(bins);
  for (let k = 0; k < e.times.length; k++) r[Math.min(bins - 1, Math.floor(e.times[k] / binMs))]++;
  const scale = 1000 / (binMs * e.n);
  for (let b = 0; b < bins; b++) r[b] *= scale;
  return r;
}

/**
 * Coefficient of variation of the inter-spike intervals of each neuron (NaN with < 3 spikes):
 * about 1 for Poisson firing, about 0 for clock-like firing.
 */
export function isiCV(e: SpikeEvents): Float64Array {
  const last = new Float64Array(e.n).fill(NaN);
  const s1 = new Float64Array(e.n), s2 = new Float64Array(e.n), cnt = new Int32Array(e.n);
  for (let k = 0; k < e.times.length; k++) {
    const i = e.indices[k], t = e.times[k];
    if (!Number.isNaN(last[i])) { const d = t - last[i]; s1[i] += d; s2[i] += d * d; cnt[i]++; }
    last[i] = t;
  }
  const cv = new Float64Array(e.n);
  for (let i = 0; i < e.n; i++) {
    if (cnt[i] < 2) { cv[i] = NaN; continue; }
    const m = s1[i] / cnt[i];
    cv[i] = Math.sqrt(Math.max(0, s2[i] / cnt[i] - m * m)) / m;
  }
  return cv;
}

/**
 * Decodes a class from per-class spike counts (the most active output wins; ties go to the lowest index).
 * @example argmaxCount(Int32Array.of(1, 5, 2)); // 1
 */
export function argmaxCount(counts: ArrayLike<number>): number {
  if (counts.length === 0) throw new ValueError('argmaxCount: empty counts');
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[best]) best = i;
  return best;
}
