import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { fmt } from '../../core/shape.js';
import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';

/**
 * A rate-based plasticity rule: maps a layer's weights W [out, in], presynaptic activity
 * x [batch, in] and postsynaptic activity y [batch, out] to a weight change ΔW [out, in]
 * (averaged over the batch). Rules act on data-level firing rates; spike-timing rules live in neuro/.
 */
export interface PlasticityRule {
  readonly name: string;
  /** The weight change for one batch. Stateful rules (BCM's threshold) advance their state here. */
  delta(weight: Tensor, pre: Tensor, post: Tensor): Tensor;
}

/** Checks W [out, in], x [batch, in], y [batch, out] and returns [batch, out, in]. */
export function checkActivity(rule: string, weight: Tensor, pre: Tensor, post: Tensor): [number, number, number] {
  for (const [what, t] of [['weight', weight], ['pre', pre], ['post', post]] as const) {
    if (t.dtype !== 'float32') throw new DTypeError(`${rule}: ${what} must be float32, got ${t.dtype}; call .float() first`);
    if (t.ndim !== 2) throw new ShapeError(`${rule}: ${what} must be 2-D (${what === 'weight' ? '[out, in]' : '[batch, units]'}), got ${fmt(t.shape)}`);
  }
  const [out, inp] = weight.shape;
  if (pre.shape[1] !== inp) throw new ShapeError(`${rule}: pre activity ${fmt(pre.shape)} has ${pre.shape[1]} units but the weight ${fmt(weight.shape)} has ${inp} inputs`);
  if (post.shape[1] !== out) throw new ShapeError(`${rule}: post activity ${fmt(post.shape)} has ${post.shape[1]} units but the weight ${fmt(weight.shape)} has ${out} outputs`);
  if (pre.shape[0] !== post.shape[0]) throw new ShapeError(`${rule}: pre ${fmt(pre.shape)} and post ${fmt(post.shape)} have different batch sizes`);
  if (pre.shape[0] === 0) throw new ShapeError(`${rule}: empty batch`);
  return [pre.shape[0], out, inp];
}

export function checkRate(rule: string, name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ValueError(`${rule}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} finite number, got ${v}`);
  }
}

/**
 * Applies `rule` to `weight` in place: W ← W + ΔW. When `post` is omitted the layer is taken as
 * linear, y = x Wᵀ, which is what Oja's and Sanger's analyses assume.
 * @example
 * const w = randn([1, 2]).mul(0.1);
 * applyRule(new OjaRule({ lr: 0.01 }), w, randn([32, 2]));
 */
export function applyRule(rule: PlasticityRule, weight: Tensor, pre: Tensor, post?: Tensor): Tensor {
  return noGrad(() => {
    const y = post ?? linearResponse(weight, pre);
    const d = rule.delta(weight, pre, y);
    const w = weight.data as Float32Array, dd = d.data as Float32Array;
    for (let i = 0; i < w.length; i++) w[i] += dd[i];
    return d;
  });
}

/** y = x Wᵀ for W [out, in], outside the autograd graph. */
export function linearResponse(weight: Tensor, pre: Tensor): Tensor {
  if (pre.ndim !== 2 || weight.ndim !== 2 || pre.shape[1] !== weight.shape[1]) {
    throw new ShapeError(`linearResponse: pre ${fmt(pre.shape)} does not match weight ${fmt(weight.shape)} (need [batch, ${weight.shape[1]}])`);
  }
  return noGrad(() => pre.detach().matmul(weight.detach().T));
}
