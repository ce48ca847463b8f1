import { Tensor } from '../core/tensor.js';
import { zeros } from '../core/creation.js';
import { ValueError } from '../core/errors.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { ModuleDict } from '../nn/containers.js';

type Layer = Module & { forward(x: Tensor): Tensor };

/**
 * Hard parameter sharing (Caruana 1997): one trunk computes a shared representation and one head
 * per task reads it.
 * @example
 * const net = new MultiTaskNetwork(trunk, { digit: new nn.Linear(128, 10), parity: new nn.Linear(128, 2) });
 * const { digit, parity } = net.forward(x);
 */
export class MultiTaskNetwork extends Module {
  trunk: Layer;
  heads: ModuleDict<Layer>;
  readonly tasks: string[];
  constructor(trunk: Layer, heads: Record<string, Layer>) {
    super();
    this.tasks = Object.keys(heads);
    if (!this.tasks.length) throw new ValueError('MultiTaskNetwork: give at least one task head');
    this.trunk = trunk;
    this.heads = new ModuleDict(heads);
  }
  forward(x: Tensor): Record<string, Tensor> {
    const h = this.trunk.forward(x);
    return Object.fromEntries(this.tasks.map((t) => [t, this.heads.get(t)!.forward(h)]));
  }
}

/**
 * Homoscedastic uncertainty weighting (Kendall, Gal & Cipolla 2018): each task i has a learned
 * log-variance sᵢ and the total loss is Σᵢ exp(−sᵢ)·Lᵢ + sᵢ (eq. 10 with s = log σ² and the
 * constant factors of the classification and regression cases dropped). Tasks with noisier losses
 * learn larger sᵢ and so smaller weights; the sᵢ term stops the trivial solution σ → ∞.
 * @example
 * const w = new UncertaintyWeighting(['digit', 'parity']);
 * const total = w.forward({ digit: l1, parity: l2 }); // train w.parameters() with the network
 */
export class UncertaintyWeighting extends Module {
  logVar: Parameter;
  constructor(readonly tasks: string[]) {
    super();
    if (!tasks.length) throw new ValueError('UncertaintyWeighting: give at least one task');
    this.logVar = new Parameter(zeros([tasks.length]));
  }
  forward(losses: Record<string, Tensor>): Tensor {
    let total: Tensor | null = null;
    this.tasks.forEach((t, i) => {
      const l = losses[t];
      if (!l) throw new ValueError(`UncertaintyWeighting: no loss for task '${t}'; got ${Object.keys(losses).join(', ') || 'none'}`);
      const s = this.logVar.select(0, i);
      const term = s.neg().exp().mul(l).add(s);
      total = total ? total.add(term) : term;
    });
    return total!;
  }
  /** Current weights exp(−sᵢ) by task. */
  weights(): Record<string, number> {
    return Object.fromEntries(this.tasks.map((t, i) => [t, Math.exp(-this.logVar.data[i])]));
  }
}
