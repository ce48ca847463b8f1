import { Tensor } from '../core/tensor.js';
import { fmt } from '../core/shape.js';
import { IndexError, ShapeError } from '../core/errors.js';
import { Module } from '../nn/module.js';

/** Anything that maps a batch of inputs to a batch of scores [B, classes]: a module or a function. */
export type Scorer = ((x: Tensor) => Tensor) | (Module & { forward(x: Tensor): Tensor });

/** Calls a scorer and checks it returned [B, classes]. */
export function score(model: Scorer, x: Tensor): Tensor {
  const out = model instanceof Module ? model.forward(x) : model(x);
  if (out.ndim !== 2 || out.shape[0] !== x.shape[0]) throw new ShapeError(`explain: the model must return [batch=${x.shape[0]}, classes] scores, got ${fmt(out.shape)}`);
  return out;
}

/** One target class per example (a single number applies to every example). */
export type Target = number | ArrayLike<number>;

/** Resolves `target` to an int32 [B, 1] index, throwing an IndexError naming the range when a class is out of bounds. */
export function targetIndex(who: string, target: Target, batch: number, classes: number): Tensor {
  const t = typeof target === 'number' ? new Array<number>(batch).fill(target) : Array.from(target);
  if (t.length !== batch) throw new ShapeError(`${who}: got ${t.length} targets for a batch of ${batch}; give one class per example or a single number`);
  t.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new IndexError(`${who}: target class ${c} (example ${i}) is out of range for a model with ${classes} outputs; use 0..${classes - 1}`);
  });
  return new Tensor(Int32Array.from(t), [batch, 1]);
}

/** The score of each example's target class, [B]. */
export function targetScores(out: Tensor, idx: Tensor): Tensor {
  return out.gather(1, idx).squeeze(1);
}

/**
 * Gradient of each example's target score with respect to its input, plus those scores.
 * The model is evaluated on a detached copy of `x`, so the caller's tensors stay untouched.
 * @example inputGradient('myMethod', model, x, 3).grad.shape; // x.shape
 */
export function inputGradient(who: string, model: Scorer, x: Tensor, target: Target): { grad: Tensor; scores: Float32Array } {
  const xi = x.detach().clone();
  xi.requiresGrad = true;
  const out = score(model, xi);
  const s = targetScores(out, targetIndex(who, target, x.shape[0], out.shape[1]));
  s.sum().backward();
  return { grad: xi.grad ?? new Tensor(new Float32Array(x.data.length), x.shape), scores: Float32Array.from(s.data) };
}

/**
 * Throws unless `baseline` has the input's shape or the shape of one example. Returns it broadcast to x.
 * @example checkBaseline('ig', x, 0).shape; // x.shape
 */
export function checkBaseline(who: string, x: Tensor, baseline: Tensor | number | undefined): Tensor {
  if (baseline === undefined || typeof baseline === 'number') return new Tensor(new Float32Array(x.data.length).fill(baseline ?? 0), x.shape);
  const one = x.shape.slice(1);
  const same = baseline.ndim === x.ndim && baseline.shape.every((d, i) => d === x.shape[i]);
  const perExample = baseline.ndim === one.length && baseline.shape.every((d, i) => d === one[i]);
  if (!same && !perExample) {
    throw new ShapeError(`${who}: baseline has shape ${fmt(baseline.shape)} but the input is ${fmt(x.shape)}; give a baseline of shape ${fmt(x.shape)} or ${fmt(one)} (one example), or a number`);
  }
  return same ? baseline.float() : baseline.float().unsqueeze(0).expand([...x.shape]).contiguous().clone().detach();
}
