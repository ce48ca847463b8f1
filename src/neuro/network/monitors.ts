import { ValueError } from '../../core/errors.js';
import type { SpikeEvents } from '../coding/spikes.js';
import type { SpikeSource } from './sources.js';
import type { NeuronLayer } from '../neurons/layer.js';
import type { NeuronState } from '../neurons/model.js';

/**
 * Records every spike of a source as (time, index) events, appended to typed arrays that double
 * when full (amortised O(1) per spike, no per-spike objects for the garbage collector).
 * @example const mon = net.addMonitor(new SpikeMonitor(exc)); net.run(1000); mon.events().times.length;
 */
export class SpikeMonitor {
  private t = new Float64Array(1024);
  private i = new Int32Array(1024);
  private n = 0;
  private duration = 0;
  constructor(readonly source: SpikeSource) {}

  /** Records the step starting at `t` (ms) by scanning the source's `spikes`; `count` > 0 says there is something to find. */
  record(t: number, dt: number, count: number): void {
    this.duration = t + dt;
    if (count === 0) return;
    const s = this.source.spikes;
    this.reserve(count);
    for (let k = 0; k < s.length; k++) if (s[k]) { this.t[this.n] = t; this.i[this.n++] = k; }
  }

  /** Records the step starting at `t` (ms) from a list of the `count` neurons that fired (no scan). */
  recordFired(t: number, dt: number, fired: Int32Array, count: number): void {
    this.duration = t + dt;
    if (count === 0) return;
    this.reserve(count);
    const times = this.t, idx = this.i;
    let n = this.n;
    for (let k = 0; k < count; k++) { times[n] = t; idx[n++] = fired[k]; }
    this.n = n;
  }

  private reserve(extra: number): void {
    if (this.n + extra <= this.t.length) return;
    const size = Math.max(2 * this.t.length, this.n + extra);
    const t = new Float64Array(size), i = new Int32Array(size);
    t.set(this.t.subarray(0, this.n)); i.set(this.i.subarray(0, this.n));
    this.t = t; this.i = i;
  }

  /** Total spikes recorded. */
  get count(): number { return this.n; }

  /** Copies of the recorded events. */
  events(): SpikeEvents {
    return { times: this.t.slice(0, this.n), indices: this.i.slice(0, this.n), n: this.source.n, duration: this.duration };
  }

  /** Forgets the recorded spikes (a long run drains its monitors) and gives the memory back. */
  clear(): void { this.t = new Float64Array(1024); this.i = new Int32Array(1024); this.n = 0; this.duration = 0; }
}

/**
 * Samples one state variable of chosen neurons every `every` steps (membrane traces).
 * @example new StateMonitor(layer, 'v', [0, 1, 2]);
 */
export class StateMonitor {
  readonly times: number[] = [];
  /** values[k] is the trace of neuron indices[k]. */
  readonly values: number[][];
  private counter = 0;
  constructor(readonly layer: NeuronLayer<object, NeuronState>, readonly variable: string, readonly indices: number[], readonly every = 1) {
    const arr = layer.state[variable];
    if (!arr) throw new ValueError(`StateMonitor: '${layer.model.name}' has no state variable '${variable}'; available: ${Object.keys(layer.state).join(', ')}`);
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= layer.n) throw new ValueError(`StateMonitor: index ${i} is outside [0, ${layer.n - 1}]`);
    this.values = indices.map(() => []);
  }

  record(t: number): void {
    if (this.counter++ % this.every !== 0) return;
    const arr = this.layer.state[this.variable];
    this.times.push(t);
    for (let k = 0; k < this.indices.length; k++) this.values[k].push(arr[this.indices[k]]);
  }
}

/**
 * Population rate (Hz per neuron) in bins of `binMs`.
 * @example new RateMonitor(exc, 5).rates;
 */
export class RateMonitor {
  readonly rates: number[] = [];
  private acc = 0;
  private accTime = 0;
  constructor(readonly source: SpikeSource, readonly binMs: number) {
    if (!(binMs > 0)) throw new ValueError(`RateMonitor: binMs must be > 0 ms, got ${binMs}`);
  }

  record(_t: number, dt: number, count: number): void {
    this.acc += count; this.accTime += dt;
    if (this.accTime >= this.binMs - 1e-9) {
      this.rates.push((this.acc * 1000) / (this.accTime * this.source.n));
      this.acc = 0; this.accTime = 0;
    }
  }
}
