import { ValueError } from '../../core/errors.js';
import { requireNonNegative } from '../validate.js';
import type { NeuronLayer } from '../neurons/layer.js';
import type { NeuronState } from '../neurons/model.js';
import { DelayLine } from '../synapses/delay.js';
import { type Connectivity, validateConnectivity, synapseCount } from './connectivity.js';
import type { SpikeSource } from './sources.js';

export interface ProjectionOptions {
  /** One weight for every synapse, or one per synapse in CSR order (units of the target variable). */
  weight: number | Float64Array;
  /** State variable of the postsynaptic model that spikes add to (`iE`, `gI`, ...). */
  target: string;
  /** Transmission delay beyond the minimal one step (ms); rounded to whole steps. */
  delay?: number;
}

/**
 * Synapses from a source to a postsynaptic population: a spike of pre neuron j adds w_s to the
 * target variable of each of its postsynaptic neurons, after the delay.
 * @example new Projection(exc, all, fixedProbability(3200, 4000, 0.02, gen), { weight: 1.62, target: 'iE' });
 */
export class Projection {
  readonly weights: Float64Array;
  readonly nSynapses: number;
  readonly delay: number;
  private line: DelayLine | null = null;
  private delaySteps = 0;

  constructor(readonly pre: SpikeSource, readonly post: NeuronLayer<object, NeuronState>, readonly conn: Connectivity, opts: ProjectionOptions) {
    const where = `Projection ${pre.name} → ${post.model.name}`;
    validateConnectivity(where, conn, pre.n, post.n);
    if (!(opts.target in post.model.synapticTargets)) {
      const allowed = Object.keys(post.model.synapticTargets);
      throw new ValueError(`${where}: target '${opts.target}' is not a synaptic variable of '${post.model.name}'; use one of: ${allowed.length ? allowed.join(', ') : '(none: this model takes input current only)'}`);
    }
    this.nSynapses = synapseCount(conn);
    if (typeof opts.weight === 'number') this.weights = new Float64Array(this.nSynapses).fill(opts.weight);
    else {
      if (opts.weight.length !== this.nSynapses) throw new ValueError(`${where}: ${opts.weight.length} weights for ${this.nSynapses} synapses`);
      this.weights = opts.weight;
    }
    this.delay = opts.delay ?? 0;
    requireNonNegative(where, 'delay', this.delay, 'ms');
  }

  /** Called by the network once dt is known. */
  prepare(dt: number): void {
    this.delaySteps = Math.round(this.delay / dt);
    this.line = this.delaySteps > 0 ? new DelayLine(this.post.n, this.delaySteps) : null;
  }


  /** Moves inputs whose delay has elapsed into the target variable (start of a step). */
  deliver(target: Float64Array): void {
    if (this.line) this.line.deliver(target);
  }

  /**
   * Event-driven propagation: only the synapses of neurons that spiked are touched.
   * Returns the number of synaptic events.
   */
  propagateEvents(target: Float64Array, spikingPre: Int32Array, count: number): number {
    const { rowPtr, post } = this.conn;
    const w = this.weights;
    const dest = this.line ? this.line.slot(this.delaySteps) : target;
    let events = 0;
    for (let k = 0; k < count; k++) {
      const j = spikingPre[k];
      const end = rowPtr[j + 1];
      for (let s = rowPtr[j]; s < end; s++) dest[post[s]] += w[s];
      events += end - rowPtr[j];
    }
    return events;
  }

  /**
   * Clock-driven propagation: every synapse is visited every step as a multiply-accumulate
   * w·spike, the way a dense matrix-vector product treats it. Returns the MAC count.
   */
  propagateDense(target: Float64Array): number {
    const { rowPtr, post } = this.conn;
    const w = this.weights, spikes = this.pre.spikes;
    const dest = this.line ? this.line.slot(this.delaySteps) : target;
    for (let j = 0; j < this.conn.nPre; j++) {
      const x = spikes[j];
      for (let s = rowPtr[j], end = rowPtr[j + 1]; s < end; s++) dest[post[s]] += w[s] * x;
    }
    return this.nSynapses;
  }
}
