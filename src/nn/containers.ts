import { Tensor } from '../core/tensor.js';
import { Module } from './module.js';
import { IndexError } from '../core/errors.js';

/** Anything with a one-argument forward can be chained. */
type Layer = Module & { forward(x: Tensor): Tensor };

/** Submodules stored under the keys '0', '1', ... so state-dict names match PyTorch's. */
abstract class IndexedModules<M extends Module> extends Module {
  /** Word for the items in error messages. */
  protected readonly itemName: string = 'modules';
  constructor(modules: M[]) {
    super();
    modules.forEach((m, i) => { (this as unknown as Record<string, Module>)[String(i)] = m; });
  }
  get length(): number { return this.children().length; }
  at(i: number): M {
    const kids = this.children();
    const j = i < 0 ? i + kids.length : i;
    if (j < 0 || j >= kids.length) throw new IndexError(`${this.constructor.name}.at: index ${i} out of range for ${kids.length} ${this.itemName}`);
    return kids[j] as M;
  }
  append(m: M): this { (this as unknown as Record<string, Module>)[String(this.length)] = m; return this; }
  [Symbol.iterator](): Iterator<M> { return (this.children() as M[])[Symbol.iterator](); }
}

/**
 * Runs modules in order; state-dict keys are '0.weight', '1.bias' ... as in PyTorch.
 * @example const mlp = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 1));
 */
export class Sequential extends IndexedModules<Layer> {
  protected override readonly itemName: string = 'layers';
  constructor(...layers: Layer[]) { super(layers); }
  forward(x: Tensor): Tensor {
    for (const m of this.children()) x = (m as Layer).forward(x);
    return x;
  }
}

/** Holds submodules in a list so their parameters are registered ('0.weight', ...). */
export class ModuleList<M extends Module = Module> extends IndexedModules<M> {
  constructor(modules: M[] = []) { super(modules); }
  forward(): never { throw new Error('ModuleList has no forward(); iterate over its modules instead'); }
}

/** Holds submodules by name. */
export class ModuleDict<M extends Module = Module> extends Module {
  constructor(modules: Record<string, M> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) (this as unknown as Record<string, Module>)[k] = m;
  }
  get(key: string): M | undefined { return (this as unknown as Record<string, M>)[key]; }
  forward(): never { throw new Error('ModuleDict has no forward(); call its modules by key'); }
}
