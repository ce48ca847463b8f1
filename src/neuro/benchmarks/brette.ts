import { NeuronLayer } from '../neurons/layer.js';
import { lif, type LifParams } from '../neurons/lif.js';
import { lifCond, type LifCondParams } from '../neurons/lif-cond.js';
import { Network } from '../network/network.js';
import { fixedProbability } from '../network/connectivity.js';
import { SpikeMonitor } from '../network/monitors.js';
import { ValueError } from '../../core/errors.js';
import { requireInRange, requirePositiveInt } from '../validate.js';

export type BretteKind = 'cuba' | 'coba';

export interface BretteOptions {
  /** Total neurons (80% excitatory); the benchmark uses 4000. */
  n?: number;
  /** Connection probability; the benchmark uses 0.02. */
  p?: number;
  /** Time step (ms); the benchmark uses 0.1. */
  dt?: number;
  seed?: number;
}

/** Brette et al. 2007, Benchmark 2 (CUBA): τm 20, τe 5, τi 10 ms; Vt −50, Vr −60, El −49 mV; refractory 5 ms. */
export const CUBA_NEURON: Partial<LifParams> = { tauM: 20, tauSynE: 5, tauSynI: 10, vThresh: -50, vReset: -60, vRest: -49, tRef: 5 };
/** CUBA weights (mV): 0.27·60/10 = 1.62 excitatory and −20·4.5/10 = −9 inhibitory, as in the Brian2 example. */
export const CUBA_WEIGHTS = { we: 1.62, wi: -9 };
/** Brette et al. 2007, Benchmark 1 (COBA): C 200 pF, gL 10 nS, El −60, Vt −50, Vr −60, Ee 0, Ei −80 mV, τe 5, τi 10 ms. */
export const COBA_NEURON: Partial<LifCondParams> = { cM: 200, gL: 10, vRest: -60, vReset: -60, vThresh: -50, tRef: 5, eE: 0, eI: -80, tauE: 5, tauI: 10, method: 'euler' };
/** COBA weights (nS): 6 excitatory, 67 inhibitory. */
export const COBA_WEIGHTS = { we: 6, wi: 67 };

export interface BretteNetwork {
  net: Network;
  exc: NeuronLayer<object, never>;
  inh: NeuronLayer<object, never>;
  excMonitor: SpikeMonitor;
  inhMonitor: SpikeMonitor;
  synapses: number;
}

/**
 * Builds the Brette et al. 2007 random network (80% excitatory, 20% inhibitory, connection
 * probability 2%), initialised as in the Brian2 examples: V uniform in [Vr, Vt]; for COBA the
 * conductances start at gE ~ (N(4, 1.5²))·10 nS and gI ~ (N(20, 12²))·10 nS so that activity
 * self-sustains without external input.
 * @example const { net, excMonitor } = buildBrette('cuba', { seed: 1 }); net.run(1000);
 */
export function buildBrette(kind: BretteKind, opts: BretteOptions = {}): BretteNetwork {
  if (kind !== 'cuba' && kind !== 'coba') throw new ValueError(`buildBrette: kind must be 'cuba' or 'coba', got '${String(kind)}'`);
  const n = opts.n ?? 4000, p = opts.p ?? 0.02, dt = opts.dt ?? 0.1;
  requirePositiveInt('buildBrette', 'n', n);
  requireInRange('buildBrette', 'p', p, 0, 1);
  const nE = Math.round(n * 0.8), nI = n - nE;
  if (nE === 0 || nI === 0) throw new ValueError(`buildBrette: n = ${n} leaves an empty population; use n >= 5`);
  const net = new Network(dt, opts.seed ?? 0);
  const g = net.generator;
  // Cast through the common layer type: both models expose v and their synaptic variables.
  const make = (name: string, size: number) => (kind === 'cuba'
    ? net.addPopulation(name, new NeuronLayer(lif, size, CUBA_NEURON, dt))
    : net.addPopulation(name, new NeuronLayer(lifCond, size, COBA_NEURON, dt))) as unknown as NeuronLayer<object, never>;
  const exc = make('exc', nE), inh = make('inh', nI);
  const vr = kind === 'cuba' ? CUBA_NEURON.vReset! : COBA_NEURON.vReset!, vt = kind === 'cuba' ? CUBA_NEURON.vThresh! : COBA_NEURON.vThresh!;
  for (const layer of [exc, inh]) {
    const st = layer.state as unknown as Record<string, Float64Array>;
    for (let i = 0; i < layer.n; i++) st.v[i] = vr + g.uniform() * (vt - vr);
    if (kind === 'coba') for (let i = 0; i < layer.n; i++) { st.gE[i] = (g.normal() * 1.5 + 4) * 10; st.gI[i] = (g.normal() * 12 + 20) * 10; }
  }
  const w = kind === 'cuba' ? CUBA_WEIGHTS : COBA_WEIGHTS;
  const tE = kind === 'cuba' ? 'iE' : 'gE', tI = kind === 'cuba' ? 'iI' : 'gI';
  let synapses = 0;
  for (const post of [exc, inh]) {
    synapses += net.connect(exc, post, fixedProbability(nE, post.n, p, g), { weight: w.we, target: tE }).nSynapses;
    synapses += net.connect(inh, post, fixedProbability(nI, post.n, p, g), { weight: w.wi, target: tI }).nSynapses;
  }
  const excMonitor = net.addMonitor(new SpikeMonitor(exc));
  const inhMonitor = net.addMonitor(new SpikeMonitor(inh));
  return { net, exc, inh, excMonitor, inhMonitor, synapses };
}
