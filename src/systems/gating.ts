import { Tensor } from '../core/tensor.js';
import { ValueError } from '../core/errors.js';

/**
 * Indices of the k largest values in each row of a [B, E] tensor (ties to the lower index).
 * @example topKIndices(tensor([[0.1, 0.9, 0.5]]), 2); // [[1, 2]]
 */
export function topKIndices(scores: Tensor, k: number): Int32Array[] {
  const [B, E] = scores.shape;
  if (!Number.isInteger(k) || k < 1 || k > E) throw new ValueError(`topKIndices: k must be an integer in [1, ${E}], got ${k}`);
  const out: Int32Array[] = [];
  for (let b = 0; b < B; b++) {
    const row = scores.data.subarray(b * E, (b + 1) * E);
    const idx = Array.from({ length: E }, (_, i) => i).sort((i, j) => row[j] - row[i] || i - j);
    out.push(Int32Array.from(idx.slice(0, k)));
  }
  return out;
}

/**
 * Load-balancing auxiliary loss of the Switch Transformer (Fedus et al. 2021, eq. 4):
 * E · Σᵢ fᵢ Pᵢ, with fᵢ the fraction of routing assignments sent to expert i (not differentiable)
 * and Pᵢ the mean router probability for i (differentiable). It equals 1 when both are uniform
 * and grows as routing concentrates.
 * @example loadBalancingLoss(routerProbs, assignmentCounts)
 */
export function loadBalancingLoss(routerProbs: Tensor, assignments: ArrayLike<number>): Tensor {
  const E = routerProbs.shape[1];
  if (assignments.length !== E) throw new ValueError(`loadBalancingLoss: ${assignments.length} assignment counts for ${E} experts`);
  let total = 0;
  for (let i = 0; i < E; i++) total += assignments[i];
  const f = new Float32Array(E);
  for (let i = 0; i < E; i++) f[i] = total > 0 ? assignments[i] / total : 0;
  return routerProbs.mean(0).mul(new Tensor(f, [E])).sum().mul(E);
}

/**
 * Squared coefficient of variation, the importance loss of Shazeer et al. 2017 (eq. 6) when applied
 * to the per-expert sum of gate values: zero for perfectly even use.
 * @example cvSquared(tensor([1, 1, 1])).item(); // 0
 */
export function cvSquared(x: Tensor): Tensor {
  const m = x.mean();
  return x.var(undefined, { correction: 0 }).div(m.mul(m).add(1e-10));
}

export interface RouterHealth {
  /** Share of routing assignments per expert. */
  fractions: number[];
  /** Entropy of the shares divided by log(E): 1 is even use, 0 is one expert. */
  normalisedEntropy: number;
  maxFraction: number;
  /** Experts receiving under a tenth of their even share. */
  deadExperts: number[];
  collapsed: boolean;
}

/**
 * Router-collapse detection: routing has collapsed when its normalised entropy falls below
 * `minEntropy` or one expert takes more than `maxShare` of all assignments.
 * @example routerHealth([100, 0, 0, 0]).collapsed; // true
 */
export function routerHealth(counts: ArrayLike<number>, opts: { minEntropy?: number; maxShare?: number } = {}): RouterHealth {
  const E = counts.length;
  let total = 0;
  for (let i = 0; i < E; i++) total += counts[i];
  const fractions = Array.from({ length: E }, (_, i) => (total > 0 ? counts[i] / total : 0));
  let h = 0;
  for (const f of fractions) if (f > 0) h -= f * Math.log(f);
  const normalisedEntropy = E > 1 ? h / Math.log(E) : 1;
  const maxFraction = Math.max(...fractions);
  const deadExperts = fractions.flatMap((f, i) => (f < 0.1 / E ? [i] : []));
  const collapsed = normalisedEntropy < (opts.minEntropy ?? 0.5) || maxFraction > (opts.maxShare ?? 0.8);
  return { fractions, normalisedEntropy, maxFraction, deadExperts, collapsed };
}
