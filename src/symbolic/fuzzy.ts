import { Tensor, type TensorLike } from '../core/tensor.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { toTensor } from '../core/ops/binary.js';

/**
 * Differentiable fuzzy logic over truth degrees in [0, 1] (tensors that broadcast together), as
 * used by Logic Tensor Networks (Badreddine et al. 2022) and differentiable fuzzy logics
 * (van Krieken et al. 2022). Every connective is built from tensor ops, so a loss on a formula's
 * truth trains the networks that produced the degrees.
 */
export interface FuzzyLogic {
  readonly name: string;
  /** t-norm (conjunction). */
  and(a: TensorLike, b: TensorLike): Tensor;
  /** t-conorm (disjunction), the De Morgan dual of `and` under 1 − x. */
  or(a: TensorLike, b: TensorLike): Tensor;
  /** Implication a → b (the residuum or S-implication that goes with the t-norm). */
  implies(a: TensorLike, b: TensorLike): Tensor;
  not(a: TensorLike): Tensor;
}

const t = (x: TensorLike) => toTensor(x);
const not = (a: TensorLike) => t(a).rsub(1);

/**
 * Product logic: T(a, b) = ab, S(a, b) = a + b − ab, Reichenbach implication 1 − a + ab
 * (the choice of LTN, whose gradients never vanish inside (0, 1)).
 * @example product.and(tensor([0.5]), tensor([0.4])).item(); // 0.2
 */
export const product: FuzzyLogic = {
  name: 'product',
  and: (a, b) => t(a).mul(b),
  or: (a, b) => t(a).add(b).sub(t(a).mul(b)),
  implies: (a, b) => t(a).rsub(1).add(t(a).mul(b)),
  not,
};

/**
 * Łukasiewicz logic: T(a, b) = max(0, a + b − 1), S(a, b) = min(1, a + b), implication
 * min(1, 1 − a + b). Its gradients are constant where they are nonzero.
 * @example lukasiewicz.and(tensor([0.5]), tensor([0.4])).item(); // 0
 */
export const lukasiewicz: FuzzyLogic = {
  name: 'lukasiewicz',
  and: (a, b) => t(a).add(b).sub(1).clamp(0, null),
  or: (a, b) => t(a).add(b).clamp(null, 1),
  implies: (a, b) => t(a).rsub(1).add(b).clamp(null, 1),
  not,
};

/**
 * Gödel (min/max) logic with the Kleene–Dienes implication max(1 − a, b); only the argmin/argmax
 * receives gradient, a known weakness of this logic for learning.
 * @example godel.or(tensor([0.5]), tensor([0.4])).item(); // 0.5
 */
export const godel: FuzzyLogic = {
  name: 'godel',
  and: (a, b) => t(a).minimum(b),
  or: (a, b) => t(a).maximum(b),
  implies: (a, b) => t(a).rsub(1).maximum(b),
  not,
};

export interface QuantifierOptions {
  /** Exponent p ≥ 1: 1 is the mean, larger values approach min (∀) or max (∃). LTN defaults: ∀ p = 2, ∃ p = 6 in its examples. */
  p?: number;
  /** Dims to quantify over (default: all). */
  dim?: number | number[];
  keepDim?: boolean;
  /**
   * LTN's stable projections (Badreddine et al. 2022, sec. 5.1): truths are mapped into
   * [ε, 1] (∃) or [0, 1 − ε] (∀) so the p-th root keeps a finite gradient at 0 and 1. 0 turns them off.
   */
  eps?: number;
  /**
   * Guarded quantification (LTN's `mask`, Badreddine et al. 2022, sec. 2.4): a 0/1 tensor of the
   * same shape as the truths; only elements where it is 1 enter the p-mean, so "∃ (a, b) with
   * a + b = n" averages over the consistent pairs only. Every reduced slice must keep one element.
   */
  mask?: Tensor;
}

function checkP(who: string, p: number): void {
  if (!(p >= 1) || !Number.isFinite(p)) throw new ValueError(`${who}: p must be a finite number >= 1 (1 = mean, larger = closer to ${who === 'forall' ? 'min' : 'max'}), got ${p}`);
}

/** (mean over the kept elements of y^p)^(1/p), the mean taken over `dim` and restricted to the mask. */
function pMean(who: string, y: Tensor, p: number, opts: QuantifierOptions): Tensor {
  const keep = opts.keepDim ?? false;
  if (!opts.mask) return y.pow(p).mean(opts.dim, keep).pow(1 / p);
  const m = opts.mask;
  if (m.shape.length !== y.shape.length || m.shape.some((d, i) => d !== y.shape[i])) {
    throw new ShapeError(`${who}: the mask must have the truths' shape [${y.shape.join(', ')}], got [${m.shape.join(', ')}]`);
  }
  const count = m.float().sum(opts.dim, keep);
  const empty = count.data.findIndex((c) => !(c > 0));
  if (empty >= 0) throw new ValueError(`${who}: the mask keeps no element in reduced slice ${empty}; a guard that selects nothing has no truth value, so drop that example or widen the guard`);
  return y.pow(p).mul(m.float()).sum(opts.dim, keep).div(count).pow(1 / p);
}

/**
 * Universal quantifier as the p-mean error: ∀ = 1 − (mean((1 − a)^p))^(1/p) (LTN, "pME").
 * The weight of each element in the gradient grows as (1 − a)^(p−1), so p > 1 focuses learning on
 * the least satisfied examples.
 * @example forall(tensor([1, 1, 0.5]), { p: 2 }).item(); // ≈ 0.711
 */
export function forall(a: Tensor, opts: QuantifierOptions = {}): Tensor {
  const p = opts.p ?? 2, eps = opts.eps ?? 1e-4;
  checkP('forall', p);
  const x = eps > 0 ? a.mul(1 - eps) : a;
  return pMean('forall', x.rsub(1), p, opts).rsub(1);
}

/**
 * Existential quantifier as the generalised p-mean: ∃ = (mean(a^p))^(1/p) (LTN, "pM").
 * Each element's share of the gradient is proportional to a^(p−1): p = 1 spreads it evenly over the
 * candidates (the gradient of a probability sum), large p gives nearly all of it to the current
 * best candidate, which locks in early guesses; hence LTN starts at p = 1 and raises p during training.
 * @example exists(tensor([0, 0, 1]), { p: 1 }).item(); // ≈ 0.333
 */
export function exists(a: Tensor, opts: QuantifierOptions = {}): Tensor {
  const p = opts.p ?? 2, eps = opts.eps ?? 1e-4;
  checkP('exists', p);
  const x = eps > 0 ? a.mul(1 - eps).add(eps) : a;
  return pMean('exists', x, p, opts);
}

/** Logic by name. @example fuzzyLogic('product').and(a, b) */
export function fuzzyLogic(name: 'product' | 'lukasiewicz' | 'godel'): FuzzyLogic {
  const l = { product, lukasiewicz, godel }[name];
  if (!l) throw new ValueError(`fuzzyLogic: unknown logic '${name}'; use 'product', 'lukasiewicz' or 'godel'`);
  return l;
}
