import { Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer.js';
import type { Parameter } from '../nn/parameter.js';

export interface AdagradOptions { lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number; maximize: boolean }

/**
 * Adagrad (Duchi et al. 2011) as torch.optim.Adagrad, with lrDecay and maximize.
 * @example new optim.Adagrad(model.parameters(), { lr: 0.01 });
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Parameter[] | ParamGroupInput<AdagradOptions>[], opts: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...opts });
  }
  protected update(p: Parameter, grad: Float32Array, st: Record<string, number | Float32Array>, g: ParamGroup<AdagradOptions>): void {
    const n = p.numel(), w = p.data as Float32Array;
    const sum = this.buffer(st, 'sum', n, g.initialAccumulatorValue);
    st.step = ((st.step as number) ?? 0) + 1;
    const clr = g.lr / (1 + ((st.step as number) - 1) * g.lrDecay);
    for (let i = 0; i < n; i++) {
      let gi = g.maximize ? -grad[i] : grad[i];
      if (g.weightDecay) gi += g.weightDecay * w[i];
      sum[i] += gi * gi;
      w[i] -= clr * gi / (Math.sqrt(sum[i]) + g.eps);
    }
  }
}
