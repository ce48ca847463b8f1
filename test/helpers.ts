import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getBackend, listBackends, setBackend } from '../src/backend/registry.js';
import { Tensor } from '../src/core/tensor.js';
import { gradcheck } from '../src/core/gradcheck.js';
import { defaultGenerator } from '../src/core/random.js';

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

export interface CheckOpOptions {
  /** Expected forward values (flat), checked on every backend. */
  expected?: ArrayLike<number>;
  /** Expected output shape, checked on every backend. */
  shape?: readonly number[];
  /** Expected output dtype. */
  dtype?: string;
  /** Compare gradients with finite differences (default true when the output requires grad). */
  gradcheck?: boolean;
  atol?: number; rtol?: number;
  fdAtol?: number; fdRtol?: number; fdEps?: number;
}

/**
 * The one op-checking helper. `inputs` may draw from the global generator: its state is captured
 * once and restored before every call, so every backend sees the same values. On every backend it
 * runs `fn` forward and backward (with a non-uniform output weighting) and checks
 * (1) shape, dtype and values against the `js` reference backend and the optional expectations,
 * (2) input gradients against the reference, (3) gradients against central finite differences.
 *
 * @example
 * checkOp('tanh', (x) => x.tanh(), () => [randn([3, 4], { requiresGrad: true })]);
 */
export function checkOp(name: string, fn: (...xs: Tensor[]) => Tensor, inputs: () => Tensor[], opts: CheckOpOptions = {}): void {
  const seed = defaultGenerator.getState();
  const make = () => { defaultGenerator.setState(seed); return inputs(); };
  const run = () => {
    const xs = make();
    const out = fn(...xs);
    const grads: (Float32Array | null)[] = [];
    if (out.requiresGrad) {
      const w = new Float32Array(out.data.length).map((_, i) => 1 + ((i * 7) % 5) / 10);
      out.mul(new Tensor(w, out.shape)).sum().backward();
      for (const x of xs) grads.push(x.grad ? Float32Array.from(x.grad.data) : null);
    }
    return { out, grads, xs };
  };
  const tol = { atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-4 };
  const prev = getBackend();
  let ref: ReturnType<typeof run>;
  try { setBackend('js'); ref = run(); } finally { setBackend(prev); }
  forEachBackend((b) => {
    const got = b === 'js' ? ref : run();
    const where = `${name} on ${b}`;
    if (opts.shape) assert.deepEqual([...got.out.shape], [...opts.shape], `${where}: shape`);
    if (opts.dtype) assert.equal(got.out.dtype, opts.dtype, `${where}: dtype`);
    if (opts.expected) assertClose(got.out.data, opts.expected, { atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-5 }, `${where} forward`);
    if (b !== 'js') {
      assert.deepEqual([...got.out.shape], [...ref.out.shape], `${where}: shape vs js`);
      assert.equal(got.out.dtype, ref.out.dtype, `${where}: dtype vs js`);
      assertClose(got.out.data, ref.out.data, tol, `${where} forward vs js`);
      assert.equal(got.grads.length, ref.grads.length, `${where}: requiresGrad of the output differs from js`);
      got.grads.forEach((g, i) => {
        const r = ref.grads[i];
        if (g && r) assertClose(g, r, tol, `${where} grad ${i} vs js`);
        else assert.equal(!!g, !!r, `${where}: grad ${i} presence`);
      });
    }
    if (opts.gradcheck !== false && got.out.requiresGrad) {
      gradcheck(fn, make(), { atol: opts.fdAtol ?? 2e-3, rtol: opts.fdRtol ?? 2e-2, eps: opts.fdEps });
    }
  });
}

/**
 * Asserts that `fn` throws an error of class `type` whose message matches every pattern
 * (strings must appear verbatim). Returns the error for further checks.
 */
export function expectError(fn: () => unknown, type: new (...args: never[]) => Error, ...patterns: (string | RegExp)[]): Error {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  assert.ok(caught !== undefined, `expected ${type.name}, but nothing was thrown`);
  assert.ok(caught instanceof type, `expected ${type.name}, got ${(caught as Error)?.constructor?.name}: ${(caught as Error)?.message}`);
  const msg = (caught as Error).message;
  for (const p of patterns) {
    if (typeof p === 'string') assert.ok(msg.includes(p), `message ${JSON.stringify(msg)} should contain ${JSON.stringify(p)}`);
    else assert.match(msg, p);
  }
  return caught as Error;
}

/** A float32 leaf that requires grad, values uniform in [lo, hi) from the global generator. */
export function leaf(shape: readonly number[], lo = -2, hi = 2): Tensor {
  const d = new Float32Array(shape.reduce((a, s) => a * s, 1));
  for (let i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * defaultGenerator.uniform();
  return new Tensor(d, shape, true);
}

/** Like `leaf` but |x| lies in [min, max) with a random sign: keeps finite differences off kinks at 0. */
export function signedLeaf(shape: readonly number[], min = 0.2, max = 2): Tensor {
  const t = leaf(shape, min, max);
  for (let i = 0; i < t.data.length; i++) if (defaultGenerator.uniform() < 0.5) t.data[i] = -t.data[i];
  return t;
}

/** A tensor as the PyTorch fixture scripts write it: flat row-major data with its shape and dtype. */
export interface FixtureTensor { shape: number[]; dtype: 'float32' | 'int32' | 'uint8'; data: number[] }

/** Rebuilds a fixture tensor (optionally as a leaf that requires grad). */
export function fromFixture(e: FixtureTensor, requiresGrad = false): Tensor {
  const data = e.dtype === 'int32' ? Int32Array.from(e.data) : e.dtype === 'uint8' ? Uint8Array.from(e.data) : Float32Array.from(e.data);
  return new Tensor(data, e.shape, requiresGrad);
}

/** Reads a JSON fixture from test/fixtures/ (paths work from the compiled dist/test tree). */
export function loadFixture<T>(relPath: string): T {
  const url = new URL(`../../test/fixtures/${relPath}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
