import { Tensor } from '../core/tensor.js';
import { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';

/** A labelled 2-D (or n-D) toy set: x [N, d] float32, y [N] int32. */
export interface ToySet { x: Tensor; y: Tensor }

function check(name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`${name}: n must be a positive integer, got ${n}`);
}

/** The four XOR corners (or n noisy samples around them). @example xor().y.toArray(); // [0, 1, 1, 0] */
export function xor(n = 4, noise = 0, seed = 0): ToySet {
  check('xor', n);
  const g = new Generator(seed);
  const x = new Float32Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = i % 4 >> 1, b = i % 2;
    x[2 * i] = a + noise * g.normal(); x[2 * i + 1] = b + noise * g.normal();
    y[i] = a ^ b;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n]) };
}

/** Two interleaved spirals (Lang & Witbrock 1988), n points per class. */
export function spirals(n = 100, noise = 0.1, seed = 0, turns = 1.5): ToySet {
  check('spirals', n);
  const g = new Generator(seed);
  const x = new Float32Array(4 * n), y = new Int32Array(2 * n);
  for (let c = 0; c < 2; c++) for (let i = 0; i < n; i++) {
    const r = (i / n) * 5 + 0.5, t = (i / n) * turns * 2 * Math.PI + c * Math.PI;
    const k = c * n + i;
    x[2 * k] = r * Math.cos(t) + noise * g.normal();
    x[2 * k + 1] = r * Math.sin(t) + noise * g.normal();
    y[k] = c;
  }
  return { x: new Tensor(x, [2 * n, 2]), y: new Tensor(y, [2 * n]) };
}

/** Two interleaving half circles (scikit-learn's make_moons). */
export function moons(n = 200, noise = 0.1, seed = 0): ToySet {
  check('moons', n);
  const g = new Generator(seed);
  const x = new Float32Array(2 * n), y = new Int32Array(n);
  const nOut = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const outer = i < nOut;
    const t = Math.PI * (outer ? i / Math.max(1, nOut - 1) : (i - nOut) / Math.max(1, n - nOut - 1));
    x[2 * i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + noise * g.normal();
    x[2 * i + 1] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * g.normal();
    y[i] = outer ? 0 : 1;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n]) };
}

/** A small circle inside a large one (scikit-learn's make_circles). */
export function circles(n = 200, noise = 0.05, factor = 0.5, seed = 0): ToySet {
  check('circles', n);
  if (!(factor > 0 && factor < 1)) throw new ValueError(`circles: factor must be in (0, 1), got ${factor}`);
  const g = new Generator(seed);
  const x = new Float32Array(2 * n), y = new Int32Array(n);
  const nOut = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const inner = i >= nOut;
    const t = 2 * Math.PI * (inner ? (i - nOut) / (n - nOut) : i / nOut);
    const r = inner ? factor : 1;
    x[2 * i] = r * Math.cos(t) + noise * g.normal();
    x[2 * i + 1] = r * Math.sin(t) + noise * g.normal();
    y[i] = inner ? 1 : 0;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n]) };
}

/**
 * The classic first example's data: X ~ N(0, 1) of shape [n, 3] from the global generator and
 * y = (2·x0 + x1 − x2 > 0) as float [n, 1].
 */
export function linearBoundary(X: Tensor): Tensor {
  const n = X.shape[0];
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * X.data[3 * i] + X.data[3 * i + 1] - X.data[3 * i + 2] > 0 ? 1 : 0;
  return new Tensor(y, [n, 1]);
}
