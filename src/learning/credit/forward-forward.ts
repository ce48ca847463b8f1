import { Tensor } from '../../core/tensor.js';
import { enableGrad, noGrad } from '../../core/autograd.js';
import { linear } from '../../core/ops/linear.js';
import { cat } from '../../core/ops/indexing.js';
import { ValueError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import type { Sequential } from '../../nn/containers.js';
import { angleDegrees } from '../linalg.js';
import { CreditAssigner, type CreditOptions, type CreditStepReport } from './assigner.js';
import { activate } from './layered.js';

export interface ForwardForwardOptions extends CreditOptions {
  numClasses: number;
  /** Goodness threshold θ: positive data should have mean squared activity above it, negative below. */
  threshold?: number;
  generator?: Generator;
}

/**
 * Forward-forward learning (Hinton 2022): no backward pass. Each layer is trained on its own to give
 * high "goodness" (mean squared activity) to positive data — an image with its correct label written
 * into the first `numClasses` inputs — and low goodness to negative data — the same image with a
 * wrong label: loss_l = softplus(θ − g_pos) + softplus(g_neg − θ). Each layer's input is length-
 * normalised so goodness cannot be passed upward. Classification picks the label whose embedding
 * gives the most goodness summed over layers.
 *
 * The angle reported is between each layer's local update and the backprop gradient of the same
 * total objective Σ_l loss_l with gradients flowing through the layers, i.e. what the local rule
 * leaves out.
 * @example const ff = new ForwardForward(new nn.Sequential(new nn.Linear(784, 500), new nn.ReLU()), { numClasses: 10 });
 */
export class ForwardForward extends CreditAssigner {
  readonly name = 'forward-forward';
  readonly numClasses: number;
  readonly threshold: number;
  private readonly gen: Generator;

  constructor(model: Sequential, opts: ForwardForwardOptions) {
    super(model, opts);
    this.numClasses = opts.numClasses;
    this.threshold = opts.threshold ?? 2;
    this.gen = opts.generator ?? defaultGenerator;
    const inF = this.blocks[0].linear.inFeatures;
    if (!Number.isInteger(this.numClasses) || this.numClasses < 2 || this.numClasses > inF) {
      throw new ValueError(`ForwardForward: numClasses must be an integer in [2, ${inF}] (labels are written into the first inputs), got ${this.numClasses}`);
    }
  }

  /** Copies `x` with the one-hot code of `labels` written over its first numClasses features. */
  embedLabels(x: Tensor, labels: ArrayLike<number>): Tensor {
    const [b, f] = x.shape, k = this.numClasses, out = Float32Array.from(x.data);
    for (let i = 0; i < b; i++) {
      out.fill(0, i * f, i * f + k);
      const c = labels[i];
      if (!(c >= 0 && c < k)) throw new ValueError(`ForwardForward: label ${c} at row ${i} is outside [0, ${k})`);
      out[i * f + c] = 1;
    }
    return new Tensor(out, [b, f]);
  }

  /** Goodness of each layer [B] for inputs with labels already embedded; `detach` cuts gradients between layers. */
  goodness(x: Tensor, detach: boolean): Tensor[] {
    const out: Tensor[] = [];
    let h = x;
    for (const b of this.blocks) {
      const inp = (detach ? h.detach() : h);
      const normed = inp.div(inp.norm(2, 1, true).add(1e-4));
      h = activate(b, linear(normed, b.linear.weight, b.linear.bias));
      out.push(h.mul(h).mean(1));
    }
    return out;
  }

  private objective(pos: Tensor, neg: Tensor, detach: boolean): Tensor {
    const gp = this.goodness(pos, detach), gn = this.goodness(neg, detach);
    let total: Tensor | null = null;
    for (let l = 0; l < gp.length; l++) {
      const z = cat([gp[l].neg().add(this.threshold), gn[l].sub(this.threshold)], 0);
      const lossL = z.softplus().mean();
      total = total ? total.add(lossL) : lossL;
    }
    return total!;
  }

  computeGradients(x: Tensor, labels: Tensor): CreditStepReport {
    this.checkInput(x);
    const y = labels.data, k = this.numClasses;
    const wrong = Array.from(y, (c) => (c + this.gen.int(1, k)) % k);
    const pos = this.embedLabels(x, y), neg = this.embedLabels(x, wrong);
    const params = this.blocks.map((b) => b.linear.weight);
    let global: Float32Array[] | null = null;
    if (this.measureAngles) {
      const saved = this.model.parameters().map((p) => p.grad);
      this.model.zeroGrad();
      enableGrad(() => this.objective(pos, neg, false).backward());
      global = params.map((p) => Float32Array.from(p.grad?.data ?? new Float32Array(p.numel())));
      this.model.parameters().forEach((p, i) => { p.grad = saved[i]; });
    }
    const before = params.map((p) => (p.grad ? Float32Array.from(p.grad.data) : null));
    const loss = enableGrad(() => { const l = this.objective(pos, neg, true); l.backward(); return l.item(); });
    const angles = global ? params.map((p, i) => {
      const g = Float32Array.from(p.grad!.data);
      const b = before[i];
      if (b) for (let j = 0; j < g.length; j++) g[j] -= b[j];
      return angleDegrees(g, global![i]);
    }) : [];
    return { loss, angles };
  }

  /** Goodness summed over layers for every candidate label: scores [B, numClasses]. */
  override predict(x: Tensor): Tensor {
    this.checkInput(x);
    const b = x.shape[0], k = this.numClasses, scores = new Float32Array(b * k);
    noGrad(() => {
      for (let c = 0; c < k; c++) {
        const g = this.goodness(this.embedLabels(x, new Array(b).fill(c)), true);
        for (const gl of g) for (let i = 0; i < b; i++) scores[i * k + c] += gl.data[i];
      }
    });
    return new Tensor(scores, [b, k]);
  }
}
