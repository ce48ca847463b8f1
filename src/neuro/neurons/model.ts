/**
 * The contract every neuron model meets (Norse-style split): parameters and state are plain
 * records of numbers and typed arrays, `step` is a pure update of the state arrays for one time
 * step, and the thin `NeuronLayer` only owns the arrays and loops over time.
 */

/** A population's state: one typed array per variable, indexed by neuron. `v` is the membrane potential (mV). */
export interface NeuronState {
  v: Float64Array;
  [name: string]: Float64Array | Int32Array | Uint8Array;
}

/** Per-step input to a population: one value per neuron, or null for none. Units are the model's (see its doc). */
export type NeuronInput = ArrayLike<number> | null;

export interface NeuronModel<P extends object, S extends NeuronState> {
  /** Short name used in error messages and reports (`lif`, `izhikevich`, ...). */
  readonly name: string;
  /** The paper's parameter values; layers fill missing fields from here. */
  readonly defaults: Readonly<P>;
  /** State variables that synaptic projections may add to (`iE`, `gE`, ...), with their units. */
  readonly synapticTargets: Readonly<Record<string, string>>;
  /** Throws ValueError naming the parameter and its allowed range. Call once before stepping. */
  validate(params: P, dt: number): void;
  /** Fresh state for `n` neurons at rest. */
  init(n: number, params: P): S;
  /**
   * Advances every neuron by `dt` ms, mutating `state`; writes 1 into `spikes[i]` for each neuron
   * that fired during the step (0 otherwise) and returns `spikes`.
   */
  step(params: P, state: S, input: NeuronInput, dt: number, spikes: Uint8Array): Uint8Array;
  /**
   * Optional: the update of `step` that writes the indices of the neurons that fired, ascending,
   * into `fired` (when given) and returns how many, in the same pass over the neurons. It sets
   * `spikes[i] = 1` for those neurons only and leaves the other entries as they are, so the caller
   * clears the previous step's spikes from its list. Event-driven simulators use it to touch only
   * what spiked; without it they step and then scan.
   */
  stepEvents?(params: P, state: S, input: NeuronInput, dt: number, spikes: Uint8Array, fired: Int32Array | null): number;
}

/** Merges user parameters over a model's defaults, keeping the defaults' field names only. */
export function withDefaults<P extends object>(defaults: Readonly<P>, params: Partial<P> = {}): P {
  return { ...defaults, ...params } as P;
}
