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
    this.inputBuf = new Float64Array(n);
  }

  /** Membrane potentials in mV (a live view of the state). */
  get v(): Float64Array { return this.state.v; }

  /** Advances one step with `input` (a number is given to every neuron; units are the model's). */
  step(input: ArrayLike<number> | number | null = null): Uint8Array {
    let inp: ArrayLike<number> | null;
    if (typeof input === 'number') { this.inputBuf.fill(input); inp = this.inputBuf; }
    else {
      if (input) requireLength(this.model.name, 'input', input, this.n);
      inp = input;
    }
    this.model.step(this.params, this.state, inp, this.dt, this.spikes);
    this.t += this.dt;
    return this.spikes;
  }

  /** Back to the resting state at t = 0. */
  reset(): void {
    this.state = this.model.init(this.n, this.params);
    this.spikes.fill(0);
    this.t = 0;
  }
}
