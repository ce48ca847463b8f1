import type { Figure } from '../types.js';
import type { SpikeEvents } from '../../neuro/coding/spikes.js';
import { populationRate } from '../../neuro/coding/decoders.js';

/** Raster of the first `maxNeurons` neurons (spikes as dots: time × neuron). */
export function rasterFigure(e: SpikeEvents, title: string, maxNeurons = 200, caption?: string): Figure {
  const times: number[] = [], neurons: number[] = [];
  for (let k = 0; k < e.times.length; k++) if (e.indices[k] < maxNeurons) { times.push(e.times[k]); neurons.push(e.indices[k]); }
  return { kind: 'raster', title, times, neurons, numNeurons: Math.min(maxNeurons, e.n), duration: e.duration, timeUnit: 'ms', caption };
}

/** Population rate over time in bins of `binMs`. */
export function populationRateFigure(series: { name: string; events: SpikeEvents }[], binMs: number, title: string): Figure {
  return {
    kind: 'line', title, xLabel: 'time (ms)', yLabel: 'rate (Hz)',
    series: series.map(({ name, events }) => {
      const r = populationRate(events, binMs);
      return { name, x: Array.from(r, (_, b) => (b + 0.5) * binMs), y: Array.from(r) };
    }),
  };
}

/** Membrane traces (mV) sampled every `dt` ms. */
export function traceFigure(traces: { name: string; v: ArrayLike<number> }[], dt: number, title: string, caption?: string): Figure {
  return {
    kind: 'line', title, xLabel: 'time (ms)', yLabel: 'membrane potential (mV)', caption,
    series: traces.map(({ name, v }) => ({ name, x: Array.from(v, (_, k) => k * dt), y: Array.from(v) })),
  };
}

/** Histogram of per-neuron firing rates (Hz). */
export function rateHistogramFigure(rates: ArrayLike<number>, title: string, bins = 20): Figure {
  let max = 0;
  for (let i = 0; i < rates.length; i++) max = Math.max(max, rates[i]);
  const width = max > 0 ? max / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < rates.length; i++) counts[Math.min(bins - 1, Math.floor(rates[i] / width))]++;
  return { kind: 'bar', title, labels: counts.map((_, b) => `${(b * width).toFixed(1)}`), values: counts, yLabel: 'neurons' };
}

/** Receptive fields: the 28×28 input weights of each of the first `max` neurons, from [784][n] presynaptic-major weights. */
export function receptiveFieldFigure(weights: Float64Array, n: number, title: string, max = 100): Figure {
  const images = [];
  for (let i = 0; i < Math.min(n, max); i++) {
    const img = new Float32Array(784);
    for (let j = 0; j < 784; j++) img[j] = weights[j * n + i];
    images.push({ data: img, h: 28, w: 28 });
  }
  return { kind: 'images', title, images, cols: Math.ceil(Math.sqrt(images.length)), colormap: 'gray' };
}
