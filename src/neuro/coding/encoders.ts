import type { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { requirePositive, requireNonNegative, requirePositiveInt } from '../validate.js';
import type { Raster, SpikeEvents } from './spikes.js';

/**
 * One clock-driven Poisson step: neuron i spikes with probability rate_i · dt (Bernoulli per step,
 * the standard discretisation of a Poisson process; Dayan & Abbott 2001, §1.4). Rates in Hz, dt in ms.
 * Writes 0/1 into `out` and returns the number of spikes.
 *
 * @example
 * const out = new Uint8Array(3);
 * poissonStep(Float64Array.of(10, 100, 0), 1, new Generator(0), out);
 */
export function poissonStep(ratesHz: ArrayLike<number>, dt: number, gen: Generator, out: Uint8Array): number {
  const k = dt / 1000;
  let count = 0;
  for (let i = 0; i < ratesHz.length; i++) {
    const p = ratesHz[i] * k;
    const s = p > 0 && gen.uniform() < p ? 1 : 0;
    out[i] = s; count += s;
  }
  return count;
}

function checkRates(where: string, rates: ArrayLike<number>, dt?: number): void {
  for (let i = 0; i < rates.length; i++) {
    const r = rates[i];
    if (!(r >= 0) || !Number.isFinite(r)) throw new ValueError(`${where}: rates[${i}] = ${r}; rates must be finite and >= 0 Hz`);
    if (dt !== undefined && r * dt / 1000 > 1) throw new ValueError(`${where}: rates[${i}] = ${r} Hz gives a spike probability ${r * dt / 1000} > 1 per step of ${dt} ms; use a smaller dt (<= ${1000 / r} ms)`);
  }
}

/**
 * Rate coding over `steps` steps: a dense Poisson (Bernoulli) raster from rates in Hz.
 * @example rateEncode([20, 50], 1000, 1, new Generator(1)); // ~20 and ~50 spikes
 */
export function rateEncode(ratesHz: ArrayLike<number>, steps: number, dt: number, gen: Generator): Raster {
  requirePositiveInt('rateEncode', 'steps', steps);
  requirePositive('rateEncode', 'dt', dt, 'ms');
  checkRates('rateEncode', ratesHz, dt);
  const n = ratesHz.length;
  const data = new Uint8Array(steps * n);
  for (let s = 0; s < steps; s++) poissonStep(ratesHz, dt, gen, data.subarray(s * n, (s + 1) * n));
  return { data, steps, n, dt };
}

/**
 * Event-driven Poisson spike trains: exponential inter-spike intervals with mean 1/rate, so the
 * cost is proportional to the number of spikes, not of time steps (Dayan & Abbott 2001, §1.4).
 * @example poissonEvents([5, 40], 2000, new Generator(3)).times.length; // about 90
 */
export function poissonEvents(ratesHz: ArrayLike<number>, duration: number, gen: Generator): SpikeEvents {
  requirePositive('poissonEvents', 'duration', duration, 'ms');
  checkRates('poissonEvents', ratesHz);
  const t: number[] = [], idx: number[] = [];
  for (let i = 0; i < ratesHz.length; i++) {
    const rate = ratesHz[i] / 1000; // per ms
    if (rate <= 0) continue;
    for (let time = gen.exponential(rate); time < duration; time += gen.exponential(rate)) { t.push(time); idx.push(i); }
  }
  return sortEvents(t, idx, ratesHz.length, duration);
}

/** Builds time-sorted SpikeEvents from unsorted parallel lists. */
export function sortEvents(t: number[], idx: number[], n: number, duration: number): SpikeEvents {
  const order = t.map((_, k) => k).sort((a, b) => t[a] - t[b] || idx[a] - idx[b]);
  const times = new Float64Array(order.length), indices = new Int32Array(order.length);
  order.forEach((k, j) => { times[j] = t[k]; indices[j] = idx[k]; });
  return { times, indices, n, duration };
}

export interface LatencyOptions {
  /** Latest spike time (ms) within the window; stimulus 1 fires at 0. */
  tMax: number;
  /** 'linear': t = tMax(1 − x). 'rc': the first-passage time of an RC membrane, t = τ ln(x / (x − θ)). */
  mode?: 'linear' | 'rc';
  /** Membrane time constant for 'rc' mode (ms). */
  tau?: number;
  /** Inputs at or below this value never fire (normalised threshold θ for 'rc'). */
  threshold?: number;
}

/**
 * Latency (time-to-first-spike) coding: each input in [0, 1] fires once, stronger inputs earlier
 * (Thorpe et al. 2001; the RC form is the charging time of an LIF neuron, as in snnTorch's `latency`).
 * Inputs at or below `threshold` stay silent.
 * @example latencyEncode([1, 0.5, 0], { tMax: 10 }).times; // [0, 5]
 */
export function latencyEncode(values: ArrayLike<number>, opts: LatencyOptions): SpikeEvents {
  requirePositive('latencyEncode', 'tMax', opts.tMax, 'ms');
  const mode = opts.mode ?? 'linear';
  const theta = opts.threshold ?? (mode === 'rc' ? 0.01 : 0);
  const tau = opts.tau ?? opts.tMax / 5;
  requirePositive('latencyEncode', 'tau', tau, 'ms');
  requireNonNegative('latencyEncode', 'threshold', theta);
  const t: number[] = [], idx: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= 0 && x <= 1)) throw new ValueError(`latencyEncode: values[${i}] = ${x}; values must be in [0, 1] (normalise first)`);
    if (x <= theta) continue;
    // RC: the membrane charging towards x crosses θ at τ ln(x/(x−θ)); clipped to the window.
    const time = mode === 'linear' ? opts.tMax * (1 - x) : Math.min(opts.tMax, tau * Math.log(x / (x - theta)));
    t.push(time); idx.push(i);
  }
  return sortEvents(t, idx, values.length, opts.tMax + 1e-9);
}

/**
 * Delta modulation: a channel emits an 'up' (or 'down') spike whenever its signal has risen (or
 * fallen) by more than `threshold` since its last spike, as event cameras and the silicon retina do
 * (Lichtsteiner et al. 2008). `signal` is time-major, `steps × n`, sampled every `dt` ms.
 * @example deltaEncode(Float64Array.of(0, 1, 3), 1, 1, 1).up.times; // [1, 2]
 */
export function deltaEncode(signal: ArrayLike<number>, n: number, dt: number, threshold: number): { up: SpikeEvents; down: SpikeEvents } {
  requirePositiveInt('deltaEncode', 'n', n);
  requirePositive('deltaEncode', 'threshold', threshold);
  requirePositive('deltaEncode', 'dt', dt, 'ms');
  if (signal.length % n !== 0) throw new ValueError(`deltaEncode: signal length ${signal.length} is not a multiple of n = ${n} channels`);
  const steps = signal.length / n;
  const ref = new Float64Array(n);
  for (let i = 0; i < n; i++) ref[i] = signal[i];
  const ut: number[] = [], ui: number[] = [], dtm: number[] = [], di: number[] = [];
  for (let s = 1; s < steps; s++) {
    for (let i = 0; i < n; i++) {
      const x = signal[s * n + i];
      if (x - ref[i] >= threshold) { ut.push(s * dt); ui.push(i); ref[i] = x; }
      else if (ref[i] - x >= threshold) { dtm.push(s * dt); di.push(i); ref[i] = x; }
    }
  }
  const duration = steps * dt;
  return { up: sortEvents(ut, ui, n, duration), down: sortEvents(dtm, di, n, duration) };
}
