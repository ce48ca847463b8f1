import type { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { requirePositiveInt } from '../validate.js';

/** Anything that emits spikes each step: a neuron population or an input source. */
export interface SpikeSource {
  readonly name: string;
  readonly n: number;
  /** Spikes of the latest step, 0/1 per neuron. */
  readonly spikes: Uint8Array;
}

/**
 * Independent Poisson spike trains with per-neuron rates (Hz). In 'clock' mode each step draws a
 * Bernoulli(rate·dt) per neuron; in 'event' mode each neuron holds its next spike time, drawn from
 * exponential intervals, so random numbers are drawn only for spikes that happen (one comparison
 * per neuron per step instead of one draw).
 * @example const src = new PoissonGroup('input', new Float64Array(784).fill(10));
 */
export class PoissonGroup implements SpikeSource {
  readonly n: number;
  readonly spikes: Uint8Array;
  readonly rates: Float64Array;
  private next: Float64Array | null = null;

  constructor(readonly name: string, rates: ArrayLike<number>) {
    requirePositiveInt(`PoissonGroup '${name}'`, 'n', rates.length);
    this.n = rates.length;
    this.rates = Float64Array.from(rates);
    for (let i = 0; i < this.n; i++) if (!(this.rates[i] >= 0) || !Number.isFinite(this.rates[i])) throw new ValueError(`PoissonGroup '${name}': rates[${i}] = ${this.rates[i]}; rates must be finite and >= 0 Hz`);
    this.spikes = new Uint8Array(this.n);
  }

  /** Changes the rates (Hz); event-mode spike times are redrawn from now. */
  setRates(rates: ArrayLike<number>): void {
    if (rates.length !== this.n) throw new ValueError(`PoissonGroup '${this.name}': got ${rates.length} rates for ${this.n} neurons`);
    this.rates.set(rates);
    this.next = null;
  }

  /** Fills `spikes` for the step [t, t + dt) (ms); returns the number of spikes. */
  step(t: number, dt: number, gen: Generator, mode: 'clock' | 'event'): number {
    const { spikes, rates, n } = this;
    let count = 0;
    if (mode === 'clock') {
      const k = dt / 1000;
      for (let i = 0; i < n; i++) { const s = rates[i] > 0 && gen.uniform() < rates[i] * k ? 1 : 0; spikes[i] = s; count += s; }
      return count;
    }
    if (this.next === null) {
      this.next = new Float64Array(n);
      for (let i = 0; i < n; i++) this.next[i] = rates[i] > 0 ? t + gen.exponential(rates[i] / 1000) : Infinity;
    }
    const next = this.next, end = t + dt;
    for (let i = 0; i < n; i++) {
      if (next[i] >= end) { spikes[i] = 0; continue; }
      // At most one spike per step is transmitted; further due spikes in the same step are dropped.
      spikes[i] = 1; count++;
      do next[i] += gen.exponential(rates[i] / 1000); while (next[i] < end);
    }
    return count;
  }
}
