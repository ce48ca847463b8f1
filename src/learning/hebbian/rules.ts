import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { checkActivity, checkRate, type PlasticityRule } from './rule.js';

/**
 * Plain Hebbian learning with passive decay: ΔW = η·⟨y xᵀ⟩ − λ·W (Hebb 1949; the decay term keeps
 * the otherwise unbounded growth in check, Dayan & Abbott 2001 §8.2).
 * @example new HebbRule({ lr: 0.1, decay: 0.01 }).delta(w, x, y);
 */
export class HebbRule implements PlasticityRule {
  readonly name = 'hebb';
  readonly lr: number; readonly decay: number;
  constructor(opts: { lr: number; decay?: number }) {
    checkRate('HebbRule', 'lr', opts.lr); checkRate('HebbRule', 'decay', opts.decay ?? 0, true);
    this.lr = opts.lr; this.decay = opts.decay ?? 0;
  }
  delta(weight: Tensor, pre: Tensor, post: Tensor): Tensor {
    const [batch] = checkActivity(this.name, weight, pre, post);
    return noGrad(() => post.T.matmul(pre).mul(this.lr / batch).sub(weight.detach().mul(this.decay)));
  }
}

/**
 * Oja's rule ΔWᵢⱼ = η·⟨yᵢ (xⱼ − yᵢ Wᵢⱼ)⟩ (Oja 1982): Hebbian growth with a decay proportional to
 * y², so each unit's weight vector converges to unit length along the first principal component.
 * @example new OjaRule({ lr: 0.01 });
 */
export class OjaRule implements PlasticityRule {
  readonly name = 'oja';
  readonly lr: number;
  constructor(opts: { lr: number }) { checkRate('OjaRule', 'lr', opts.lr); this.lr = opts.lr; }
  delta(weight: Tensor, pre: Tensor, post: Tensor): Tensor {
    const [batch] = checkActivity(this.name, weight, pre, post);
    return noGrad(() => {
      const hebb = post.T.matmul(pre);
      const y2 = post.mul(post).sum(0).unsqueeze(1);
      return hebb.sub(weight.detach().mul(y2)).mul(this.lr / batch);
    });
  }
}

/**
 * Sanger's generalized Hebbian algorithm ΔW = η·⟨y xᵀ − LT(y yᵀ) W⟩ (Sanger 1989): each unit
 * subtracts what the units above it already explain, so row k converges to the k-th principal
 * component, in order.
 * @example new SangerRule({ lr: 0.01 });
 */
export class SangerRule implements PlasticityRule {
  readonly name = 'sanger';
  readonly lr: number;
  constructor(opts: { lr: number }) { checkRate('SangerRule', 'lr', opts.lr); this.lr = opts.lr; }
  delta(weight: Tensor, pre: Tensor, post: Tensor): Tensor {
    const [batch, out] = checkActivity(this.name, weight, pre, post);
    return noGrad(() => {
      const yy = post.T.matmul(post);
      const lt = yy.data as Float32Array;
      for (let i = 0; i < out; i++) for (let k = i + 1; k < out; k++) lt[i * out + k] = 0;
      return post.T.matmul(pre).sub(yy.matmul(weight.detach())).mul(this.lr / batch);
    });
  }
}

/**
 * BCM rule ΔWᵢⱼ = η·⟨yᵢ (yᵢ − θᵢ) xⱼ⟩ with a sliding threshold θᵢ that tracks ⟨yᵢ²⟩
 * (Bienenstock, Cooper & Munro 1982; the quadratic threshold of Intrator & Cooper 1992):
 * activity above θ potentiates, below depresses, and θ rising with activity stabilises learning
 * and makes units selective. θ advances by τ-weighted averaging at every call.
 * @example const bcm = new BCMRule({ lr: 1e-3, tauTheta: 10, outFeatures: 4 });
 */
export class BCMRule implements PlasticityRule {
  readonly name = 'bcm';
  readonly lr: number; readonly tauTheta: number;
  /** The modification threshold of each postsynaptic unit. */
  readonly theta: Float32Array;
  constructor(opts: { lr: number; tauTheta: number; outFeatures: number; theta0?: number }) {
    checkRate('BCMRule', 'lr', opts.lr); checkRate('BCMRule', 'tauTheta', opts.tauTheta);
    if (!Number.isInteger(opts.outFeatures) || opts.outFeatures <= 0) throw new RangeError(`BCMRule: outFeatures must be a positive integer, got ${opts.outFeatures}`);
    this.lr = opts.lr; this.tauTheta = opts.tauTheta;
    this.theta = new Float32Array(opts.outFeatures).fill(opts.theta0 ?? 0);
  }
  delta(weight: Tensor, pre: Tensor, post: Tensor): Tensor {
    const [batch, out] = checkActivity(this.name, weight, pre, post);
    if (out !== this.theta.length) throw new RangeError(`BCMRule: built for ${this.theta.length} output units, the weight has ${out}`);
    return noGrad(() => {
      const th = new Tensor(Float32Array.from(this.theta), [1, out]);
      const phi = post.mul(post.sub(th));
      const d = phi.T.matmul(pre).mul(this.lr / batch);
      // θ ← θ + (⟨y²⟩ − θ)/τθ, updated after the weight change uses the old threshold.
      const y2 = post.mul(post).mean(0).data;
      for (let i = 0; i < out; i++) this.theta[i] += (y2[i] - this.theta[i]) / this.tauTheta;
      return d;
    });
  }
}

/**
 * Competitive (winner-take-all) learning: for each sample only the winning unit learns, moving
 * its weight vector towards the input, ΔW_k = η (x − W_k) (Rumelhart & Zipser 1985). The winner is
 * the unit with the largest `post` activity, or with `winner: 'nearest'` the closest weight
 * vector (vector quantisation), which ignores `post`.
 * @example new CompetitiveRule({ lr: 0.05, winner: 'nearest' });
 */
export class CompetitiveRule implements PlasticityRule {
  readonly name = 'competitive';
  readonly lr: number; readonly winner: 'max' | 'nearest';
  constructor(opts: { lr: number; winner?: 'max' | 'nearest' }) {
    checkRate('CompetitiveRule', 'lr', opts.lr);
    this.lr = opts.lr; this.winner = opts.winner ?? 'max';
  }
  /** Index of the winning unit for each sample. */
  winners(weight: Tensor, pre: Tensor, post: Tensor): Int32Array {
    const [batch, out, inp] = checkActivity(this.name, weight, pre, post);
    const w = weight.data, x = pre.data, y = post.data;
    const win = new Int32Array(batch);
    for (let b = 0; b < batch; b++) {
      let best = 0, bestV = Infinity;
      for (let k = 0; k < out; k++) {
        let v: number;
        if (this.winner === 'max') v = -y[b * out + k];
        else { v = 0; for (let j = 0; j < inp; j++) { const d = x[b * inp + j] - w[k * inp + j]; v += d * d; } }
        if (v < bestV) { bestV = v; best = k; }
      }
      win[b] = best;
    }
    return win;
  }
  delta(weight: Tensor, pre: Tensor, post: Tensor): Tensor {
    const [batch, out, inp] = checkActivity(this.name, weight, pre, post);
    const win = this.winners(weight, pre, post);
    const d = new Float32Array(out * inp), w = weight.data, x = pre.data;
    const s = this.lr / batch;
    for (let b = 0; b < batch; b++) {
      const k = win[b];
      for (let j = 0; j < inp; j++) d[k * inp + j] += s * (x[b * inp + j] - w[k * inp + j]);
    }
    return new Tensor(d, [out, inp]);
  }
}
