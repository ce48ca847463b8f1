import type { Generator, GeneratorState } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { requirePositiveInt, requirePositive, requireNonNegative } from '../validate.js';
import { lifCond, lifCondStepEvents, LIF_COND_DEFAULTS, type LifCondParams, type LifCondState } from '../neurons/lif-cond.js';
import { DelayTable, InFlight, SpikeHistory } from './input-delays.js';

export { assignLabels, classifyByAssignment, ResponseTally } from './diehl-cook-labels.js';

/**
 * Constants of Diehl & Cook 2015 ("Unsupervised learning of digit recognition using
 * spike-timing-dependent plasticity"), from the paper and its published Brian code.
 */
export interface DiehlCookConfig {
  nExc: number;
  /** Time step (ms). */
  dt: number;
  /** Presentation time per image (ms). */
  tPresent: number;
  /** Rest after every presentation, input silent (ms): lets v, conductances and traces decay. */
  tRest: number;
  /** Input rate = pixel (0-255) / 8 · intensity Hz; intensity starts at 2 (max 63.75 Hz). */
  intensity: number;
  /** Fewer excitatory spikes than this: raise the intensity by 1 (32 Hz at full pixel) and repeat. */
  minSpikes: number;
  /** Presynaptic (depression) and postsynaptic (potentiation) learning rates. */
  nuPre: number;
  nuPost: number;
  wMax: number;
  tauPre: number;
  tauPost1: number;
  /** Slow postsynaptic trace of the triplet-style potentiation term (ms; from the published code). */
  tauPost2: number;
  /** Sum each excitatory neuron's 784 input weights is normalised to before every presentation. */
  weightSum: number;
  /** Excitatory → inhibitory (one-to-one) and inhibitory → excitatory (all but self) weights. */
  wExcInh: number;
  wInhExc: number;
  /** θ increment per excitatory spike (mV) and θ's decay time constant (ms). */
  thetaPlus: number;
  tauTheta: number;
  /**
   * The published code starts θ at 20 mV and fires at v > θ − offset + vThresh with a 20 mV offset:
   * the threshold starts at −52 mV, and θ's slow decay towards 0 lowers it towards −72 mV.
   */
  thetaInit: number;
  thetaOffset: number;
  /**
   * Membrane integration. 'euler' is the published code's forward Euler: at dt 0.5 ms it is unstable
   * once dt·(gL + ge + gi)/C > 2, i.e. when 24 or more inhibitory neurons fire in the same step; with
   * 400 neurons that happened after ~1,250 images and the oscillation fired every neuron a thousand
   * times (θ +50 mV), silencing the network for good. 'eulerGuarded' (default) is the same forward
   * Euler on every ordinary step and an exponential step where dt·g/C > 1; 'expEuler' is exponential
   * throughout (stable, but an exp per neuron and step: ~50% slower).
   */
  method: 'euler' | 'expEuler' | 'eulerGuarded';
  /**
   * Input → excitatory transmission delays (ms): each synapse draws one uniformly from
   * [0, inputDelayMax) at construction, truncated to whole steps, as the published code's Brian 1
   * `DelayConnection` does (0-10 ms). As Brian 1 does it: a spike's conductance is the weight at
   * emission, delivered after each synapse's delay; STDP sees the spike where it arrives, so
   * depression uses the post trace at arrival (applied once the spike has reached every target) and
   * potentiation the pre trace of the spikes that have arrived. 0 turns delays off.
   */
  inputDelayMax: number;
  /**
   * Conductance decay per step: 'euler' (g·(1 − dt/τ): 0.5 per step for ge, 0.75 for gi) is what the
   * published code gets, since Brian 1 integrates its nonlinear neuron equations, ge and gi included,
   * by forward Euler; 'exact' (g·exp(−dt/τ)) gives each synaptic event 27% more excitatory and 13% more
   * inhibitory charge at dt 0.5 ms.
   */
  synapseDecay: 'euler' | 'exact';
}

export const DIEHL_COOK_DEFAULTS: Readonly<DiehlCookConfig> = Object.freeze({
  nExc: 100, dt: 0.5, tPresent: 350, tRest: 150, intensity: 2, minSpikes: 5, nuPre: 1e-4, nuPost: 1e-2, wMax: 1,
  tauPre: 20, tauPost1: 20, tauPost2: 40, weightSum: 78, wExcInh: 10.4, wInhExc: 17, thetaPlus: 0.05, tauTheta: 1e7,
  thetaInit: 20, thetaOffset: 20, method: 'eulerGuarded', inputDelayMax: 10, synapseDecay: 'exact',
});

/**
 * The rest is stepped in full for its first `REST_STEPPED_MS` (a neuron can still cross threshold
 * while the conductances fade; τge 1 ms, τgi 2 ms), then in closed form: after 30 ms gi is below
 * e^(−15) of its value and no neuron can fire, so v relaxes by the leak alone.
 */
export const REST_STEPPED_MS = 30;

/**
 * Steps of a rest that are simulated step by step: `REST_STEPPED_MS`, or the longest input delay if
 * that is longer (spikes still in flight must land before the rest is finished in closed form).
 * @example diehlCookRestStepped(DIEHL_COOK_DEFAULTS); // 60 of the 300 steps of a 150 ms rest
 */
export function diehlCookRestStepped(c: DiehlCookConfig): number {
  return Math.min(Math.round(c.tRest / c.dt), Math.round(Math.max(REST_STEPPED_MS, c.inputDelayMax) / c.dt));
}

/**
 * A `DiehlCook` between presentations as plain data, for checkpoints (which keep float64 arrays bit
 * for bit): every array that carries state, the counters, the generator of its Poisson inputs and
 * the configuration it was built with.
 */
export interface DiehlCookState {
  format: 'neural-alchemy/diehl-cook';
  version: 1;
  config: DiehlCookConfig;
  scalars: { time: number; step: number; presentations: number; synapticEvents: number; nFired: number; nInhLive: number; inFlightHead: number; inFlightSize: number };
  arrays: Record<string, Float64Array | Int32Array | Uint8Array>;
  generator: GeneratorState;
}

/**
 * Spikes of one presentation, for rasters: input (pixel index) and excitatory (neuron index) spikes
 * with the time step at which each occurred. Only the final attempt of `present` is kept.
 */
export interface DiehlCookRecord {
  inputSteps: number[];
  inputIndices: number[];
  excSteps: number[];
  excIndices: number[];
}

/**
 * Excitatory neurons: rest −65, reset −65, threshold −52 mV − offset + θ, τ 100 ms, refractory 5 ms; Ee 0, Ei −100 mV; τge 1, τgi 2 ms.
 * @example const p = diehlCookExcParams(DIEHL_COOK_DEFAULTS); // p.vThresh === -72 (θ starts at 20 mV)
 */
export function diehlCookExcParams(c: DiehlCookConfig): LifCondParams {
  return { ...LIF_COND_DEFAULTS, cM: 100, gL: 1, vRest: -65, vReset: -65, vThresh: -52 - c.thetaOffset, tRef: 5, eE: 0, eI: -100, tauE: 1, tauI: 2, thetaPlus: c.thetaPlus, tauTheta: c.tauTheta, method: c.method, conductanceDecay: c.synapseDecay };
}
/**
 * Inhibitory neurons: rest −60, reset −45, threshold −40 mV, τ 10 ms, refractory 2 ms; Ee 0, Ei −85 mV.
 * @example const p = diehlCookInhParams(DIEHL_COOK_DEFAULTS); // p.cM / p.gL === 10 ms
 */
export function diehlCookInhParams(c: DiehlCookConfig): LifCondParams {
  return { ...LIF_COND_DEFAULTS, cM: 10, gL: 1, vRest: -60, vReset: -45, vThresh: -40, tRef: 2, eE: 0, eI: -85, tauE: 1, tauI: 2, thetaPlus: 0, tauTheta: 1e7, method: c.method, conductanceDecay: c.synapseDecay };
}

/**
 * The end of a rest in closed form, once no neuron can fire: conductances gone, refractoriness over,
 * v relaxed over `m` steps by the leak as the integrator does it (exponential Euler: exactly,
 * v ← vRest + (v − vRest)·exp(−m·dt·gL/C); forward Euler, guarded or not: by (1 − dt·gL/C)^m), and, with
 * `decayTheta`, θ ← θ·exp(−m·dt/τθ). The inhibitory potentials (τ 10 ms) are within e^(−12) of rest
 * by then and are set to rest exactly, so an event-driven step can skip them until they fire.
 * @example diehlCookRestTail(exc, pExc, inh, pInh, 240, 0.5, true); // the last 120 ms of a rest
 */
export function diehlCookRestTail(exc: LifCondState, pExc: LifCondParams, inh: LifCondState, pInh: LifCondParams, m: number, dt: number, decayTheta: boolean): void {
  // With no conductance left, 'eulerGuarded' takes plain Euler steps (dt·gL/C = 0.005).
  const f = pExc.method === 'expEuler' ? Math.exp((-m * dt * pExc.gL) / pExc.cM) : Math.pow(1 - (dt * pExc.gL) / pExc.cM, m);
  const ft = Math.exp((-m * dt) / pExc.tauTheta);
  for (let i = 0; i < exc.v.length; i++) {
    exc.v[i] = pExc.vRest + (exc.v[i] - pExc.vRest) * f;
    if (decayTheta) exc.theta[i] *= ft;
  }
  exc.gE.fill(0); exc.gI.fill(0); exc.refCount.fill(0);
  inh.v.fill(pInh.vRest); inh.gE.fill(0); inh.gI.fill(0); inh.refCount.fill(0);
}

/**
 * dst[i] += src[off + i] for i < n, unrolled by four: V8 does not vectorise, and the unrolled loop
 * halves the bounds checks and loop overhead of the hottest line (each input spike adds a row).
 */
function addRow(dst: Float64Array, src: Float64Array, off: number, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const q = off + i;
    dst[i] += src[q]; dst[i + 1] += src[q + 1]; dst[i + 2] += src[q + 2]; dst[i + 3] += src[q + 3];
  }
  for (; i < n; i++) dst[i] += src[off + i];
}

/**
 * ring[i·R + ((slot + delay[off + i]) & mask)] += w[off + i] for i < n (R = 1 << shift): one spike's
 * weight row into the arrival slots of its synapses. Unrolled by four, so the four scattered
 * read-modify-writes overlap (2× faster than the plain loop in a micro-benchmark).
 */
function scatterRow(ring: Float64Array, w: Float64Array, delay: Int32Array, off: number, n: number, slot: number, shift: number, mask: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const q = off + i;
    const a = (i << shift) | ((slot + delay[q]) & mask), b = ((i + 1) << shift) | ((slot + delay[q + 1]) & mask);
    const c = ((i + 2) << shift) | ((slot + delay[q + 2]) & mask), d = ((i + 3) << shift) | ((slot + delay[q + 3]) & mask);
    ring[a] += w[q]; ring[b] += w[q + 1]; ring[c] += w[q + 2]; ring[d] += w[q + 3];
  }
  for (; i < n; i++) ring[(i << shift) | ((slot + delay[off + i]) & mask)] += w[off + i];
}

/**
 * w[off + i] ← max(0, w[off + i] − nu·post[i·R + ((slot + delay[off + i]) & mask)]) for i < n: the
 * depression of one spike's synapses by the post trace each saw at its arrival step (`slot` = the
 * emission step's slot). A zero trace leaves the weight as it is (weights are >= 0). Unrolled by four.
 */
function depressRow(w: Float64Array, post: Float64Array, delay: Int32Array, off: number, n: number, slot: number, shift: number, mask: number, nu: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const q = off + i;
    const a = w[q] - nu * post[(i << shift) | ((slot + delay[q]) & mask)];
    const b = w[q + 1] - nu * post[((i + 1) << shift) | ((slot + delay[q + 1]) & mask)];
    const c = w[q + 2] - nu * post[((i + 2) << shift) | ((slot + delay[q + 2]) & mask)];
    const d = w[q + 3] - nu * post[((i + 3) << shift) | ((slot + delay[q + 3]) & mask)];
    w[q] = a < 0 ? 0 : a; w[q + 1] = b < 0 ? 0 : b; w[q + 2] = c < 0 ? 0 : c; w[q + 3] = d < 0 ? 0 : d;
  }
  for (; i < n; i++) {
    const v = w[off + i] - nu * post[(i << shift) | ((slot + delay[off + i]) & mask)];
    w[off + i] = v < 0 ? 0 : v;
  }
}

/** dst[off + i] *= scale[i] for i < n, unrolled by four (weight normalisation). */
function mulRow(dst: Float64Array, scale: Float64Array, off: number, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const q = off + i;
    dst[q] *= scale[i]; dst[q + 1] *= scale[i + 1]; dst[q + 2] *= scale[i + 2]; dst[q + 3] *= scale[i + 3];
  }
  for (; i < n; i++) dst[off + i] *= scale[i];
}

/**
 * The Diehl & Cook 2015 network: 784 Poisson inputs → nExc conductance-based excitatory neurons
 * with adaptive thresholds and STDP on the input weights → one-to-one to nExc inhibitory neurons →
 * lateral inhibition of all other excitatory neurons (soft winner-take-all). Each image is shown
 * for 350 ms, then the input is silent for a 150 ms rest; the network clock runs on through both,
 * as in the published code (θ and the traces decay during the rest; spikes in a rest count towards
 * the next presentation, as the published spike counter does).
 *
 * The simulation is clock-driven for the excitatory membranes (each receives input at almost every
 * step) and event-driven for everything else:
 * - an image lights only ~150 of the 784 inputs and, at dt 0.5 ms, about 3 of them spike per step;
 *   each active input's next spike is drawn as a geometric gap and filed in a per-step bucket, so a
 *   step visits only the inputs that spike; without delays each adds one contiguous row of the
 *   presynaptic-major weights; with delays each adds its row into a ring of future conductance
 *   increments, one slot per delay, and each step drains its slot;
 * - the nearest-spike STDP traces are kept as last-spike times and evaluated as exp(−Δt/τ) only where
 *   a rule reads them (exact for traces that reset to 1), so nothing decays per step; a trace older
 *   than 40 τ counts as 0; with delays a synapse's pre trace follows the spikes that have arrived
 *   there (the latest emission with emission + delay <= now, from a short per-input history);
 * - without delays, depression at an input spike touches only the excitatory neurons whose post
 *   trace is live (with delays it runs over the row once the spike has landed everywhere, reading
 *   each synapse's post trace at arrival from a ring of recent traces); potentiation runs only when
 *   an excitatory neuron fires;
 * - an inhibitory neuron is stepped only once its excitatory partner has fired: before that it sits
 *   exactly at rest, where a step changes nothing;
 * - the rest is stepped only while the conductances fade, then finished in closed form.
 * Everything is allocated once; the step loop allocates nothing.
 *
 * @example
 * const dc = new DiehlCook({ nExc: 100 }, new Generator(0));
 * const counts = dc.present(imageBytes, true); // Int32Array(100) spike counts
 */
export class DiehlCook {
  readonly config: DiehlCookConfig;
  /** Input weights, [784][nExc] (presynaptic-major). */
  readonly weights: Float64Array;
  readonly exc: LifCondState;
  readonly inh: LifCondState;
  /** Synaptic events delivered so far (input → excitatory, excitatory → inhibitory, inhibitory → excitatory). */
  synapticEvents = 0;
  /** Simulated time so far (ms), presentations and rests. */
  time = 0;
  /** Presentations so far, repeats at raised intensity included. */
  presentations = 0;
  private readonly pExc: LifCondParams;
  private readonly pExcFrozen: LifCondParams;
  private readonly pInh: LifCondParams;
  private readonly preLast: Float64Array;
  private readonly post1Last: Float64Array;
  private readonly post2Last: Float64Array;
  /** Spike flags the neuron update sets (and this class clears per spike), and the step's spike lists. */
  private readonly excSpikes: Uint8Array;
  private readonly inhSpikes: Uint8Array;
  private readonly excFired: Int32Array;
  private readonly inhFired: Int32Array;
  /** Spikes of the last rest, counted with the next presentation. */
  private readonly carry: Int32Array;
  /** Pixels with a nonzero value (the only inputs that can spike) and log(1 − p) of each. */
  private readonly active = new Int32Array(784);
  private nActive = 0;
  private readonly logq = new Float64Array(784);
  /** Per-step buckets of inputs due to spike: head per step, then a linked list through `bucketNext`. */
  private readonly bucketHead: Int32Array;
  private readonly bucketNext = new Int32Array(784);
  private readonly due = new Int32Array(784);
  /** Excitatory neurons whose post trace may be live, with that trace's value at the current step. */
  private readonly fired: Int32Array;
  private readonly isFired: Uint8Array;
  private readonly post1Now: Float64Array;
  private nFired = 0;
  /** Inhibitory neurons that have left rest since the last rest ended. */
  private readonly inhLive: Int32Array;
  private readonly isInhLive: Uint8Array;
  private nInhLive = 0;
  private readonly colSums: Float64Array;
  /** Input → excitatory delays (span 1 without delays), spikes in flight and each input's recent spikes. */
  readonly delays: DelayTable;
  private readonly inFlight: InFlight;
  private readonly history: SpikeHistory;
  /**
   * Rings of R = 1 << ringShift steps (a power of two >= span), neuron-major: at i·R + (s mod R),
   * the conductance arriving at neuron i at step s (filled at emission, drained at arrival) and i's
   * post trace at step s (written each learning step for neurons on the fired list; the rows of all
   * others are zero). A power of two makes the slot a mask,
   * not a compare against the span that random delays would mispredict.
   */
  private readonly ringShift: number;
  private readonly arriving: Float64Array;
  private readonly post1Ring: Float64Array;
  /** Steps simulated so far, presentations and rests (the clock the delays count on). */
  step = 0;

  constructor(config: Partial<DiehlCookConfig>, private readonly gen: Generator) {
    const c = { ...DIEHL_COOK_DEFAULTS, ...config };
    requirePositiveInt('DiehlCook', 'nExc', c.nExc);
    requirePositive('DiehlCook', 'tPresent', c.tPresent, 'ms');
    requireNonNegative('DiehlCook', 'tRest', c.tRest, 'ms');
    requireNonNegative('DiehlCook', 'thetaInit', c.thetaInit, 'mV');
    requireNonNegative('DiehlCook', 'inputDelayMax', c.inputDelayMax, 'ms');
    for (const k of ['intensity', 'weightSum', 'wMax', 'tauPre', 'tauPost1', 'tauPost2'] as const) requirePositive('DiehlCook', k, c[k]);
    this.config = c;
    this.pExc = diehlCookExcParams(c);
    this.pExcFrozen = { ...this.pExc, thetaPlus: 0 };
    this.pInh = diehlCookInhParams(c);
    // The threshold starts at vThresh − offset + θ0 (−52 mV); that is the value the reset must lie below.
    lifCond.validate({ ...this.pExc, vThresh: this.pExc.vThresh + c.thetaInit }, c.dt);
    lifCond.validate(this.pInh, c.dt);
    const n = c.nExc;
    this.weights = new Float64Array(784 * n);
    // Initial weights uniform in [0.003, 0.303] as in the published code ((rand + 0.01) · 0.3).
    for (let k = 0; k < this.weights.length; k++) this.weights[k] = (gen.uniform() + 0.01) * 0.3;
    this.delays = DelayTable.uniform(784, n, c.inputDelayMax, c.dt, gen);
    this.inFlight = new InFlight(784, this.delays.span);
    this.history = new SpikeHistory(784, this.delays.span);
    this.ringShift = Math.ceil(Math.log2(this.delays.span));
    this.arriving = new Float64Array(n << this.ringShift);
    this.post1Ring = new Float64Array(n << this.ringShift);
    this.exc = lifCond.init(n, this.pExc);
    this.exc.theta.fill(c.thetaInit);
    this.inh = lifCond.init(n, this.pInh);
    this.preLast = new Float64Array(784).fill(-Infinity);
    this.post1Last = new Float64Array(n).fill(-Infinity);
    this.post2Last = new Float64Array(n).fill(-Infinity);
    this.excSpikes = new Uint8Array(n);
    this.inhSpikes = new Uint8Array(n);
    this.excFired = new Int32Array(n);
    this.inhFired = new Int32Array(n);
    this.carry = new Int32Array(n);
    this.bucketHead = new Int32Array(Math.round(c.tPresent / c.dt));
    this.fired = new Int32Array(n);
    this.isFired = new Uint8Array(n);
    this.post1Now = new Float64Array(n);
    this.inhLive = new Int32Array(n);
    this.isInhLive = new Uint8Array(n);
    this.colSums = new Float64Array(n);
  }

  /**
   * Replaces the input delays (whole steps, presynaptic-major [784][nExc]) with saved ones, e.g. those
   * of a trained network whose weights are loaded without its full state. Call between presentations.
   * @example dc.loadDelays(tensors.delays.data); // the delays the weights were trained with
   */
  loadDelays(steps: ArrayLike<number>): void {
    const want = this.delays.steps.length, span = this.delays.span;
    if (steps.length !== want) throw new ValueError(`DiehlCook.loadDelays: ${steps.length} delays for 784 × ${this.config.nExc} = ${want} synapses`);
    for (let k = 0; k < want; k++) {
      if (!(Number.isInteger(steps[k]) && steps[k] >= 0 && steps[k] < span)) {
        throw new ValueError(`DiehlCook.loadDelays: delay ${steps[k]} at ${k} is outside 0..${span - 1} steps (inputDelayMax ${this.config.inputDelayMax} ms at dt ${this.config.dt} ms); build the network with the inputDelayMax the delays were drawn with`);
      }
    }
    this.delays.steps.set(steps);
  }

  /** Every array whose contents carry over from one presentation to the next, by name. */
  private stateArrays(): Record<string, Float64Array | Int32Array | Uint8Array> {
    const a: Record<string, Float64Array | Int32Array | Uint8Array> = {
      weights: this.weights, delays: this.delays.steps, preLast: this.preLast, post1Last: this.post1Last, post2Last: this.post2Last,
      carry: this.carry, fired: this.fired, isFired: this.isFired, inhLive: this.inhLive, isInhLive: this.isInhLive,
      arriving: this.arriving, post1Ring: this.post1Ring,
    };
    for (const [k, v] of Object.entries(this.exc)) a[`exc.${k}`] = v;
    for (const [k, v] of Object.entries(this.inh)) a[`inh.${k}`] = v;
    for (const [k, v] of Object.entries(this.inFlight.stateArrays())) a[`inFlight.${k}`] = v;
    for (const [k, v] of Object.entries(this.history.stateArrays())) a[`history.${k}`] = v;
    return a;
  }

  /**
   * The network's whole state as plain data (copies), to be saved between presentations and given
   * to `loadStateDict` of a network built with the same configuration.
   * @example saveCheckpoint(path, { model: {}, epoch: 0, step: i, extra: { network: dc.stateDict() } });
   */
  stateDict(): DiehlCookState {
    const arrays = Object.fromEntries(Object.entries(this.stateArrays()).map(([k, v]) => [k, v.slice()]));
    const pos = this.inFlight.position;
    return {
      format: 'neural-alchemy/diehl-cook', version: 1, config: { ...this.config }, arrays, generator: this.gen.getState(),
      scalars: { time: this.time, step: this.step, presentations: this.presentations, synapticEvents: this.synapticEvents,
        nFired: this.nFired, nInhLive: this.nInhLive, inFlightHead: pos.head, inFlightSize: pos.size },
    };
  }

  /**
   * Restores a `stateDict()`, all or nothing: a state from another configuration, a missing or
   * mis-sized array, non-finite weights or potentials, or indices out of range are rejected with an
   * error naming the part, and the network is left as it was.
   */
  loadStateDict(state: DiehlCookState): void {
    const where = 'DiehlCook.loadStateDict';
    if (state?.format !== 'neural-alchemy/diehl-cook' || state.version !== 1) {
      throw new ValueError(`${where}: not a Diehl & Cook network state (format ${String(state?.format)}, version ${String(state?.version)}); pass what stateDict() returned`);
    }
    for (const k of Object.keys(this.config) as (keyof DiehlCookConfig)[]) {
      if (state.config?.[k] !== this.config[k]) {
        throw new ValueError(`${where}: the state was saved with ${k} = ${String(state.config?.[k])}, this network has ${String(this.config[k])}; build the network with the saved configuration`);
      }
    }
    const n = this.config.nExc, live = this.stateArrays(), decoded: Record<string, Float64Array | Int32Array | Uint8Array> = {};
    for (const [k, v] of Object.entries(live)) {
      const got = state.arrays?.[k];
      if (!(got instanceof v.constructor && got.length === v.length)) {
        throw new ValueError(`${where}: array '${k}' is missing or has the wrong type or size (expected ${v.length} ${v.constructor.name.replace('Array', '')} values); the state is damaged or from another version`);
      }
      decoded[k] = got;
    }
    const finite = (k: string, lo = -Infinity, hi = Infinity) => {
      for (const x of decoded[k]) if (!Number.isFinite(x) || x < lo || x > hi) throw new ValueError(`${where}: array '${k}' holds ${x}, outside [${lo}, ${hi}]; the state is damaged`);
    };
    finite('weights', 0, this.config.wMax);
    for (const k of ['exc.v', 'exc.gE', 'exc.gI', 'exc.theta', 'inh.v', 'inh.gE', 'inh.gI', 'arriving', 'post1Ring']) finite(k);
    finite('delays', 0, this.delays.span - 1);
    for (const k of ['history.count', 'history.steps', 'inFlight.steps']) {
      for (const x of decoded[k]) if (!(Number.isInteger(x) && x >= 0)) throw new ValueError(`${where}: array '${k}' holds ${x}, not a step count; the state is damaged`);
    }
    const sc = state.scalars ?? ({} as DiehlCookState['scalars']);
    for (const k of ['time', 'step', 'presentations', 'synapticEvents', 'nFired', 'nInhLive', 'inFlightHead', 'inFlightSize'] as const) {
      if (!Number.isFinite(sc[k]) || sc[k] < 0) throw new ValueError(`${where}: scalar '${k}' is ${String(sc[k])}; the state is damaged`);
    }
    for (const [list, count] of [['fired', sc.nFired], ['inhLive', sc.nInhLive]] as const) {
      if (!Number.isInteger(count) || count > n) throw new ValueError(`${where}: ${count} entries in '${list}' for ${n} neurons; the state is damaged`);
      for (let f = 0; f < count; f++) if (!(decoded[list][f] >= 0 && decoded[list][f] < n)) throw new ValueError(`${where}: '${list}' names neuron ${decoded[list][f]} of ${n}; the state is damaged`);
    }
    for (let q = 0; q < decoded['inFlight.sources'].length; q++) {
      if (!(decoded['inFlight.sources'][q] >= 0 && decoded['inFlight.sources'][q] < 784)) throw new ValueError(`${where}: a spike in flight comes from input ${decoded['inFlight.sources'][q]} of 784; the state is damaged`);
    }
    const before = this.stateDict();
    try {
      this.inFlight.position = { head: sc.inFlightHead, size: sc.inFlightSize };
      this.gen.setState(state.generator);
    } catch (e) {
      this.gen.setState(before.generator);
      throw new ValueError(`${where}: ${(e as Error).message}; the state is damaged`);
    }
    for (const [k, v] of Object.entries(live)) v.set(decoded[k] as never);
    this.time = sc.time; this.step = sc.step; this.presentations = sc.presentations; this.synapticEvents = sc.synapticEvents;
    this.nFired = sc.nFired; this.nInhLive = sc.nInhLive;
  }

  /** Scales each excitatory neuron's input weights to sum to `weightSum` (78 for 784 inputs). */
  normalize(): void {
    const n = this.config.nExc, w = this.weights, sums = this.colSums;
    sums.fill(0);
    for (let j = 0; j < 784; j++) addRow(sums, w, j * n, n);
    for (let i = 0; i < n; i++) sums[i] = sums[i] > 0 ? this.config.weightSum / sums[i] : 1;
    for (let j = 0; j < 784; j++) mulRow(w, sums, j * n, n);
  }

  /**
   * Presents one image (784 pixel intensities 0-255) followed by the rest, and returns the excitatory
   * spike counts. With `learn`, STDP and the adaptive threshold are on and weights are normalised
   * before every presentation; without, θ is frozen. If fewer than `minSpikes` spikes occur, the
   * intensity rises by 1 and the image is shown again (Diehl & Cook 2015). A `record` receives the
   * input and excitatory spikes of the final presentation.
   */
  present(pixels: ArrayLike<number>, learn: boolean, record?: DiehlCookRecord): Int32Array {
    if (pixels.length !== 784) throw new ValueError(`DiehlCook.present: expected 784 pixels, got ${pixels.length}`);
    const c = this.config;
    let nActive = 0;
    for (let j = 0; j < 784; j++) if (pixels[j] > 0) this.active[nActive++] = j;
    const counts = new Int32Array(c.nExc);
    for (let intensity = c.intensity, tries = 0; tries < 20; intensity += 1, tries++) {
      if (learn) this.normalize();
      for (let a = 0; a < nActive; a++) {
        const p = Math.min(1, (pixels[this.active[a]] / 8) * intensity * (c.dt / 1000));
        this.logq[a] = Math.log1p(-Math.min(p, 1 - 1e-12));
      }
      let total = 0;
      for (let i = 0; i < c.nExc; i++) total += this.carry[i];
      counts.set(this.carry);
      this.carry.fill(0);
      if (record) for (const k of ['inputSteps', 'inputIndices', 'excSteps', 'excIndices'] as const) record[k].length = 0;
      this.nActive = nActive;
      total += this.run(this.bucketHead.length, learn, counts, record);
      this.presentations++;
      this.relax(learn);
      if (total >= c.minSpikes) break;
    }
    return counts;
  }

  /** The rest after a presentation: input silent, stepped while the conductances fade, then closed form. */
  private relax(learn: boolean): void {
    const c = this.config, dt = c.dt;
    const restSteps = Math.round(c.tRest / dt), stepped = diehlCookRestStepped(c);
    this.nActive = 0;
    if (stepped > 0) this.run(stepped, learn, this.carry);
    diehlCookRestTail(this.exc, learn ? this.pExc : this.pExcFrozen, this.inh, this.pInh, restSteps - stepped, dt, learn);
    this.time += (restSteps - stepped) * dt;
    this.step += restSteps - stepped;
    // No spike is in flight across the closed-form part: the stepped part outlasts the longest delay.
    for (let m = 0; m < this.nInhLive; m++) this.isInhLive[this.inhLive[m]] = 0;
    this.nInhLive = 0;
    // Forget neurons whose post trace has fallen below e^(−40).
    let kept = 0;
    for (let f = 0; f < this.nFired; f++) {
      const i = this.fired[f];
      if (this.time - this.post1Last[i] > 40 * c.tauPost1) {
        this.isFired[i] = 0;
        this.post1Ring.fill(0, i << this.ringShift, (i + 1) << this.ringShift);
      }
      else this.fired[kept++] = i;
    }
    this.nFired = kept;
  }

  /** Geometric gap (steps) to input a's next spike: a Bernoulli(p) process, one random number per spike. */
  private gap(a: number): number {
    return Math.floor(Math.log(1 - this.gen.uniform()) / this.logq[a]);
  }

  /** Active input a spikes at step k of a `steps`-step run: files its next spike, records this one, returns its pixel. */
  private emit(a: number, k: number, steps: number, record?: DiehlCookRecord): number {
    const s = k + 1 + this.gap(a);
    if (s < steps) { this.bucketNext[a] = this.bucketHead[s]; this.bucketHead[s] = a; }
    const j = this.active[a];
    if (record) { record.inputSteps.push(k); record.inputIndices.push(j); }
    return j;
  }

  /** `steps` steps of the network from `this.time`, with the inputs `active[0..nActive)` on. */
  private run(steps: number, learn: boolean, counts: Int32Array, record?: DiehlCookRecord): number {
    const c = this.config, n = c.nExc, dt = c.dt, w = this.weights, t0 = this.time, step0 = this.step;
    const gE = this.exc.gE, gIexc = this.exc.gI, gEinh = this.inh.gE;
    const pExc = learn ? this.pExc : this.pExcFrozen;
    const { nuPre, nuPost, wMax, tauPre, tauPost1, tauPost2, wExcInh, wInhExc } = c;
    const head = this.bucketHead, next = this.bucketNext, due = this.due;
    const fired = this.fired, isFired = this.isFired, post1Now = this.post1Now;
    const preLast = this.preLast, post1Last = this.post1Last, post2Last = this.post2Last;
    const excSpikes = this.excSpikes, inhSpikes = this.inhSpikes, excFired = this.excFired, inhFired = this.inhFired;
    const inhLive = this.inhLive, isInhLive = this.isInhLive;
    const span = this.delays.span, delaySteps = this.delays.steps, delayed = span > 1;
    const inFlight = this.inFlight, history = this.history, arriving = this.arriving, post1Ring = this.post1Ring;
    const shift = this.ringShift, mask = (1 << shift) - 1;
    const preHorizon = 40 * tauPre, post1Horizon = 40 * tauPost1; // traces below e^(−40) count as 0
    // An input whose last emission is older than this has no arrived spike with a live trace.
    const preEmitHorizon = preHorizon + (span - 1) * dt;
    let total = 0, events = 0;
    head.fill(-1);
    for (let a = 0; a < this.nActive; a++) {
      const s = this.gap(a);
      if (s < steps) { next[a] = head[s]; head[s] = a; }
    }
    for (let k = 0; k < steps; k++) {
      const t = t0 + k * dt, now = step0 + k;
      let nDue = 0;
      for (let a = head[k]; a >= 0; a = next[a]) due[nDue++] = a;
      // Inputs in index order, as a scan over all inputs would meet them: the random draws and the
      // floating-point sums then come in the same order.
      for (let x = 1; x < nDue; x++) { const a = due[x]; let y = x - 1; while (y >= 0 && due[y] > a) { due[y + 1] = due[y]; y--; } due[y + 1] = a; }
      if (delayed) {
        const slot = now & mask;
        for (let d = 0; d < nDue; d++) {
          const j = this.emit(due[d], k, steps, record), row = j * n;
          // The weight row, as it is now, into the slot of each synapse's arrival step.
          scatterRow(arriving, w, delaySteps, row, n, slot, shift, mask);
          events += n;
          inFlight.push(j, now);
          history.push(j, now, t);
          preLast[j] = t;
        }
        for (let i = 0; i < n; i++) { const q = (i << shift) | slot; gE[i] += arriving[q]; arriving[q] = 0; }
        if (learn) {
          // Neurons off the fired list have all-zero rows (zeroed when they leave it).
          for (let f = 0; f < this.nFired; f++) {
            const i = fired[f], dtPost = t - post1Last[i];
            post1Ring[(i << shift) | slot] = dtPost > post1Horizon ? 0 : Math.exp(-dtPost / tauPost1);
          }
        }
        // Spikes that have now reached every target: depression by the post trace each synapse saw at
        // arrival, w ← clip(w − νpre·post1) (Brian 1 applies it after the longest delay as well).
        while (inFlight.size > 0 && now - inFlight.oldestStep() >= span - 1) {
          if (learn) {
            depressRow(w, post1Ring, delaySteps, inFlight.oldestSource() * n, n, inFlight.oldestStep() & mask, shift, mask, nuPre);
          }
          inFlight.shift();
        }
      } else if (nDue > 0) {
        // Without delays each spike's row goes straight onto the conductances: 1.8 against 3.3 ms per
        // training image, and runs without delays keep the exact spikes they had before delays existed.
        if (learn) {
          for (let f = 0; f < this.nFired; f++) {
            const dtPost = t - post1Last[fired[f]];
            post1Now[f] = dtPost > post1Horizon ? 0 : Math.exp(-dtPost / tauPost1);
          }
        }
        for (let d = 0; d < nDue; d++) {
          const j = this.emit(due[d], k, steps, record), row = j * n;
          // Input spike: its weight row onto the excitatory conductances.
          addRow(gE, w, row, n);
          events += n;
          if (learn) {
            // Pre spike: depression by the postsynaptic trace, w ← clip(w − νpre·post1), then pre ← 1.
            // Neurons that have not fired have post1 = 0 and keep their weights.
            for (let f = 0; f < this.nFired; f++) {
              const q = row + fired[f];
              const v = w[q] - nuPre * post1Now[f];
              w[q] = v < 0 ? 0 : v;
            }
          }
          preLast[j] = t;
        }
      }
      // One pass per population updates the membranes and lists who fired (excitatory in index order).
      const nExcFired = lifCondStepEvents(pExc, this.exc, null, dt, excSpikes, excFired);
      const nInhFired = this.nInhLive > 0 ? lifCondStepEvents(this.pInh, this.inh, null, dt, inhSpikes, inhFired, inhLive, this.nInhLive) : 0;
      for (let f = 0; f < nExcFired; f++) {
        const i = excFired[f];
        excSpikes[i] = 0;
        counts[i]++; total++;
        if (record) { record.excSteps.push(k); record.excIndices.push(i); }
        gEinh[i] += wExcInh; events++;
        if (!isInhLive[i]) { isInhLive[i] = 1; inhLive[this.nInhLive++] = i; }
        if (learn) {
          // Post spike: potentiation w ← clip(w + νpost·pre·post2(before)), then post1, post2 ← 1.
          const k2 = nuPost * Math.exp((post2Last[i] - t) / tauPost2);
          if (delayed) {
            // The pre trace of synapse (j, i) follows the spikes that have reached it.
            for (let j = 0; j < 784; j++) {
              if (t - preLast[j] > preEmitHorizon) continue;
              const q = j * n + i, dly = delaySteps[q];
              const tArr = history.latestArrived(j, dly, now) + dly * dt;
              if (t - tArr > preHorizon) continue;
              const v = w[q] + k2 * Math.exp((tArr - t) / tauPre);
              w[q] = v > wMax ? wMax : v;
            }
          } else {
            for (let j = 0; j < 784; j++) {
              if (t - preLast[j] > preHorizon) continue;
              const q = j * n + i;
              const v = w[q] + k2 * Math.exp((preLast[j] - t) / tauPre);
              w[q] = v > wMax ? wMax : v;
            }
          }
          post1Last[i] = t; post2Last[i] = t;
          if (!isFired[i]) { isFired[i] = 1; fired[this.nFired++] = i; }
        }
      }
      for (let f = 0; f < nInhFired; f++) {
        const i = inhFired[f];
        inhSpikes[i] = 0;
        // Lateral inhibition of every other excitatory neuron.
        for (let q = 0; q < n; q++) if (q !== i) gIexc[q] += wInhExc;
        events += n - 1;
      }
    }
    this.time = t0 + steps * dt;
    this.step = step0 + steps;
    this.synapticEvents += events;
    return total;
  }
}
