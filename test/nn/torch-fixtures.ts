// Loads the PyTorch reference files written by scripts/fixtures/make_torch_fixtures_arch.py and
// compares a layer's forward values and gradients with them.
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { readSafetensorsFile } from '../../src/io/index.js';
import type { Module } from '../../src/nn/module.js';
import { forEachBackend } from '../helpers.js';

export interface TorchCase {
  config: Record<string, unknown>;
  /** The layer's PyTorch state dict (keys without the 'w.' prefix). */
  weights: Record<string, Tensor>;
  all: Record<string, Tensor>;
  get(key: string): Tensor;
}

const cache = new Map<string, TorchCase>();

export function torchCase(name: string): TorchCase {
  let c = cache.get(name);
  if (c) return c;
  const file = readSafetensorsFile(new URL(`../../../test/fixtures/torch/${name}.safetensors`, import.meta.url).pathname);
  const all = file.tensors;
  const weights: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(all)) if (k.startsWith('w.')) weights[k.slice(2)] = t;
  c = {
    config: JSON.parse(file.metadata?.config ?? '{}') as Record<string, unknown>,
    weights, all,
    get(key: string) {
      const t = all[key];
      assert.ok(t, `fixture ${name}: no tensor '${key}' (has ${Object.keys(all).join(', ')})`);
      return t;
    },
  };
  cache.set(name, c);
  return c;
}

/** A fresh copy (optionally a leaf requiring grad) so tests never mutate the cached fixture. */
export function fresh(t: Tensor, requiresGrad = false): Tensor {
  const d = t.data.slice();
  return new Tensor(d, t.shape, requiresGrad && t.dtype === 'float32');
}

/** |a − e| ≤ rtol·|e| + atol·max(1, max|e|): relative agreement, with an absolute floor scaled to the tensor. */
export function assertTorchClose(actual: Tensor, expected: Tensor, what: string, rtol = 1e-4, atol = 2e-5): void {
  assert.deepEqual([...actual.shape], [...expected.shape], `${what}: shape`);
  let scale = 1;
  for (const v of expected.data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i], e = expected.data[i];
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`); continue; }
    assert.ok(Math.abs(a - e) <= rtol * Math.abs(e) + atol * scale, `${what}[${i}]: got ${a}, PyTorch ${e}`);
  }
}

/**
 * On every backend: loads the PyTorch weights into `make()` (strict: the key names must match
 * PyTorch's), feeds the fixture inputs, and checks every output named in `run`'s result, the input
 * gradients and the weight gradients of d(Σ r·out)/d·.
 */
export function checkAgainstTorch(name: string, make: () => Module, inputNames: string[],
  run: (m: Module, inputs: Record<string, Tensor>) => Record<string, Tensor | null>, opts: { rtol?: number; atol?: number } = {}): void {
  const c = torchCase(name);
  forEachBackend((backend) => {
    const m = make();
    m.loadStateDict(c.weights);
    const inputs: Record<string, Tensor> = {};
    for (const k of inputNames) inputs[k] = fresh(c.get(`in.${k}`), true);
    const outs = run(m, inputs);
    let loss: Tensor | null = null;
    for (const [k, t] of Object.entries(outs)) {
      if (!t) continue;
      assertTorchClose(t, c.get(`out.${k}`), `${name} on ${backend}: output ${k}`, opts.rtol, opts.atol);
      const r = c.all[`in.r.${k}`];
      if (r && t.requiresGrad) { const term = t.mul(r).sum(); loss = loss ? loss.add(term) : term; }
    }
    assert.ok(loss, `${name}: no differentiable output to compare gradients`);
    loss.backward();
    let checked = 0;
    for (const k of inputNames) {
      const g = c.all[`grad.${k}`];
      if (!g) continue;
      assert.ok(inputs[k].grad, `${name} on ${backend}: input ${k} got no gradient`);
      assertTorchClose(inputs[k].grad!, g, `${name} on ${backend}: grad of input ${k}`, opts.rtol, opts.atol);
      checked++;
    }
    for (const [k, p] of m.namedParameters()) {
      const g = c.all[`grad.w.${k}`];
      assert.ok(g, `${name}: PyTorch has no gradient for parameter ${k}`);
      assert.ok(p.grad, `${name} on ${backend}: parameter ${k} got no gradient`);
      assertTorchClose(p.grad!, g, `${name} on ${backend}: grad of ${k}`, opts.rtol, opts.atol);
      checked++;
    }
    assert.ok(checked > 0, `${name}: no gradients compared`);
  });
}
