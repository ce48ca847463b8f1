import { Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer.js';
import type { Parameter } from '../nn/parameter.js';
import { backend } from '../backend/registry.js';
import { ValueError } from '../core/errors.js';

export interface SGDOptions { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean }

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD).
 * @example const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Parameter[] | ParamGroupInput<SGDOptions>[], opts: Partial<SGDOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...opts });
  }
  protected override validate(g: SGDOptions): void {
    super.validate(g);
    if (g.momentum < 0) throw new ValueError(`SGD: momentum must be >= 0, got ${g.momentum}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new ValueError('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
  }
  protected update(p: Parameter, grad: Float32Array, st: Record<string, number | Float32Array>, g: ParamGroup<SGDOptions>): void {
    const first = !st.momentumBuffer;
    const buf = g.momentum !== 0 ? this.buffer(st, 'momentumBuffer', p.numel()) : null;
    backend().sgdStep(p.data as Float32Array, grad, buf, {
      lr: g.lr, momentum: g.momentum, dampening: g.dampening, nesterov: g.nesterov, weightDecay: g.weightDecay, firstStep: first, maximize: g.maximize,
    });
  }
}
