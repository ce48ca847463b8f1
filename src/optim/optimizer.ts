import { Tensor } from '../core/tensor.js';
import { AlchemyError, ValueError } from '../core/errors.js';
import type { Parameter } from '../nn/parameter.js';

export type ParamGroupInput<O> = { params: Parameter[] } & Partial<O>;
export type ParamGroup<O> = { params: Parameter[] } & O;

/** Serialisable optimizer state: per-parameter buffers (by index in parameter order) and group hyper-parameters. */
export interface OptimizerState {
  state: Record<string, Record<string, number | number[] | Float32Array>>;
  paramGroups: Record<string, unknown>[];
}

/**
 * Base of every optimizer: parameter groups, per-parameter state, zeroGrad, step and
 * (de)serialisation, as torch.optim.Optimizer.
 */
export abstract class Optimizer<O extends { lr: number }> {
  readonly paramGroups: ParamGroup<O>[];
  /** Per-parameter state (moment buffers, step counts). */
  protected state = new Map<Parameter, Record<string, number | Float32Array>>();

  constructor(params: Parameter[] | ParamGroupInput<O>[], readonly defaults: O) {
    const groups = (params.length && !(params[0] instanceof Tensor) ? params : [{ params }]) as ParamGroupInput<O>[];
    if (groups.length === 0 || groups.every((g) => g.params.length === 0)) {
      throw new ValueError(`${this.constructor.name}: got an empty parameter list; pass model.parameters()`);
    }
    const seen = new Set<Parameter>();
    this.paramGroups = groups.map((g) => {
      for (const p of g.params) {
        if (seen.has(p)) throw new ValueError(`${this.constructor.name}: a parameter appears in more than one group`);
        seen.add(p);
      }
      return { ...defaults, ...g } as ParamGroup<O>;
    });
    for (const g of this.paramGroups) this.validate(g);
  }

  protected validate(g: O): void {
    if (!(g.lr >= 0)) throw new ValueError(`${this.constructor.name}: learning rate must be >= 0, got ${g.lr}`);
  }

  /** Clears the gradients of every parameter. */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** Applies one update from the current gradients. */
  step(): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (!p.grad) continue;
        let st = this.state.get(p);
        if (!st) { st = {}; this.state.set(p, st); }
        this.update(p, p.grad.data as Float32Array, st, g);
      }
    }
  }

  protected abstract update(p: Parameter, grad: Float32Array, state: Record<string, number | Float32Array>, group: ParamGroup<O>): void;

  protected buffer(state: Record<string, number | Float32Array>, key: string, n: number, init = 0): Float32Array {
    let b = state[key] as Float32Array | undefined;
    if (!b) { b = new Float32Array(n); if (init) b.fill(init); state[key] = b; }
    return b;
  }

  /** Every parameter in group order, the index space of stateDict(). */
  private allParams(): Parameter[] { return this.paramGroups.flatMap((g) => g.params); }

  stateDict(): OptimizerState {
    const params = this.allParams();
    const state: OptimizerState['state'] = {};
    params.forEach((p, i) => {
      const st = this.state.get(p);
      if (st) state[String(i)] = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, typeof v === 'number' ? v : Float32Array.from(v)]));
    });
    const paramGroups = this.paramGroups.map((g) => {
      const { params: ps, ...rest } = g;
      return { ...rest, params: ps.map((p) => params.indexOf(p)) };
    });
    return { state, paramGroups };
  }

  loadStateDict(sd: OptimizerState): void {
    const params = this.allParams();
    if (!sd || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.paramGroups.length !== this.paramGroups.length) {
      throw new AlchemyError(`${this.constructor.name}.loadStateDict: the saved state has ${sd?.paramGroups?.length ?? 'no'} parameter groups, this optimizer has ${this.paramGroups.length}`);
    }
    sd.paramGroups.forEach((sg, i) => {
      const ids = sg.params as number[];
      if (!Array.isArray(ids) || ids.length !== this.paramGroups[i].params.length) throw new AlchemyError(`${this.constructor.name}.loadStateDict: group ${i} has ${Array.isArray(ids) ? ids.length : 'no'} parameters saved, ${this.paramGroups[i].params.length} here`);
      const { params: _ignored, ...hyper } = sg;
      Object.assign(this.paramGroups[i], hyper);
    });
    this.state.clear();
    for (const [k, st] of Object.entries(sd.state ?? {})) {
      const p = params[Number(k)];
      if (!p) throw new AlchemyError(`${this.constructor.name}.loadStateDict: state for parameter ${k}, but there are only ${params.length}`);
      const copy: Record<string, number | Float32Array> = {};
      for (const [name, v] of Object.entries(st)) {
        if (typeof v === 'number') copy[name] = v;
        else {
          const arr = Float32Array.from(v as ArrayLike<number>);
          if (arr.length !== p.numel()) throw new AlchemyError(`${this.constructor.name}.loadStateDict: buffer '${name}' of parameter ${k} has ${arr.length} values, the parameter has ${p.numel()}`);
          copy[name] = arr;
        }
      }
      this.state.set(p, copy);
    }
  }
}
