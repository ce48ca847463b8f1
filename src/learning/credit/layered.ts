import { Tensor } from '../../core/tensor.js';
import { enableGrad, noGrad } from '../../core/autograd.js';
import { linear } from '../../core/ops/linear.js';
import { ValueError } from '../../core/errors.js';
import { Module } from '../../nn/module.js';
import { Linear } from '../../nn/linear.js';
import { Sequential } from '../../nn/containers.js';

type Layer = Module & { forward(x: Tensor): Tensor };

/** One Linear layer and the elementwise modules (activations) that follow it. */
export interface Block { linear: Linear; activations: Layer[] }

/** What a forward pass leaves behind for local learning rules. */
export interface ForwardRecord {
  /** h₀ = input, h_l = f_l(a_l). */
  hs: Tensor[];
  /** Pre-activations a_l = W_l h_{l-1} + b_l, one per block. */
  as: Tensor[];
  /** f_l'(a_l), one per block (all ones where a block has no activation). */
  derivs: Tensor[];
}

/**
 * Splits an nn.Sequential into Linear blocks: each Linear followed by any number of elementwise
 * modules (ReLU, Tanh, Sigmoid ...). Local learning rules need a network in this shape because they
 * route errors to each layer themselves instead of through autograd.
 * @example toBlocks(new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2)));
 */
export function toBlocks(model: Sequential): Block[] {
  const blocks: Block[] = [];
  for (const [name, m] of model.namedChildren()) {
    if (m instanceof Linear) blocks.push({ linear: m, activations: [] });
    else if (blocks.length === 0) {
      throw new ValueError(`toBlocks: the model must start with an nn.Linear, but child '${name}' is ${m.constructor.name}; flatten inputs before calling the trainer`);
    } else if (m instanceof Sequential || m.parameters().length > 0) {
      throw new ValueError(`toBlocks: child '${name}' (${m.constructor.name}) has parameters or children; local learning rules take Linear layers separated by elementwise activations`);
    } else blocks[blocks.length - 1].activations.push(m as Layer);
  }
  if (blocks.length === 0) throw new ValueError('toBlocks: the model has no nn.Linear layers');
  for (let i = 1; i < blocks.length; i++) {
    const prev = blocks[i - 1].linear, cur = blocks[i].linear;
    if (prev.outFeatures !== cur.inFeatures) throw new ValueError(`toBlocks: layer ${i - 1} outputs ${prev.outFeatures} features but layer ${i} takes ${cur.inFeatures}`);
  }
  return blocks;
}

/** Applies a block's activations (no graph). */
export function activate(block: Block, a: Tensor): Tensor {
  let h = a;
  for (const m of block.activations) h = m.forward(h);
  return h;
}

/**
 * f(a) and f'(a) for a block's elementwise activations; the derivative comes from autograd on
 * Σ f(a), which equals the elementwise derivative because each output depends on one input.
 */
export function activateWithDerivative(block: Block, a: Tensor): [Tensor, Tensor] {
  if (block.activations.length === 0) return [a, new Tensor(new Float32Array(a.data.length).fill(1), a.shape)];
  return enableGrad(() => {
    const x = a.detach();
    x.requiresGrad = true;
    const h = activate(block, x);
    h.sum().backward();
    return [h.detach(), x.grad ?? new Tensor(new Float32Array(a.data.length), a.shape)];
  });
}

/** Forward pass through the blocks recording h, a and f'(a), outside autograd. */
export function recordForward(blocks: Block[], x: Tensor): ForwardRecord {
  const hs = [x.detach()], as: Tensor[] = [], derivs: Tensor[] = [];
  for (const b of blocks) {
    const a = noGrad(() => linear(hs[hs.length - 1], b.linear.weight.detach(), b.linear.bias?.detach()));
    const [h, d] = activateWithDerivative(b, a);
    as.push(a); hs.push(h); derivs.push(d);
  }
  return { hs, as, derivs };
}

/** Writes dL/dW = δᵀ h and dL/db = Σ δ into a block's .grad (accumulating, like backward()). */
export function setBlockGradient(block: Block, delta: Tensor, input: Tensor): Tensor {
  const gw = noGrad(() => delta.T.matmul(input));
  accumulate(block.linear.weight, gw);
  if (block.linear.bias) accumulate(block.linear.bias, noGrad(() => delta.sum(0)));
  return gw;
}

function accumulate(p: Tensor, g: Tensor): void {
  if (!p.requiresGrad) return;
  if (!p.grad) { p.grad = new Tensor(Float32Array.from(g.data), p.shape); return; }
  const d = p.grad.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] += g.data[i];
}
