import { GradError } from './errors.js';
import { backend } from '../backend/registry.js';
import type { Tensor } from './tensor.js';

/** One recorded op: its inputs and the closure that maps the output gradient to input gradients. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Returns one gradient per input (null where an input gets none). */
  backward: ((grad: Tensor) => readonly (Tensor | null)[]) | null;
}

let gradEnabled = true;
let anomalyMode = false;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording the graph (evaluation, in-place updates).
 * @example
 * const y = noGrad(() => model.forward(x)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try { return fn(); } finally { gradEnabled = prev; }
}

/** Runs `fn` with graph recording on, even inside `noGrad`. */
export function enableGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = true;
  try { return fn(); } finally { gradEnabled = prev; }
}

/**
 * Anomaly mode: every op checks its output (and every backward its gradients) for NaN/Inf and
 * throws naming the first op that produced one. Slow; for debugging.
 * @example detectAnomaly(true);
 */
export function detectAnomaly(on: boolean): void {
  anomalyMode = on;
}
export function isAnomalyEnabled(): boolean {
  return anomalyMode;
}

export class AnomalyError extends GradError {}

export function checkFinite(where: string, op: string, t: Tensor): void {
  if (t.dtype !== 'float32') return;
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== v || v === Infinity || v === -Infinity) {
      throw new AnomalyError(`anomaly: ${op} produced ${v} in its ${where} (shape [${t.shape.join(', ')}], flat index ${i}); check the inputs of '${op}' for invalid values (log of 0 or a negative number, division by 0, overflow)`);
    }
  }
}

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again. */
  retainGraph?: boolean;
}

/** Reverse-mode differentiation from `root`; see Tensor.backward. */
export function runBackward(root: Tensor, grad: Tensor, opts: BackwardOptions = {}): void {
  const order = topoSort(root);
  const grads = new Map<Tensor, Tensor>();
  grads.set(root, grad);
  // Storage already given to some .grad (or owned by the caller) in this pass: a second holder gets a copy.
  const handedOut = new Set<ArrayBufferView>([grad.data]);
  // Sums this pass allocated itself and nobody else has seen yet: later contributions are added
  // into them in place instead of allocating a new sum per contribution (fan-out in residual
  // blocks, weights shared across time steps).
  const owned = new Set<ArrayBufferView>();
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      owned.delete(g.data);
      const node = t.gradFn;
      if (t.isLeaf || t.retainsGrad) accumulate(t, g, handedOut);
      if (!node) continue;
      if (!node.backward) {
        throw new GradError(`backward: the graph through '${node.op}' was already freed by an earlier backward(); call backward({ retainGraph: true }) the first time if you need to go through it twice`);
      }
      const inGrads = node.backward(g);
      if (anomalyMode) for (const ig of inGrads) if (ig) checkFinite('gradient', node.op, ig);
      node.inputs.forEach((inp, k) => {
        const ig = inGrads[k];
        if (!ig || !inp.requiresGrad) return;
        const have = grads.get(inp);
        if (!have) { grads.set(inp, ig); return; }
        if (owned.has(have.data) && have.dtype === 'float32' && ig.dtype === 'float32' && have.data.length === ig.data.length) {
          addInto(have.data as Float32Array, ig.data as Float32Array);
          return;
        }
        const sum = have.add(ig);
        if (sum.data !== have.data && sum.data !== ig.data) owned.add(sum.data);
        grads.set(inp, sum);
      });
      if (!opts.retainGraph) node.backward = null;
    }
  } finally {
    gradEnabled = prev;
  }
}

/** acc += x through the backend's add kernel (vectorised where the backend has one), in place. */
function addInto(acc: Float32Array, x: Float32Array): void {
  const shape = [acc.length];
  backend().binary('add', acc, shape, x, shape, acc, shape);
}

function accumulate(t: Tensor, g: Tensor, handedOut: Set<ArrayBufferView>): void {
  const gg = g.dtype === t.dtype && g.shape.length === t.shape.length ? g : g.to(t.dtype);
  if (t.grad) { t.grad = t.grad.add(gg); return; }
  // Backward closures may hand the same gradient (or its storage, via reshape) to several inputs,
  // and optimizers and clipGradNorm update .grad in place: every .grad must own its storage.
  if (handedOut.has(gg.data) || gg.data === t.data) t.grad = gg.clone();
  else { handedOut.add(gg.data); t.grad = gg.detach(); }
}

/** Tensors reachable from root that require grad, in topological order (inputs first). Iterative: deep RNN graphs would overflow recursion. */
function topoSort(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, k] = top;
    const inputs = t.gradFn ? t.gradFn.inputs : [];
    if (k < inputs.length) {
      top[1]++;
      const inp = inputs[k];
      if (inp.requiresGrad && !seen.has(inp)) { seen.add(inp); stack.push([inp, 0]); }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}
