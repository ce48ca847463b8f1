import { Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer.js';
import type { Parameter } from '../nn/parameter.js';

export interface RMSpropOptions { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean }

/**
 * RMSprop (Hinton's lecture 6e) as torch.optim.RMSprop, including centered, momentum and maximize variants.
 * @example new optim.RMSprop(model.parameters(), { lr: 0.01 });
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Parameter[] | ParamGroupInput<RMSpropOptions>[], opts: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...opts });
  }
  protected update(p: Parameter, grad: Float32Array, st: Record<string, number | Float32Array>, g: ParamGroup<RMSpropOptions>): void {
    const n = p.numel(), w = p.data as Float32Array;
    const sq = this.buffer(st, 'squareAvg', n);
    const ga = g.centered ? this.buffer(st, 'gradAvg', n) : null;
    const buf = g.momentum > 0 ? this.buffer(st, 'momentumBuffer', n) : null;
    st.step = ((st.step as number) ?? 0) + 1;
    for (let i = 0; i < n; i++) {
      // maximize ascends: the gradient flips before weight decay, as in torch.optim.
      let gi = g.maximize ? -grad[i] : grad[i];
      if (g.weightDecay) gi += g.weightDecay * w[i];
      sq[i] = g.alpha * sq[i] + (1 - g.alpha) * gi * gi;
      let avg: number;
      if (ga) { ga[i] = g.alpha * ga[i] + (1 - g.alpha) * gi; avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + g.eps; }
      else avg = Math.sqrt(sq[i]) + g.eps;
      if (buf) { buf[i] = g.momentum * buf[i] + gi / avg; w[i] -= g.lr * buf[i]; }
      else w[i] -= g.lr * gi / avg;
    }
  }
}
