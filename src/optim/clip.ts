import type { Tensor } from '../core/tensor.js';
import { ValueError } from '../core/errors.js';

/**
 * Scales all gradients together so their joint norm is at most maxNorm; returns the norm before
 * clipping (torch.nn.utils.clip_grad_norm_). A non-finite norm throws when errorIfNonfinite.
 * @example const norm = clipGradNorm(model.parameters(), 1.0);
 */
export function clipGradNorm(params: Tensor[], maxNorm: number, normType = 2, errorIfNonfinite = false): number {
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => !!g);
  let total = 0;
  if (normType === Infinity) {
    for (const g of grads) for (const v of g.data) total = Math.max(total, Math.abs(v));
  } else {
    for (const g of grads) for (const v of g.data) total += Math.pow(Math.abs(v), normType);
    total = Math.pow(total, 1 / normType);
  }
  if (!Number.isFinite(total) && errorIfNonfinite) {
    throw new ValueError(`clipGradNorm: the total gradient norm is ${total}; a NaN or Inf gradient reached the parameters (turn on detectAnomaly(true) to find the op)`);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const g of grads) { const d = g.data; for (let i = 0; i < d.length; i++) d[i] *= coef; }
  return total;
}

/** Clamps every gradient value into [−clip, clip]. */
export function clipGradValue(params: Tensor[], clip: number): void {
  for (const p of params) if (p.grad) { const d = p.grad.data; for (let i = 0; i < d.length; i++) d[i] = Math.max(-clip, Math.min(clip, d[i])); }
}
