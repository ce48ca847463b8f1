import { Tensor } from '../../core/tensor.js';
import { tensor } from '../../core/creation.js';
import { fmt } from '../../core/shape.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import { Module } from '../../nn/module.js';
import { Parameter } from '../../nn/parameter.js';
import { requireFinite, requireInRange } from '../validate.js';
import { spike } from './spike.js';
import { arctan, type Surrogate } from './surrogates.js';

export type ResetMechanism = 'subtract' | 'zero' | 'none';

export interface LeakyOptions {
  /** Membrane decay per step β in [0, 1]: one value, or one per neuron (broadcast over the last dims). */
  beta: number | readonly number[];
  /** Firing threshold (default 1). */
  threshold?: number;
  /** After a spike: subtract the threshold (default), set the membrane to zero, or keep it. */
  resetMechanism?: ResetMechanism;
  /** Train β by backprop (clamped to [0, 1] in the forward pass). */
  learnBeta?: boolean;
  /** Surrogate derivative of the spike (default arctan with α = 2, snnTorch's default). */
  surrogate?: Surrogate;
}

/**
 * Leaky integrate-and-fire layer for surrogate-gradient training, one time step per `forward`
 * (the discrete-time LIF of Neftci, Mostafa & Zenke 2019, eq. 4, in snnTorch's form):
 *   mem[t] = β·mem[t−1] + input[t] − r[t]·threshold   (reset by subtraction)
 *   mem[t] = β·(1 − r[t])·mem[t−1] + input[t]          (reset to zero)
 *   spk[t] = H(mem[t] − threshold), with the surrogate derivative on the backward pass,
 * where r[t] = spk[t−1] is detached from the graph, so gradients flow through the membrane, not
 * the reset (Zenke & Vogels 2021 found that detaching the reset trains better). The membrane is
 * kept in `mem` between calls; call `resetState()` before each new sample batch.
 *
 * @example
 * const lif = new Leaky({ beta: 0.9 });
 * const s1 = lif.forward(tensor([[0.6, 1.5]])); // [[0, 1]]
 * const s2 = lif.forward(tensor([[0.6, 0]]));   // mem = [1.14, 0.35] → [[1, 0]]
 */
export class Leaky extends Module {
  declare beta: Tensor;
  readonly threshold: number;
  readonly resetMechanism: ResetMechanism;
  readonly surrogate: Surrogate;
  /** Membrane potential after the latest step (null before the first step). */
  mem: Tensor | null = null;
  /** Spikes of the latest step, outside the graph (the next step's reset). */
  spk: Tensor | null = null;

  constructor(opts: LeakyOptions) {
    super();
    const betas = typeof opts.beta === 'number' ? [opts.beta] : [...opts.beta];
    if (betas.length === 0) throw new ValueError('Leaky: beta is an empty array; pass one value in [0, 1] or one per neuron');
    betas.forEach((b, i) => requireInRange('Leaky', betas.length === 1 ? 'beta' : `beta[${i}]`, b, 0, 1));
    this.threshold = opts.threshold ?? 1;
    requireFinite('Leaky', 'threshold', this.threshold);
    if (!(this.threshold > 0)) throw new ValueError(`Leaky: threshold must be > 0, got ${this.threshold}`);
    this.resetMechanism = opts.resetMechanism ?? 'subtract';
    if (!['subtract', 'zero', 'none'].includes(this.resetMechanism)) {
      throw new ValueError(`Leaky: resetMechanism must be 'subtract', 'zero' or 'none', got '${this.resetMechanism}'`);
    }
    this.surrogate = opts.surrogate ?? arctan(2);
    const b = tensor(betas, { shape: typeof opts.beta === 'number' ? [] : [betas.length] });
    if (opts.learnBeta) this.beta = new Parameter(b);
    else this.registerBuffer('beta', b);
  }

  /** One time step: integrates `input` (any shape, fixed between resets) and returns 0/1 spikes. */
  forward(input: Tensor): Tensor {
    const mem0 = this.mem;
    if (mem0 && fmt(mem0.shape) !== fmt(input.shape)) {
      throw new ShapeError(`Leaky: input ${fmt(input.shape)} does not match the membrane ${fmt(mem0.shape)} of the previous step; call resetState() before a new batch`);
    }
    if (this.beta.ndim === 1 && input.shape.at(-1) !== this.beta.shape[0]) {
      throw new ShapeError(`Leaky: ${this.beta.shape[0]} per-neuron betas do not match input ${fmt(input.shape)} (last dim ${input.shape.at(-1)})`);
    }
    let mem: Tensor;
    if (!mem0) mem = input;
    else {
      const beta = this.beta.requiresGrad ? this.beta.clamp(0, 1) : this.beta;
      const r = this.spk!;
      if (this.resetMechanism === 'zero') mem = mem0.mul(r.rsub(1)).mul(beta).add(input);
      else {
        mem = mem0.mul(beta).add(input);
        if (this.resetMechanism === 'subtract') mem = mem.sub(r.mul(this.threshold));
      }
    }
    const s = spike(mem, this.threshold, this.surrogate);
    this.mem = mem;
    this.spk = s.detach();
    return s;
  }

  /** Forgets the membrane and the last spikes (the next step starts from rest, mem = 0). */
  resetState(): void { this.mem = null; this.spk = null; }

  override extraRepr(): string {
    return `beta=${this.beta.numel() === 1 ? this.beta.data[0] : `[${this.beta.numel()}]`}, threshold=${this.threshold}, reset=${this.resetMechanism}, surrogate=${this.surrogate.name}${this.beta.requiresGrad ? ', learnBeta' : ''}`;
  }
}
