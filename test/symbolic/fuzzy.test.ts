import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, rand, Generator, gradcheck, ValueError, ShapeError } from '../../src/core/index.js';
import * as sym from '../../src/symbolic/index.js';
import { assertClose, expectError } from '../helpers.js';

const logics = [sym.product, sym.lukasiewicz, sym.godel];
const grid = tensor([0, 0.1, 0.3, 0.5, 0.7, 0.9, 1]);

test('every t-norm has 1 as identity and 0 as annihilator, and is commutative', () => {
  const g = new Generator(1);
  const a = rand([50], { generator: g }), b = rand([50], { generator: g });
  for (const L of logics) {
    assertClose(L.and(grid, 1), grid, {}, `${L.name} T(a,1)`);
    assertClose(L.and(grid, 0), new Float32Array(7), {}, `${L.name} T(a,0)`);
    assertClose(L.and(a, b), L.and(b, a), {}, `${L.name} commutative`);
    assertClose(L.or(grid, 0), grid, {}, `${L.name} S(a,0)`);
  }
});

test('t-conorms are the De Morgan duals of the t-norms', () => {
  const g = new Generator(2);
  const a = rand([40], { generator: g }), b = rand([40], { generator: g });
  for (const L of logics) assertClose(L.or(a, b), L.not(L.and(L.not(a), L.not(b))), { atol: 1e-6 }, L.name);
});

test('implications agree with classical logic on crisp values', () => {
  const A = tensor([0, 0, 1, 1]), B = tensor([0, 1, 0, 1]);
  for (const L of logics) assert.deepEqual(Array.from(L.implies(A, B).data), [1, 1, 0, 1], L.name);
  // Łukasiewicz implication is the residuum of its t-norm: a → b = 1 exactly when a ≤ b.
  assert.equal(sym.lukasiewicz.implies(0.3, 0.6).item(), 1);
  assertClose(sym.lukasiewicz.implies(0.6, 0.3).item(), 0.7, { atol: 1e-6 });
  assertClose(sym.product.implies(0.6, 0.3).item(), 1 - 0.6 + 0.18, { atol: 1e-6 });
});

test('p-mean quantifiers: p = 1 is the mean, large p approaches min (∀) and max (∃)', () => {
  const a = tensor([0.2, 0.9, 0.6, 0.8]);
  assertClose(sym.exists(a, { p: 1, eps: 0 }).item(), 0.625, { atol: 1e-6 });
  assertClose(sym.forall(a, { p: 1, eps: 0 }).item(), 0.625, { atol: 1e-6 });
  assert.ok(Math.abs(sym.forall(a, { p: 60, eps: 0 }).item() - 0.2) < 0.03);
  assert.ok(Math.abs(sym.exists(a, { p: 60, eps: 0 }).item() - 0.9) < 0.03);
  assert.ok(sym.forall(a, { p: 2 }).item() < sym.forall(a, { p: 1 }).item(), '∀ grows stricter with p');
  assertClose(sym.forall(tensor([1, 1, 1]), { eps: 0 }).item(), 1);
  assert.throws(() => sym.forall(a, { p: 0.5 }), ValueError);
});

test('quantifiers reduce over a chosen dim', () => {
  const a = tensor([[1, 1], [0, 1]]);
  assertClose(sym.forall(a, { dim: 1, p: 1, eps: 0 }), tensor([1, 0.5]));
  assertClose(sym.exists(a, { dim: 0, p: 1, eps: 0 }), tensor([0.5, 1]));
});

test('formulas are differentiable: gradients match finite differences', () => {
  const inputs = () => [rand([6], { generator: new Generator(5), requiresGrad: true }).mul(0.8).add(0.1).detach(), rand([6], { generator: new Generator(6) }).mul(0.8).add(0.1).detach()].map((x) => { x.requiresGrad = true; return x; });
  gradcheck((a, b) => sym.forall(sym.product.implies(a, b), { p: 2 }), inputs());
  gradcheck((a, b) => sym.exists(sym.lukasiewicz.and(a.add(0.5).clamp(0, 1), b), { p: 3 }), inputs());
});

test('stable projections keep ∀ gradients finite when a truth is exactly 1', () => {
  const a = tensor([1, 1, 0.5], { requiresGrad: true });
  sym.forall(a, { p: 2 }).backward();
  assert.ok(Array.from(a.grad!.data).every(Number.isFinite));
});

test('a mask restricts a quantifier to the guarded elements (LTN guarded quantification)', () => {
  const a = tensor([[0.2, 0.9, 0.6], [0.5, 0.1, 0.3]]), mask = tensor([[1, 0, 1], [0, 1, 0]]);
  assertClose(sym.exists(a, { dim: 1, p: 2, mask, eps: 0 }), tensor([Math.sqrt((0.04 + 0.36) / 2), 0.1]), { atol: 1e-6 });
  assertClose(sym.forall(a, { dim: 1, p: 1, mask, eps: 0 }), tensor([0.4, 0.1]), { atol: 1e-6 });
  // The same as quantifying over the kept elements alone.
  assertClose(sym.forall(a, { p: 3, mask: tensor([[1, 1, 0], [0, 0, 0]]) }), sym.forall(tensor([0.2, 0.9]), { p: 3 }), { atol: 1e-6 });
  expectError(() => sym.exists(a, { dim: 1, mask: tensor([[1, 0, 1], [0, 0, 0]]) }), ValueError, 'slice 1', 'no element');
  expectError(() => sym.exists(a, { mask: tensor([1, 0, 1]) }), ShapeError, '[2, 3]', '[3]');
});

test('∃ with p = 1 shares its gradient evenly; larger p gives it to the strongest candidate', () => {
  const grads = (p: number) => {
    const a = tensor([0.1, 0.2, 0.4], { requiresGrad: true });
    sym.exists(a, { p, eps: 0 }).backward();
    return Array.from(a.grad!.data);
  };
  assertClose(grads(1), [1 / 3, 1 / 3, 1 / 3], { atol: 1e-6 });
  const g6 = grads(6);
  // d/da_i of the p-mean is proportional to a_i^(p-1): the ratio between candidates is (0.4/0.1)^5.
  assertClose(g6[2] / g6[0], 4 ** 5, { rtol: 1e-4 });
});
