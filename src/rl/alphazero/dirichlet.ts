import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';

/**
 * One Gamma(shape, 1) draw by Marsaglia & Tsang (2000); for shape < 1 it draws Gamma(shape + 1) and
 * scales by U^(1/shape) (their section 6).
 *
 * @example
 * sampleGamma(2, new Generator(0));
 */
export function sampleGamma(shape: number, gen: Generator): number {
  if (!(shape > 0)) throw new ValueError(`sampleGamma: shape must be positive, got ${shape}`);
  if (shape < 1) return sampleGamma(shape + 1, gen) * Math.pow(gen.uniform() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = gen.normal(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = gen.uniform();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A draw from the symmetric Dirichlet(α, …, α) over `n` outcomes: normalised Gamma(α) draws. Small α
 * puts most mass on a few outcomes, which is what root noise in AlphaZero wants (Silver et al. 2018).
 *
 * @example
 * sampleDirichlet(0.3, 9, new Generator(0)); // nine non-negative numbers summing to 1
 */
export function sampleDirichlet(alpha: number, n: number, gen: Generator): Float64Array {
  const g = Float64Array.from({ length: n }, () => sampleGamma(alpha, gen));
  let s = g.reduce((a, b) => a + b, 0);
  if (s === 0) { g.fill(1); s = n; }
  return g.map((v) => v / s);
}
