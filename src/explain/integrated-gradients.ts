import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { ValueError } from '../core/errors.js';
import { checkBaseline, inputGradient, score, targetIndex, targetScores, type Scorer, type Target } from './model.js';

export type IntegrationRule = 'riemann-left' | 'riemann-right' | 'riemann-middle' | 'riemann-trapezoid' | 'gauss-legendre';

/**
 * Nodes and weights on [0, 1] for `n` steps of a quadrature rule. Gauss–Legendre nodes are the
 * roots of Pₙ found by Newton's method from Chebyshev guesses (exact for polynomials of degree 2n − 1).
 * @example quadrature('riemann-middle', 2); // { alphas: [0.25, 0.75], weights: [0.5, 0.5] }
 */
export function quadrature(rule: IntegrationRule, n: number): { alphas: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`quadrature: steps must be a positive integer, got ${n}`);
  switch (rule) {
    case 'riemann-left': return { alphas: Array.from({ length: n }, (_, i) => i / n), weights: new Array(n).fill(1 / n) };
    case 'riemann-right': return { alphas: Array.from({ length: n }, (_, i) => (i + 1) / n), weights: new Array(n).fill(1 / n) };
    case 'riemann-middle': return { alphas: Array.from({ length: n }, (_, i) => (i + 0.5) / n), weights: new Array(n).fill(1 / n) };
    case 'riemann-trapezoid': {
      if (n < 2) throw new ValueError('quadrature: the trapezoid rule needs at least 2 steps');
      return { alphas: Array.from({ length: n }, (_, i) => i / (n - 1)), weights: Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? 0.5 : 1) / (n - 1)) };
    }
    case 'gauss-legendre': {
      const alphas: number[] = [], weights: number[] = [];
      for (let i = 0; i < n; i++) {
        let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)), dp = 0;
        for (let it = 0; it < 100; it++) {
          let p0 = 1, p1 = z;
          for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
          const pn = n === 1 ? z : p1, pn1 = n === 1 ? 1 : p0;
          dp = (n * (z * pn - pn1)) / (z * z - 1);
          const dz = pn / dp;
          z -= dz;
          if (Math.abs(dz) < 1e-15) break;
        }
        // Map [−1, 1] to [0, 1].
        alphas.push((1 - z) / 2);
        weights.push(1 / ((1 - z * z) * dp * dp));
      }
      return { alphas, weights };
    }
    default: throw new ValueError(`quadrature: unknown rule '${rule as string}'; use riemann-left/right/middle/trapezoid or gauss-legendre`);
  }
}

export interface IntegratedGradientsResult {
  attributions: Tensor;
  /** Per example: Σ attributions − (F(x) − F(baseline)), the completeness gap. */
  delta: number[];
  /** |delta| / |F(x) − F(baseline)|. */
  relativeDelta: number[];
  /** F(x) − F(baseline) per example. */
  scoreDifference: number[];
}

/**
 * Integrated Gradients (Sundararajan et al. 2017, eq. 1): (x − x')·∫₀¹ ∂F(x' + α(x − x'))/∂x dα,
 * approximated by a Riemann or Gauss–Legendre rule. Completeness (their Prop. 1) says the
 * attributions sum to F(x) − F(x'); the returned delta measures how far the approximation is from it.
 * @example
 * const { attributions, relativeDelta } = integratedGradients(model, x, 7, { steps: 50 });
 */
export function integratedGradients(model: Scorer, x: Tensor, target: Target,
  opts: { baseline?: Tensor | number; steps?: number; rule?: IntegrationRule } = {}): IntegratedGradientsResult {
  const base = checkBaseline('integratedGradients', x, opts.baseline);
  const { alphas, weights } = quadrature(opts.rule ?? 'gauss-legendre', opts.steps ?? 50);
  const diff = x.detach().sub(base);
  const total = new Float64Array(x.data.length);
  alphas.forEach((a, k) => {
    const point = base.add(diff.mul(a));
    const { grad } = inputGradient('integratedGradients', model, point, target);
    for (let i = 0; i < total.length; i++) total[i] += weights[k] * grad.data[i];
  });
  const attr = new Float32Array(x.data.length);
  for (let i = 0; i < attr.length; i++) attr[i] = total[i] * diff.data[i];
  const B = x.shape[0], per = attr.length / B;
  const [fx, fb] = noGrad(() => {
    const ox = score(model, x.detach()), ob = score(model, base);
    const idx = targetIndex('integratedGradients', target, B, ox.shape[1]);
    return [targetScores(ox, idx).data, targetScores(ob, idx).data];
  });
  const delta: number[] = [], rel: number[] = [], sd: number[] = [];
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < per; i++) s += attr[b * per + i];
    const d = fx[b] - fb[b];
    sd.push(d); delta.push(s - d); rel.push(Math.abs(s - d) / Math.max(Math.abs(d), 1e-12));
  }
  return { attributions: new Tensor(attr, x.shape), delta, relativeDelta: rel, scoreDifference: sd };
}
