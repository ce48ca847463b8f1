import assert from 'node:assert/strict';
import { getBackend, listBackends, setBackend } from '../src/backend/registry.js';
import { Tensor } from '../src/core/tensor.js';
import { gradcheck } from '../src/core/gradcheck.js';
import { noGrad } from '../src/core/autograd.js';

/** Runs `fn` once per registered backend, restoring the previous backend afterwards. */
export function forEachBackend(fn: (name: string) => void): void {
  const prev = getBackend();
  try {
    for (const name of listBackends()) { setBackend(name); fn(name); }
  } finally { setBackend(prev); }
}

/** Asserts two arrays (or tensors) agree elementwise within atol + rtol·|expected|. */
export function assertClose(actual: Tensor | ArrayLike<number> | number, expected: Tensor | ArrayLike<number> | number, tol: { atol?: number; rtol?: number } = {}, what = 'value'): void {
  const atol = tol.atol ?? 1e-5, rtol = tol.rtol ?? 1e-5;
  const a = typeof actual === 'number' ? [actual] : actual instanceof Tensor ? actual.data : actual;
  const e = typeof expected === 'number' ? [expected] : expected instanceof Tensor ? expected.data : expected;
  if (actual instanceof Tensor && expected instanceof Tensor) assert.deepEqual([...actual.shape], [...expected.shape], `${what}: shape`);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = e[i];
    if (Number.isNaN(y)) { assert.ok(Number.isNaN(x), `${what}[${i}]: expected NaN, got ${x}`); continue; }
    if (x === y) continue;
    assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${what}[${i}]: got ${x}, expected ${y} (atol ${atol}, rtol ${rtol})`);
  }
}

/**
 * The one op-checking helper: on every backend, runs `fn` forward and backward and checks
 * (1) values and input gradients against the `js` reference backend, (2) gradients against
 * finite differences, (3) optional expected values.
 */
export function checkOp(name: string, fn: (...xs: Tensor[]) => Tensor, inputs: () => Tensor[],
  opts: { expected?: ArrayLike<number>; gradcheck?: boolean; atol?: number; rtol?: number; fdAtol?: number; fdRtol?: number } = {}): void {
  const run = () => {
    const xs = inputs();
    const out = fn(...xs);
    const grads: (Float32Array | null)[] = [];
    if (out.requiresGrad) {
      const w = new Float32Array(out.data.length).map((_, i) => 1 + ((i * 7) % 5) / 10);
      out.mul(new Tensor(w, out.shape)).sum().backward();
      for (const x of xs) grads.push(x.grad ? Float32Array.from(x.grad.data) : null);
    }
    return { out, grads, xs };
  };
  const prev = getBackend();
  setBackend('js');
  const ref = run();
  setBackend(prev);
  if (opts.expected) assertClose(ref.out.data, opts.expected, { atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-5 }, `${name} forward`);
  if (opts.gradcheck !== false && ref.out.requiresGrad) {
    const xs = inputs();
    gradcheck(fn, xs, { atol: opts.fdAtol ?? 2e-3, rtol: opts.fdRtol ?? 2e-2 });
  }
  forEachBackend((b) => {
    if (b === 'js') return;
    const got = run();
    assert.deepEqual([...got.out.shape], [...ref.out.shape], `${name} on ${b}: shape`);
    assertClose(got.out.data, ref.out.data, { atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-4 }, `${name} on ${b} forward`);
    got.grads.forEach((g, i) => {
      const r = ref.grads[i];
      if (g && r) assertClose(g, r, { atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-4 }, `${name} on ${b} grad ${i}`);
      else assert.equal(!!g, !!r, `${name} on ${b}: grad ${i} presence`);
    });
  });
  void noGrad;
}
