import { Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer.js';
import type { Parameter } from '../nn/parameter.js';
import { backend } from '../backend/registry.js';
import { ValueError } from '../core/errors.js';

export interface AdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean }

abstract class AdamBase extends Optimizer<AdamOptions> {
  protected abstract readonly decoupled: boolean;
  protected override validate(g: AdamOptions): void {
    super.validate(g);
    const [b1, b2] = g.betas;
    if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) throw new ValueError(`${this.constructor.name}: betas must be in [0, 1), got [${b1}, ${b2}]`);
    if (!(g.eps >= 0)) throw new ValueError(`${this.constructor.name}: eps must be >= 0, got ${g.eps}`);
  }
  protected update(p: Parameter, grad: Float32Array, st: Record<string, number | Float32Array>, g: ParamGroup<AdamOptions>): void {
    const n = p.numel();
    st.step = ((st.step as number) ?? 0) + 1;
    const m = this.buffer(st, 'expAvg', n), v = this.buffer(st, 'expAvgSq', n);
    const vmax = g.amsgrad ? this.buffer(st, 'maxExpAvgSq', n) : null;
    backend().adamStep(p.data as Float32Array, grad, m, v, vmax, {
      lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps, weightDecay: g.weightDecay,
      step: st.step, decoupled: this.decoupled, amsgrad: g.amsgrad, maximize: g.maximize,
    });
  }
}

/**
 * Adam (Kingma & Ba 2015); `weightDecay` adds an L2 term to the gradient, as torch.optim.Adam.
 * @example const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends AdamBase {
  protected readonly decoupled = false;
  constructor(params: Parameter[] | ParamGroupInput<AdamOptions>[], opts: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...opts });
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019): weight decay applied to the weights directly (default 0.01).
 * @example const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;
  constructor(params: Parameter[] | ParamGroupInput<AdamOptions>[], opts: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...opts });
  }
}
