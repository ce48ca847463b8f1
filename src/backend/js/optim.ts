import type { AdamArgs, SgdArgs } from '../backend.js';

/** torch.optim.SGD update for one tensor (weight decay, momentum with dampening, Nesterov). */
export function sgdStep(p: Float32Array, g: Float32Array, buf: Float32Array | null, a: SgdArgs): void {
  const { lr, momentum, dampening, nesterov, weightDecay, firstStep, maximize } = a;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i] : g[i];
    if (weightDecay !== 0) d += weightDecay * p[i];
    if (momentum !== 0 && buf) {
      const b = firstStep ? d : momentum * buf[i] + (1 - dampening) * d;
      buf[i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    p[i] -= lr * d;
  }
}

/** torch.optim.Adam / AdamW update for one tensor. */
export function adamStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | null, a: AdamArgs): void {
  const { lr, beta1, beta2, eps, weightDecay, step, decoupled, amsgrad, maximize } = a;
  const bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
  const stepSize = lr / bc1, sqrtBc2 = Math.sqrt(bc2);
  for (let i = 0; i < p.length; i++) {
    let gi = maximize ? -g[i] : g[i];
    if (weightDecay !== 0) {
      if (decoupled) p[i] *= 1 - lr * weightDecay;
      else gi += weightDecay * p[i];
    }
    m[i] = beta1 * m[i] + (1 - beta1) * gi;
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
    let vv = v[i];
    if (amsgrad && vmax) { if (vv > vmax[i]) vmax[i] = vv; vv = vmax[i]; }
    p[i] -= stepSize * m[i] / (Math.sqrt(vv) / sqrtBc2 + eps);
  }
}
