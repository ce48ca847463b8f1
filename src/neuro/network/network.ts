import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { requirePositive } from '../validate.js';
import type { NeuronLayer } from '../neurons/layer.js';
import type { NeuronState } from '../neurons/model.js';
import { PoissonGroup, type SpikeSource } from './sources.js';
import { Projection, type ProjectionOptions } from './projection.js';
import type { Connectivity } from './connectivity.js';
import { SpikeMonitor, StateMonitor, RateMonitor } from './monitors.js';

type Layer = NeuronLayer<object, NeuronState>;
type Monitor = SpikeMonitor | StateMonitor | RateMonitor;

export interface RunStats {
  /** Simulated time (ms). */
  duration: number;
  steps: number;
  /** Spikes emitted by each population and source, by name. */
  spikes: Record<string, number>;
  /** Synaptic events delivered (event-driven) or spikes × fan-out (clock-driven: the same number). */
  synapticEvents: number;
  /** Multiply-accumulates performed by clock-driven propagation (0 in event mode). */
  macs: number;
  /** Wall-clock time of the simulation loop (s). */
  wallSeconds: number;
}

/**
 * A spiking network: neuron populations (NeuronLayer), Poisson sources, projections and monitors,
 * advanced on one clock of `dt` ms. Each step: deliver delayed inputs, draw source spikes, update
 * every population with its bias current, then propagate this step's spikes (they act from the
 * next step on, as in Brian2's default schedule). Propagation is event-driven (only synapses of
 * neurons that fired) or clock-driven (every synapse as a dense multiply-accumulate).
 *
 * @example
 * const net = new Network(0.1, 42);
 * const pop = net.addPopulation('exc', new NeuronLayer(lif, 100, {}, 0.1));
 * net.connect(pop, pop, fixedProbability(100, 100, 0.1, net.generator), { weight: 0.5, target: 'iE' });
 * const stats = net.run(1000);
 */
export class Network {
  readonly generator: Generator;
  readonly populations: { name: string; layer: Layer; bias: Float64Array | null; spikeList: Int32Array; count: number }[] = [];
  readonly sources: { src: PoissonGroup; spikeList: Int32Array; count: number }[] = [];
  readonly projections: Projection[] = [];
  private readonly monitors: Monitor[] = [];
  private readonly targets = new Map<Projection, Float64Array>();
  t = 0;

  constructor(readonly dt: number, seed = 0) {
    requirePositive('Network', 'dt', dt, 'ms');
    this.generator = new Generator(seed);
  }

  /** Adds a population; its layer's dt must equal the network's. `bias` is a constant per-neuron input. */
  addPopulation<L extends Layer>(name: string, layer: L, bias?: ArrayLike<number>): L {
    if (Math.abs(layer.dt - this.dt) > 1e-12) throw new ValueError(`Network: population '${name}' has dt = ${layer.dt} ms but the network steps with dt = ${this.dt} ms; build the layer with the network's dt`);
    if (this.findSource(name)) throw new ValueError(`Network: a population or source named '${name}' already exists`);
    if (bias && bias.length !== layer.n) throw new ValueError(`Network: bias for '${name}' has length ${bias.length}, expected ${layer.n}`);
    // The layer lists its spiking neurons itself; the network reads that list.
    this.populations.push({ name, layer, bias: bias ? Float64Array.from(bias) : null, spikeList: layer.fired, count: 0 });
    layer.name = name;
    return layer;
  }

  addSource(src: PoissonGroup): PoissonGroup {
    if (this.findSource(src.name)) throw new ValueError(`Network: a population or source named '${src.name}' already exists`);
    this.sources.push({ src, spikeList: new Int32Array(src.n), count: 0 });
    return src;
  }

  /** Connects a source or population to a population. */
  connect(pre: SpikeSource, post: Layer, conn: Connectivity, opts: ProjectionOptions): Projection {
    if (!this.findSource(pre.name)) throw new ValueError(`Network.connect: '${pre.name}' is not part of this network; add it first`);
    const proj = new Projection(pre, post, conn, opts);
    proj.prepare(this.dt);
    this.projections.push(proj);
    this.targets.set(proj, post.state[opts.target] as Float64Array);
    return proj;
  }

  addMonitor<M extends Monitor>(m: M): M { this.monitors.push(m); return m; }

  private findSource(name: string): { spikeList: Int32Array; count: number } | undefined {
    return this.populations.find((p) => p.name === name) ?? this.sources.find((s) => s.src.name === name);
  }

  /**
   * Runs for `duration` ms and returns counts and timing of this run. Everything a step touches is
   * resolved before the loop (no lookups, closures or allocation per step), and each population is
   * advanced in one pass that also lists its spiking neurons; propagation and spike monitors then
   * work from those lists, so their cost follows the spikes, not the neurons.
   */
  run(duration: number, opts: { mode?: 'event' | 'clock' } = {}): RunStats {
    requirePositive('Network.run', 'duration', duration, 'ms');
    const mode = opts.mode ?? 'event';
    if (mode !== 'event' && mode !== 'clock') throw new ValueError(`Network.run: mode must be 'event' or 'clock', got '${String(mode)}'`);
    const event = mode === 'event';
    const steps = Math.round(duration / this.dt), dt = this.dt;
    const { populations, sources, generator } = this;
    const srcTotals = new Float64Array(sources.length), popTotals = new Float64Array(populations.length);
    let synapticEvents = 0, macs = 0;
    const projs = this.projections.map((p) => ({ proj: p, target: this.targets.get(p)!, pre: this.findSource(p.pre.name)! }));
    const delayed = projs.filter((b) => b.proj.delay > 0);
    // A monitor of something outside the network sees no spikes, as before.
    const none = { spikeList: new Int32Array(0), count: 0 };
    const emitter = (src: SpikeSource) => this.findSource(src.name) ?? none;
    const spikeMonitors = this.monitors.filter((m): m is SpikeMonitor => m instanceof SpikeMonitor).map((m) => ({ m, from: emitter(m.source) }));
    const rateMonitors = this.monitors.filter((m): m is RateMonitor => m instanceof RateMonitor).map((m) => ({ m, from: emitter(m.source) }));
    const stateMonitors = this.monitors.filter((m): m is StateMonitor => m instanceof StateMonitor);
    const t0 = performance.now();
    for (let k = 0; k < steps; k++) {
      const t = this.t;
      for (let q = 0; q < delayed.length; q++) delayed[q].proj.deliver(delayed[q].target);
      for (let q = 0; q < sources.length; q++) {
        const s = sources[q];
        s.count = s.src.step(t, dt, generator, mode);
        if (s.count) collect(s.src.spikes, s.spikeList);
        srcTotals[q] += s.count;
      }
      for (let q = 0; q < populations.length; q++) {
        const p = populations[q];
        p.count = p.layer.stepEvents(p.bias);
        popTotals[q] += p.count;
      }
      for (let q = 0; q < projs.length; q++) {
        const { proj, target, pre } = projs[q];
        if (event) { if (pre.count) synapticEvents += proj.propagateEvents(target, pre.spikeList, pre.count); }
        else {
          macs += proj.propagateDense(target);
          synapticEvents += fanOutEvents(proj, pre.spikeList, pre.count);
        }
      }
      for (let q = 0; q < spikeMonitors.length; q++) { const { m, from } = spikeMonitors[q]; m.recordFired(t, dt, from.spikeList, from.count); }
      for (let q = 0; q < rateMonitors.length; q++) rateMonitors[q].m.record(t, dt, rateMonitors[q].from.count);
      for (let q = 0; q < stateMonitors.length; q++) stateMonitors[q].record(t + dt);
      this.t = t + dt;
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const spikes: Record<string, number> = {};
    populations.forEach((p, q) => { spikes[p.name] = popTotals[q]; });
    sources.forEach((s, q) => { spikes[s.src.name] = srcTotals[q]; });
    return { duration: steps * dt, steps, spikes, synapticEvents, macs, wallSeconds };
  }
}

/** Writes the indices of spiking neurons into `list`; returns how many. */
function collect(spikes: Uint8Array, list: Int32Array): number {
  let c = 0;
  for (let i = 0; i < spikes.length; i++) if (spikes[i]) list[c++] = i;
  return c;
}

function fanOutEvents(proj: Projection, list: Int32Array, count: number): number {
  let e = 0;
  for (let k = 0; k < count; k++) e += proj.conn.rowPtr[list[k] + 1] - proj.conn.rowPtr[list[k]];
  return e;
}
