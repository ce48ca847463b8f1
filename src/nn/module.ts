import { Tensor } from '../core/tensor.js';
import { Parameter } from './parameter.js';
import { fmt } from '../core/shape.js';
import { AlchemyError, ShapeError } from '../core/errors.js';

/** Raised by loadStateDict when keys or shapes do not match the model. */
export class StateDictError extends AlchemyError {}

export interface LoadStateDictResult { missingKeys: string[]; unexpectedKeys: string[] }

/**
 * Base class of every layer and model. Parameters, buffers and submodules are found by walking
 * the instance's fields (in definition order), so subclasses just assign them, like PyTorch.
 *
 * @example
 * class Net extends nn.Module {
 *   fc = new nn.Linear(4, 2);
 *   forward(x: Tensor) { return this.fc.forward(x).relu(); }
 * }
 * new Net().namedParameters().map(([n]) => n); // ['fc.weight', 'fc.bias']
 */
export abstract class Module {
  /** True in training mode (dropout active, batch-norm uses batch statistics). */
  training = true;

  abstract forward(...args: never[]): unknown;

  /** Registers `t` as a buffer: saved in the state dict (if persistent) but not trained. */
  registerBuffer(name: string, t: Tensor | null, persistent = true): void {
    const meta = this.meta();
    meta.buffers.add(name);
    if (!persistent) meta.nonPersistent.add(name);
    Object.defineProperty(this, name, { value: t, writable: true, enumerable: true, configurable: true });
  }

  private meta(): { buffers: Set<string>; nonPersistent: Set<string> } {
    const self = this as unknown as { __meta?: { buffers: Set<string>; nonPersistent: Set<string> } };
    if (!self.__meta) Object.defineProperty(this, '__meta', { value: { buffers: new Set(), nonPersistent: new Set() }, enumerable: false });
    return self.__meta!;
  }

  /** Direct submodules with their field names (arrays of modules become name.0, name.1 ...). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof Module) out.push([k, v]);
      else if (Array.isArray(v) && v.length && v.every((e) => e instanceof Module)) v.forEach((m, i) => out.push([`${k}.${i}`, m]));
    }
    return out;
  }
  children(): Module[] { return this.namedChildren().map(([, m]) => m); }

  /** This module and all below it, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [k, m] of this.namedChildren()) out.push(...m.namedModules(prefix ? `${prefix}.${k}` : k));
    return out;
  }
  modules(): Module[] { return this.namedModules().map(([, m]) => m); }

  /** Own parameters (not recursing). */
  protected ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof Parameter) out.push([k, v]);
      else if (Array.isArray(v) && v.length && v.every((e) => e instanceof Parameter)) v.forEach((p, i) => out.push([`${k}.${i}`, p]));
    }
    return out;
  }

  /** Every parameter with its dotted name, e.g. ['fc1.weight', Parameter]. Shared parameters appear once. */
  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [k, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${k}` : k, p]);
      }
    }
    return out;
  }
  parameters(): Parameter[] { return this.namedParameters().map(([, p]) => p); }

  /** Every buffer (e.g. running statistics) with its dotted name. */
  namedBuffers(persistentOnly = false): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      const meta = m.meta();
      for (const name of meta.buffers) {
        if (persistentOnly && meta.nonPersistent.has(name)) continue;
        const t = (m as unknown as Record<string, Tensor | null>)[name];
        if (t) out.push([prefix ? `${prefix}.${name}` : name, t]);
      }
    }
    return out;
  }
  buffers(): Tensor[] { return this.namedBuffers().map(([, t]) => t); }

  /** Total number of trainable values. */
  numParameters(trainableOnly = true): number {
    return this.parameters().filter((p) => !trainableOnly || p.requiresGrad).reduce((a, p) => a + p.numel(), 0);
  }

  /** Calls fn on every module (children first, as PyTorch). */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /** Sets training mode on this module and all below it. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode: dropout off, batch-norm uses running statistics. */
  eval(): this { return this.train(false); }

  /** Stops gradients for all parameters (MLX-style freeze). */
  freeze(): this { for (const p of this.parameters()) p.requiresGrad = false; return this; }
  unfreeze(): this { for (const p of this.parameters()) p.requiresGrad = true; return this; }

  /** Clears the gradients of all parameters. */
  zeroGrad(): void { for (const p of this.parameters()) p.grad = null; }

  /** Parameters and persistent buffers by PyTorch-style dotted name. The tensors share storage with the model. */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      for (const [k, p] of m.ownParameters()) out[prefix ? `${prefix}.${k}` : k] = p;
    }
    for (const [k, t] of this.namedBuffers(true)) out[k] = t;
    return out;
  }

  /**
   * Copies values from `dict` into the model. Strict by default: every key must match and every
   * shape must agree, else nothing is changed and the error lists what differs.
   */
  loadStateDict(dict: Record<string, Tensor>, opts: { strict?: boolean } = {}): LoadStateDictResult {
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in dict));
    const unexpectedKeys = Object.keys(dict).filter((k) => !(k in own));
    const mismatched: string[] = [];
    for (const [k, t] of Object.entries(own)) {
      const src = dict[k];
      if (!src) continue;
      if (!(src instanceof Tensor)) { mismatched.push(`${k}: expected a Tensor, got ${typeof src}`); continue; }
      if (fmt(src.shape) !== fmt(t.shape)) mismatched.push(`${k}: checkpoint has shape ${fmt(src.shape)}, model has ${fmt(t.shape)}`);
    }
    if (mismatched.length || (strict && (missingKeys.length || unexpectedKeys.length))) {
      const parts: string[] = [];
      if (missingKeys.length) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      if (mismatched.length) parts.push(`size mismatches: ${mismatched.join('; ')}`);
      throw new StateDictError(`loadStateDict (${this.constructor.name}): ${parts.join(' | ')}. Check that the file was saved from the same architecture${strict ? ', or pass { strict: false } to load the matching keys only' : ''}.`);
    }
    for (const [k, t] of Object.entries(own)) {
      const src = dict[k];
      if (src) t.copy_(src);
    }
    return { missingKeys, unexpectedKeys };
  }

  /** A readable tree of the model, like PyTorch's repr. */
  toString(): string {
    const kids = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (!kids.length) return `${head})`;
    const body = kids.map(([k, m]) => `  (${k}): ${m.toString().split('\n').join('\n  ')}`).join('\n');
    return `${head}\n${body}\n)`;
  }
  /** Extra description inside the parentheses of toString(). */
  extraRepr(): string { return ''; }
}

/** Throws a ShapeError naming the layer when x's rank or a dim size is wrong. */
export function expectShape(layer: string, x: Tensor, ranks: number[], dim?: { index: number; size: number; what: string }): void {
  if (!ranks.includes(x.ndim)) {
    throw new ShapeError(`${layer}: expected input of rank ${ranks.join(' or ')}, got shape ${fmt(x.shape)}`);
  }
  if (dim && x.shape.at(dim.index) !== dim.size) {
    throw new ShapeError(`${layer}: expected ${dim.size} ${dim.what} (dim ${dim.index}), got shape ${fmt(x.shape)}`);
  }
}
