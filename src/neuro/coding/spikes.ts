import { ValueError } from '../../core/errors.js';

/**
 * Spikes as events: parallel arrays of times (ms, ascending) and neuron indices, for a population
 * of `n` neurons observed for `duration` ms. The compact form for sparse activity, rasters and decoders.
 */
export interface SpikeEvents {
  readonly times: Float64Array;
  readonly indices: Int32Array;
  readonly n: number;
  readonly duration: number;
}

/**
 * A dense time-major raster: `data[step * n + i]` is 1 when neuron i spiked in that step of `dt` ms.
 * The natural form for clock-driven inputs.
 */
export interface Raster {
  readonly data: Uint8Array;
  readonly steps: number;
  readonly n: number;
  readonly dt: number;
}

/**
 * Converts a dense raster to events (spike time = start of its step).
 * @example eventsFromRaster({ data: Uint8Array.of(0, 1, 1, 0), steps: 2, n: 2, dt: 1 }).times; // [0, 1]
 */
export function eventsFromRaster(r: Raster): SpikeEvents {
  if (r.data.length !== r.steps * r.n) throw new ValueError(`eventsFromRaster: data has ${r.data.length} entries, expected steps·n = ${r.steps}·${r.n} = ${r.steps * r.n}`);
  let count = 0;
  for (let k = 0; k < r.data.length; k++) count += r.data[k] ? 1 : 0;
  const times = new Float64Array(count), indices = new Int32Array(count);
  let j = 0;
  for (let s = 0; s < r.steps; s++) {
    const base = s * r.n;
    for (let i = 0; i < r.n; i++) if (r.data[base + i]) { times[j] = s * r.dt; indices[j++] = i; }
  }
  return { times, indices, n: r.n, duration: r.steps * r.dt };
}

/**
 * Bins events into a dense raster with steps of `dt` ms (several spikes in one bin count once).
 * @example rasterFromEvents(events, 1).data
 */
export function rasterFromEvents(e: SpikeEvents, dt: number): Raster {
  if (!(dt > 0)) throw new ValueError(`rasterFromEvents: dt must be > 0 ms, got ${dt}`);
  const steps = Math.ceil(e.duration / dt - 1e-9);
  const data = new Uint8Array(steps * e.n);
  for (let k = 0; k < e.times.length; k++) {
    const s = Math.min(steps - 1, Math.floor(e.times[k] / dt + 1e-9));
    data[s * e.n + e.indices[k]] = 1;
  }
  return { data, steps, n: e.n, dt };
}
