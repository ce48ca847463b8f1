import type { NeuronModel, NeuronState } from './model.js';
import { withDefaults } from './model.js';
import { requirePositiveInt, requireLength } from '../validate.js';

/**
 * A population of `n` neurons of one model with its own state: the thin stateful wrapper around a
 * model's pure `step`. It validates parameters once, holds the arrays, and steps through time.
 *
 * @example
 * import { NeuronLayer, lif } from 'neural-alchemy/neuro';
 * const layer = new NeuronLayer(lif, 3, { tauM: 10 }, 0.1);
 * const spikes = layer.step([20, 0, 5]); // Uint8Array of 0/1, one per neuron
 */
export class NeuronLayer<P extends object, S extends NeuronState> {
  readonly params: P;
  state: S;
  /** Spikes of the latest step (0/1 per neuron); overwritten by each `step`. */
  readonly spikes: Uint8Array;
  /** Indices of the neurons that fired in the latest `stepEvents`: the first `firedCount` entries, ascending. */
  readonly fired: Int32Array;
  firedCount = 0;
  /** Whether `fired` lists exactly the 1s in `spikes` (false after a plain `step`). */
  private firedListed = true;
  /** Simulated time in ms. */
  t = 0;
  /** Name in networks, monitors and reports (defaults to the model's name). */
  name: string;
  private readonly inputBuf: Float64Array;

  constructor(readonly model: NeuronModel<P, S>, readonly n: number, params: Partial<P> = {}, readonly dt = 0.1) {
    requirePositiveInt(model.name, 'n', n);
    this.name = model.name;
    this.params = withDefaults(model.defaults, params);
    model.validate(this.params, dt);
    this.state = model.init(n, this.params);
    this.spikes = new Uint8Array(n);
    this.fired = new Int32Array(n);
    this.inputBuf = new Float64Array(n);
  }

  /** Membrane potentials in mV (a live view of the state). */
  get v(): Float64Array { return this.state.v; }

  /** Advances one step with `input` (a number is given to every neuron; units are the model's). */
  step(input: ArrayLike<number> | number | null = null): Uint8Array {
    const inp = this.resolveInput(input);
    this.model.step(this.params, this.state, inp, this.dt, this.spikes);
    this.firedListed = false;
    this.t += this.dt;
    return this.spikes;
  }

  /**
   * Advances one step like `step`, also listing the neurons that fired in `fired`; returns how many.
   * Models with `stepEvents` (lif, lif-cond) do both in one pass; others step and then scan.
   * @example const layer = new NeuronLayer(lif, 3, {}, 0.1); const k = layer.stepEvents([0, 1e4, 0]); // 1, layer.fired[0] = 1
   */
  stepEvents(input: ArrayLike<number> | number | null = null): number {
    const inp = this.resolveInput(input);
    const { spikes, fired } = this;
    let count = 0;
    if (this.model.stepEvents) {
      // Clear the previous step's spikes from their list: a store per spike, not per neuron.
      if (this.firedListed) for (let k = 0; k < this.firedCount; k++) spikes[fired[k]] = 0;
      else spikes.fill(0);
      count = this.model.stepEvents(this.params, this.state, inp, this.dt, spikes, fired);
    } else {
      this.model.step(this.params, this.state, inp, this.dt, spikes);
      for (let i = 0; i < spikes.length; i++) if (spikes[i]) fired[count++] = i;
    }
    this.firedCount = count;
    this.firedListed = true;
    this.t += this.dt;
    return count;
  }

  /** A number becomes a constant input to every neuron; arrays are checked for length. */
  private resolveInput(input: ArrayLike<number> | number | null): ArrayLike<number> | null {
    if (typeof input === 'number') { this.inputBuf.fill(input); return this.inputBuf; }
    if (input) requireLength(this.model.name, 'input', input, this.n);
    return input;
  }

  /** Back to the resting state at t = 0. */
  reset(): void {
    this.state = this.model.init(this.n, this.params);
    this.spikes.fill(0);
    this.firedCount = 0;
    this.firedListed = true;
    this.t = 0;
  }
}
