import { Tensor } from '../core/tensor.js';
import { zeros, randn } from '../core/creation.js';
import { Generator, defaultGenerator } from '../core/random.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { linear } from '../core/ops/linear.js';
import { scatterAdd } from '../core/ops/indexing.js';
import { Module, expectShape } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { ModuleList } from '../nn/containers.js';
import { topKIndices, loadBalancingLoss } from './gating.js';

type Expert = Module & { forward(x: Tensor): Tensor };

export interface MixtureOfExpertsOptions {
  /** Experts each input is routed to. */
  k?: number;
  /** Add trainable, input-dependent Gaussian noise to the gate logits while training (Shazeer et al. 2017, eq. 4). */
  noisy?: boolean;
  /**
   * Expert capacity = ceil(capacityFactor · tokens · k / experts) (GShard / Switch Transformer);
   * assignments beyond it are dropped. Infinity (the default) never drops.
   */
  capacityFactor?: number;
  /** Noise source for the gate (default: the global generator). */
  generator?: Generator;
}

/** What the last forward pass did, for losses and monitoring. */
export interface RoutingRecord {
  /** [B, E] softmax over all gate logits (before top-k), the P of the balancing loss. */
  routerProbs: Tensor;
  /** [B, E] gate weights after top-k (zeros elsewhere), renormalised over the kept experts. */
  gates: Tensor;
  /** Assignments per expert that were processed (after the capacity limit). */
  load: number[];
  /** Assignments per expert before the capacity limit. */
  demand: number[];
  dropped: number;
  capacity: number;
}

/**
 * Sparsely gated mixture of experts (Shazeer et al. 2017): noisy top-k gating, a capacity limit
 * per expert, and the Switch Transformer load-balancing loss (`auxLoss()`). Only the selected
 * experts run on each input; outputs are the gate-weighted sum of their outputs.
 * @example
 * const moe = new MixtureOfExperts(16, Array.from({ length: 4 }, () => new nn.Linear(16, 8)), { k: 2 });
 * const y = moe.forward(randn([32, 16])); // [32, 8]
 * const loss = task(y).add(moe.auxLoss().mul(0.01));
 */
export class MixtureOfExperts extends Module {
  experts: ModuleList<Expert>;
  wGate: Parameter;
  wNoise: Parameter;
  readonly k: number; readonly noisy: boolean; readonly capacityFactor: number;
  last: RoutingRecord | null = null;
  private readonly gen: Generator;

  constructor(readonly inputSize: number, experts: Expert[], opts: MixtureOfExpertsOptions = {}) {
    super();
    if (experts.length < 2) throw new ValueError(`MixtureOfExperts: needs at least 2 experts, got ${experts.length}`);
    this.experts = new ModuleList(experts);
    this.k = opts.k ?? 2;
    if (!Number.isInteger(this.k) || this.k < 1 || this.k > experts.length) throw new ValueError(`MixtureOfExperts: k must be an integer in [1, ${experts.length}], got ${this.k}`);
    this.noisy = opts.noisy ?? true;
    this.capacityFactor = opts.capacityFactor ?? Infinity;
    if (!(this.capacityFactor > 0)) throw new ValueError(`MixtureOfExperts: capacityFactor must be > 0, got ${this.capacityFactor}`);
    this.gen = opts.generator ?? defaultGenerator;
    // Shazeer et al. initialise both gate matrices to zero so routing starts even.
    this.wGate = new Parameter(zeros([experts.length, inputSize]));
    this.wNoise = new Parameter(zeros([experts.length, inputSize]));
  }

  get numExperts(): number { return this.experts.length; }

  forward(x: Tensor): Tensor {
    expectShape('MixtureOfExperts', x, [2], { index: -1, size: this.inputSize, what: 'input features' });
    const B = x.shape[0], E = this.numExperts;
    let logits = linear(x, this.wGate);
    if (this.noisy && this.training) {
      // H(x) = xW_g + N(0, 1)·softplus(xW_noise) (Shazeer et al. 2017, eq. 4).
      logits = logits.add(randn([B, E], { generator: this.gen }).mul(linear(x, this.wNoise).softplus()));
    }
    const chosen = topKIndices(logits.detach(), this.k);
    // KeepTopK then softmax (eq. 3, 5): masked logits get −∞.
    const mask = new Uint8Array(B * E).fill(1);
    chosen.forEach((row, b) => row.forEach((e) => { mask[b * E + e] = 0; }));
    const gates = logits.maskedFill(new Tensor(mask, [B, E]), -Infinity).softmax(1);
    const capacity = Number.isFinite(this.capacityFactor) ? Math.ceil((this.capacityFactor * B * this.k) / E) : B;
    const demand = new Array<number>(E).fill(0), load = new Array<number>(E).fill(0);
    const members: number[][] = Array.from({ length: E }, () => []);
    // Assignments in token order: a token beyond an expert's capacity is dropped by that expert.
    for (let b = 0; b < B; b++) for (const e of chosen[b]) {
      demand[e]++;
      if (load[e] < capacity) { load[e]++; members[e].push(b); }
    }
    let out: Tensor | null = null;
    for (let e = 0; e < E; e++) {
      if (!members[e].length) continue;
      const idx = Int32Array.from(members[e]), idxT = new Tensor(idx, [idx.length]);
      const y = this.experts.at(e).forward(x.indexSelect(0, idxT));
      if (y.ndim !== 2 || y.shape[0] !== idx.length) throw new ShapeError(`MixtureOfExperts: expert ${e} must map [n, ${this.inputSize}] to [n, out], got [${y.shape.join(', ')}]`);
      const g = gates.indexSelect(0, idxT).narrow(1, e, 1);
      const index = new Int32Array(idx.length * y.shape[1]);
      for (let r = 0; r < idx.length; r++) index.fill(idx[r], r * y.shape[1], (r + 1) * y.shape[1]);
      out = scatterAdd(out ?? zeros([B, y.shape[1]]), 0, new Tensor(index, y.shape), y.mul(g));
    }
    this.last = { routerProbs: linear(x, this.wGate).softmax(1), gates, load, demand, dropped: demand.reduce((a, d, e) => a + d - load[e], 0), capacity };
    if (!out) throw new ShapeError('MixtureOfExperts: no expert received any input (empty batch?)');
    return out;
  }

  /** Switch-style load-balancing loss of the last forward pass (multiply by a small α, e.g. 0.01). */
  auxLoss(): Tensor {
    if (!this.last) throw new ValueError('MixtureOfExperts.auxLoss: call forward() first');
    return loadBalancingLoss(this.last.routerProbs, this.last.demand);
  }
}
