import { Tensor, fromOp } from '../../core/tensor.js';
import { fmt, sameShape } from '../../core/shape.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../../core/errors.js';
import { where } from '../../core/ops/binary.js';

export type Reduction = 'mean' | 'sum' | 'none';

function reduce(loss: Tensor, reduction: Reduction, op: string): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'none') return loss;
  throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${reduction as string}'`);
}

function sameShapes(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: input ${fmt(input.shape)} and target ${fmt(target.shape)} must have the same shape`);
  }
}

/** Mean squared error. @example mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2 */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  sameShapes('mseLoss', input, target);
  const d = input.sub(target);
  return reduce(d.mul(d), reduction, 'mseLoss');
}

/** Mean absolute error. */
export function l1Loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  sameShapes('l1Loss', input, target);
  return reduce(input.sub(target).abs(), reduction, 'l1Loss');
}

/** Huber loss: quadratic within `delta`, linear outside (robust regression, DQN). */
export function huberLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean', delta = 1): Tensor {
  sameShapes('huberLoss', input, target);
  const d = input.sub(target), a = d.abs();
  const loss = where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta));
  return reduce(loss, reduction, 'huberLoss');
}

/** Smooth L1 = Huber / beta (plain L1 when beta is 0). */
export function smoothL1Loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean', beta = 1): Tensor {
  if (beta === 0) return l1Loss(input, target, reduction);
  sameShapes('smoothL1Loss', input, target);
  return reduce(huberLoss(input, target, 'none', beta).div(beta), reduction, 'smoothL1Loss');
}

/**
 * Binary cross-entropy on probabilities (apply sigmoid first; prefer bceWithLogits for stability).
 * Logs are clamped at -100 as in PyTorch so a probability of exactly 0 or 1 gives a finite loss.
 */
export function bceLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean', weight?: Tensor): Tensor {
  sameShapes('bceLoss', input, target);
  for (const v of input.data) if (!(v >= 0 && v <= 1)) throw new ValueError(`bceLoss: input must hold probabilities in [0, 1], found ${v}; use bceWithLogits for raw scores`);
  const logp = input.log().clamp(-100), log1mp = input.rsub(1).log().clamp(-100);
  let loss = target.mul(logp).add(target.rsub(1).mul(log1mp)).neg();
  if (weight) loss = loss.mul(weight);
  return reduce(loss, reduction, 'bceLoss');
}

/**
 * Binary cross-entropy on logits: softplus(x) − x·t, or with posWeight (1 − t)·x + lw·softplus(−x),
 * lw = 1 + (posWeight − 1)·t (PyTorch's formulation). softplus is one op with derivative
 * sigmoid(x), so the gradient is sigmoid(x) − t everywhere, including at an exactly zero logit,
 * where a max(x, 0) + log1p(e^−|x|) composition would take the subgradient 0 of |x| and relu.
 */
export function bceWithLogits(input: Tensor, target: Tensor, reduction: Reduction = 'mean', opts: { weight?: Tensor; posWeight?: Tensor } = {}): Tensor {
  sameShapes('bceWithLogits', input, target);
  let loss: Tensor;
  if (opts.posWeight) {
    const lw = opts.posWeight.sub(1).mul(target).add(1);
    loss = target.rsub(1).mul(input).add(lw.mul(input.neg().softplus()));
  } else {
    loss = input.softplus().sub(input.mul(target));
  }
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, reduction, 'bceWithLogits');
}

export interface NllOptions { weight?: Tensor; ignoreIndex?: number; reduction?: Reduction }

/** Moves the class dim (1) last and flattens: [N, C, d...] → [N·d..., C]; targets likewise. */
function flattenClasses(op: string, input: Tensor, target: Tensor): [Tensor, Tensor, number[]] {
  if (input.ndim < 1) throw new ShapeError(`${op}: input must have a class dim, got shape ${fmt(input.shape)}`);
  if (input.ndim === 1) return [input.reshape(1, -1), target.reshape(-1), []];
  const C = input.shape[1];
  const spatial = input.shape.slice(2);
  const expectT = [input.shape[0], ...spatial];
  if (!sameShape(target.shape, expectT)) {
    throw new ShapeError(`${op}: input ${fmt(input.shape)} needs class-index targets of shape ${fmt(expectT)}, got ${fmt(target.shape)}`);
  }
  if (input.ndim === 2) return [input, target, expectT];
  const perm = [0, ...spatial.map((_, i) => i + 2), 1];
  return [input.permute(perm).reshape(-1, C), target.reshape(-1), expectT];
}

/**
 * Negative log-likelihood of class indices given log-probabilities [N, C] (or [N, C, d...]).
 * With weights, 'mean' divides by the summed weights of the counted targets (as PyTorch).
 */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: NllOptions = {}): Tensor {
  if (target.dtype === 'float32') throw new DTypeError(`nllLoss: target must hold int32 class indices, got float32; use .int() (or pass probabilities to crossEntropy)`);
  const reduction = opts.reduction ?? 'mean', ignore = opts.ignoreIndex ?? -100;
  const [x, t, outShape] = flattenClasses('nllLoss', logProbs, target);
  const [N, C] = x.shape;
  const w = opts.weight;
  if (w && (w.ndim !== 1 || w.shape[0] !== C)) throw new ShapeError(`nllLoss: weight must have shape [${C}] (one per class), got ${fmt(w.shape)}`);
  const per = new Float32Array(N), wi = new Float32Array(N);
  let wsum = 0;
  for (let i = 0; i < N; i++) {
    const c = t.data[i];
    if (c === ignore) continue;
    if (c < 0 || c >= C) throw new IndexError(`nllLoss: target ${c} at position ${i} is out of range for ${C} classes (expected 0..${C - 1}${opts.ignoreIndex !== undefined ? ` or ignoreIndex ${ignore}` : ''})`);
    const wc = w ? w.data[c] : 1;
    wi[i] = wc; wsum += wc;
    per[i] = -x.data[i * C + c] * wc;
  }
  const scale = reduction === 'mean' ? 1 / wsum : 1;
  let data: Float32Array, shape: number[];
  if (reduction === 'none') { data = per; shape = outShape.length ? outShape : [N]; if (logProbs.ndim === 1) shape = []; }
  else { let s = 0; for (let i = 0; i < N; i++) s += per[i]; data = new Float32Array([s * scale]); shape = []; }
  return fromOp('nllLoss', data, shape, [x], (g) => {
    const gx = new Float32Array(N * C);
    for (let i = 0; i < N; i++) {
      const c = t.data[i];
      if (c === ignore) continue;
      gx[i * C + c] = -wi[i] * (reduction === 'none' ? g.data[i] : g.data[0] * scale);
    }
    return [new Tensor(gx, x.shape)];
  });
}

export interface CrossEntropyOptions extends NllOptions { labelSmoothing?: number }

/**
 * Cross-entropy between logits [N, C] (or [N, C, d...]) and either int32 class indices or
 * class probabilities of the logits' shape. Supports weights, ignoreIndex and label smoothing.
 * @example crossEntropy(logits, labels) // labels: int32 [N]
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean', eps = opts.labelSmoothing ?? 0;
  if (eps < 0 || eps > 1) throw new ValueError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const classDim = logits.ndim === 1 ? 0 : 1;
  const C = logits.shape[classDim];
  const logp = logits.logSoftmax(classDim);
  const w = opts.weight;
  if (target.dtype === 'float32') {
    sameShapes('crossEntropy (probability targets)', logits, target);
    let t = target;
    if (eps > 0) t = t.mul(1 - eps).add(eps / C);
    let prod = logp.mul(t);
    if (w) prod = prod.mul(w.reshape([C, ...Array(Math.max(0, logits.ndim - 2)).fill(1)]));
    const per = prod.sum(classDim).neg();
    return reduce(per, reduction, 'crossEntropy');
  }
  const nll = nllLoss(logp, target, { weight: w, ignoreIndex: opts.ignoreIndex, reduction });
  if (eps === 0) return nll;
  // Smoothing term: −Σ_c w_c log p_c per sample, masked by ignoreIndex (PyTorch's formulation).
  const ignore = opts.ignoreIndex ?? -100;
  let wl = w ? logp.mul(w.reshape([C, ...Array(Math.max(0, logits.ndim - 2)).fill(1)])) : logp;
  let smooth = wl.sum(classDim).neg();
  const keep = target.ne(ignore).float().reshape([...smooth.shape]);
  smooth = smooth.mul(keep);
  let smoothRed: Tensor;
  if (reduction === 'none') smoothRed = smooth;
  else if (reduction === 'sum') smoothRed = smooth.sum();
  else {
    let denom = 0;
    for (let i = 0; i < target.data.length; i++) {
      const c = target.data[i];
      if (c !== ignore) denom += w ? w.data[c] : 1;
    }
    smoothRed = smooth.sum().div(denom);
  }
  return nll.mul(1 - eps).add(smoothRed.mul(eps / C));
}

/**
 * KL divergence with `input` as log-probabilities and `target` as probabilities (or
 * log-probabilities with logTarget). 'batchmean' divides by the batch size, the mathematically
 * correct KL; 'mean' divides by the element count as PyTorch does.
 */
export function klDiv(input: Tensor, target: Tensor, reduction: Reduction | 'batchmean' = 'mean', logTarget = false): Tensor {
  sameShapes('klDiv', input, target);
  const loss = logTarget
    ? target.exp().mul(target.sub(input))
    : where(target.gt(0), target.mul(target.log().sub(input)), 0);
  if (reduction === 'batchmean') return loss.sum().div(input.shape[0] ?? 1);
  return reduce(loss, reduction, 'klDiv');
}
